"""The media library's demo content: pictures in the library, two of them in one article."""

import pytest

from media_library import demo
from media_library.models import ImageUsage, LibraryImage

from ..conftest import make_article
from ..newsroom_helpers import reload

pytestmark = pytest.mark.django_db


def test_demo_pictures_go_into_the_rooftop_article_once():
    article = make_article(demo.ARTICLE_TITLE, body="<p>Intro.</p><h2>Un</h2><p>a</p><h2>Deux</h2><p>b</p>")
    demo.create_demo_content()
    demo.create_demo_content()  # idempotent
    assert LibraryImage.objects.count() == len(demo.PICTURES)
    article = reload(article)
    assert article.body.count("<figure data-image-id=") == 2
    assert article.body_html.count('class="body-figure') == 2
    assert "Photo Léa Martin" in article.body_html and "body-figure--wide" in article.body_html
    assert ImageUsage.objects.filter(object_id=article.pk).count() == 2


def test_demo_without_the_article_still_fills_the_library():
    demo.create_demo_content()
    assert LibraryImage.objects.count() == len(demo.PICTURES)
