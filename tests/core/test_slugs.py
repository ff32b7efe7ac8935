import pytest

from core.slugs import slugify

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title, slug", [
    ("Été à Paris : l'IA revient", "ete-a-paris-lia-revient"),
    ("Été à Paris : l’IA revient", "ete-a-paris-lia-revient"),
    ("Œuvres complètes & cœur battant !", "oeuvres-completes-coeur-battant"),
    ("  Ça   déménage — vraiment ?  ", "ca-demenage-vraiment"),
])
def test_french_titles_become_readable_ascii_slugs(title, slug):
    assert slugify(title) == slug


def test_article_slug_is_derived_from_title_and_unique():
    first = make_article("Été à Paris : l'IA revient")
    second = make_article("Été à Paris : l’IA revient !")
    assert first.slug == "ete-a-paris-lia-revient"
    assert second.slug == "ete-a-paris-lia-revient-2"
    assert first.get_absolute_url() == "/articles/ete-a-paris-lia-revient/"


def test_slug_is_kept_when_title_changes():
    article = make_article("Premier titre")
    article.title = "Un tout autre titre"
    article.save()
    assert article.slug == "premier-titre"


def test_section_author_and_tag_slugs():
    assert make_section("Société & Idées").slug == "societe-idees"
    assert make_author("Zoé Lefèvre").slug == "zoe-lefevre"
    article = make_article(tags=["Écologie urbaine"])
    assert article.tags.get().slug == "ecologie-urbaine"


def test_title_made_only_of_punctuation_still_gets_a_slug():
    assert make_article("?!…").slug == "sans-titre"
