import pytest

from ..conftest import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_goes_from_home_to_an_article_and_its_section(page):
    section = make_section("Sciences")
    make_article("Les abeilles comptent jusqu'à quatre", section=section,
                 body="<h2>Une découverte</h2><ul><li>Un</li></ul>")

    page.goto("/")
    page.get_by_role("link", name="Les abeilles comptent jusqu’à quatre").first.click()  # French apostrophe
    page.wait_for_url("**/articles/les-abeilles-comptent-jusqua-quatre/")
    assert page.get_by_role("heading", level=1).inner_text() == "Les abeilles comptent jusqu’à quatre"
    assert page.get_by_role("heading", name="Une découverte").is_visible()

    page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Sciences").click()
    page.wait_for_url("**/rubrique/sciences/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sciences"
