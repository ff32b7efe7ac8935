"""A plain visit of an article is the shared page and nothing more: no cookie, no request for
the reader's own state or for a comment token (what comes after a vote or a comment is in
test_rating.py and test_comments.py)."""

import pytest

from ..comments_support import add_comment
from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_plain_first_visit_sets_no_cookie_and_asks_nothing_of_its_own(page, watch):
    article = make_article("Lu sans rien toucher")
    add_comment(article)
    seen = watch(page)

    response = page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 5000)  # scrolling down to the stars and the comments changes nothing
    page.locator("[data-comment-form]").hover()
    page.wait_for_timeout(300)

    assert response.status == 200
    assert "set-cookie" not in response.headers
    assert page.context.cookies() == []
    assert page.evaluate("window.localStorage.length") == 0
    assert seen.to("/lecteur/") == []
    assert seen.to("/avis/jeton/") == []
    assert {request.method for request in seen.requests} == {"GET"}
    # What the page asked for: itself and its own files, nothing dynamic.
    assert [request.url for request in seen.requests if request.resource_type in ("fetch", "xhr")] == []
    assert page.locator("input[name=jeton]").input_value() == ""
    assert seen.violations == []
    assert seen.errors == []


def test_a_browser_refusing_storage_still_votes_and_comments(page, watch, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article()
    seen = watch(page)
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('Storage is disabled', 'SecurityError'); } });""")
    page.goto(article.get_absolute_url())
    page.locator(".rating__star").nth(3).click()
    page.locator("[data-rating-status]").get_by_text("4 étoiles sur 5").wait_for()
    form = page.locator("[data-comment-form]")
    form.get_by_label("Votre nom").fill("Camille")
    form.get_by_label("Votre e-mail").fill("camille@example.org")
    form.get_by_label("Votre avis").fill("Sans stockage local, tout marche.")
    form.get_by_role("button", name="Publier mon avis").click()
    form.locator("[data-comment-status]").get_by_text("en attente de modération").wait_for()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert seen.to("/lecteur/") == []  # nothing remembered, nothing asked
    assert seen.violations == []
    assert seen.errors == []
