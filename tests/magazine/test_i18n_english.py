"""Under /en/ readers get the English interface (locale/en), not the French msgids."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from comments.models import Comment

from ..conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """An /en/ request leaves English active in this thread: give the next test French back."""
    yield
    translation.activate("fr")


def test_home_in_english(client):
    make_article("Les toits deviennent des potagers")
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Top stories" in html and "Skip to content" in html
    assert "À la une" not in html and "Aller au contenu" not in html


def test_article_page_in_english(client):
    article = make_article("Les toits deviennent des potagers")
    Comment.objects.create(article=article, status=Comment.Status.APPROVED, name="Lou",
                           email="lou@example.org", body="Très bon article.",
                           created_at=datetime(2026, 11, 28, 9, 5, tzinfo=ZoneInfo("Europe/Paris")))
    with translation.override("en"):
        url = article.get_absolute_url()
    assert url.startswith("/en/")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    # Rating widget, comment form and comment list speak English...
    assert "Did you enjoy this article?" in html and "Submit my rating" in html
    assert "Post your comment" in html and "Post my comment" in html
    assert "1 comment" in html and "28 November 2026 at 09:05" in html
    # ...and none of their French msgids is left.
    for french in ["Ça vous a plu", "Envoyer ma note", "Publiez votre avis", "Publier mon avis",
                   "28 novembre 2026"]:
        assert french not in html
