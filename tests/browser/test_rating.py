"""A reader rates an article in a real browser, with JavaScript on and off.

The article page is the same for every reader: a voter's own vote comes back either in the
script's JSON answer, on the private page a form without JavaScript leads to, or on later
visits from one request to /lecteur/ (static/js/reader.js)."""

import json
import re

import pytest
from playwright.sync_api import expect

from ratings.models import Rating, RatingSummary

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)

FLAG = "magazine:lecteur"


def star(page, stars):
    return page.locator(".rating__star").nth(stars - 1)


def flag(page):
    return page.evaluate(f"window.localStorage.getItem('{FLAG}')")


def test_with_javascript_a_click_on_a_star_votes_in_place(new_page, watch):
    article = make_article("Les abeilles comptent jusqu'à quatre")
    page = new_page()
    seen = watch(page)
    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", name="Ça vous a plu ?").is_visible()
    assert page.get_by_text("Aucune note pour l'instant").is_visible()
    assert not page.get_by_role("button", name="Envoyer ma note").is_visible()  # JS sends by itself
    page.evaluate("window.sameDocument = true")

    with page.expect_request(lambda request: request.method == "POST") as sent:
        star(page, 4).click()

    # The vote leaves as JSON (what no cross-site HTML form can send), no token in it.
    vote = sent.value
    assert vote.url.endswith(f"/articles/{article.slug}/noter/")
    assert vote.headers["content-type"] == "application/json"
    assert vote.headers["accept"] == "application/json"
    assert json.loads(vote.post_data) == {"score": 4}
    status = page.locator("[data-rating-status]")
    expect(status).to_have_text(re.compile(r"Merci\s!\sVotre note\s:\s4 étoiles sur 5\."))
    assert page.locator(".rating__average").inner_text().endswith("4,0/5 (1 vote)")
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert page.get_by_role("radio", name="4 étoiles sur 5").is_checked()
    assert Rating.objects.get().score == 4
    assert flag(page) == "1"  # this browser's reader has acted: later visits ask for their state
    assert [cookie["httpOnly"] for cookie in page.context.cookies()] == [True]  # their reader id

    # Changing one's mind replaces the vote.
    star(page, 2).click()
    expect(status).to_contain_text(re.compile(r"Votre note est modifiée\s:\s2 étoiles sur 5"))
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.total) == (1, 2)
    assert seen.to("/lecteur/") == []  # nothing asked on the visit they voted on

    # Coming back later: the page is the shared one, byte for byte; one request brings their vote.
    again = page.reload()
    expect(status).to_have_text("Votre note : 2 étoiles sur 5.")
    expect(page.get_by_role("radio", name="2 étoiles sur 5")).to_be_checked()
    expect(page.locator("form[data-rating-form]")).to_have_attribute("data-current", "2")
    assert "2,0/5 (1 vote)" in page.locator(".rating__average").inner_text()
    page.wait_for_load_state("networkidle")
    assert len(seen.to("/lecteur/")) == 1

    stranger = new_page()
    shared = stranger.goto(article.get_absolute_url())
    assert b"data-reader-state" in shared.body()
    assert again.body() == shared.body()
    assert "set-cookie" not in again.headers
    stranger.wait_for_load_state("networkidle")
    expect(stranger.locator("[data-rating-status]")).to_be_empty()
    assert not stranger.get_by_role("radio", name="2 étoiles sur 5").is_checked()

    assert seen.violations == []  # rating.js, reader.js and what they swap in obey the strict CSP
    assert seen.errors == []


def test_keyboard_arrows_choose_and_only_the_final_choice_is_sent(new_page):
    article = make_article()
    page = new_page()
    page.goto(article.get_absolute_url())
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.get_by_role("radio", name="1 étoile sur 5").focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="4 étoiles sur 5").is_checked()
    page.locator("[data-rating-status]").get_by_text(re.compile("4 étoiles sur 5")).wait_for()
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.total) == (1, 4)
    assert len(posts) == 1  # one vote, not one per arrow press
    assert json.loads(posts[0].post_data) == {"score": 4}


def test_without_javascript_the_form_posts_and_comes_back_to_a_private_page(new_page):
    article = make_article("Un article sans JavaScript")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())

    star(page, 5).click()
    with page.expect_navigation(url=re.compile(r"\?merci=[^#]+#notes$")) as landing:
        page.get_by_role("button", name="Envoyer ma note").click()

    private = landing.value
    assert "no-store" in private.headers["cache-control"]  # theirs alone: no cache keeps it
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    expect(page.locator("[data-reader-acted]")).to_contain_text(
        re.compile(r"Merci\s!\sVotre note\s:\s5 étoiles sur 5\."))
    expect(page.locator("[data-rating-status]")).to_have_text("Votre note : 5 étoiles sur 5.")
    assert page.get_by_role("radio", name="5 étoiles sur 5").is_checked()
    assert "5,0/5 (1 vote)" in page.locator(".rating__average").inner_text()
    assert Rating.objects.get().score == 5

    # Anyone else still gets the shared page: the new average, nobody's vote checked.
    stranger = new_page(java_script_enabled=False)
    stranger.goto(article.get_absolute_url())
    assert "5,0/5 (1 vote)" in stranger.locator(".rating__average").inner_text()
    assert not stranger.get_by_role("radio", name="5 étoiles sur 5").is_checked()
    assert stranger.locator("[data-reader-acted]").count() == 0


def test_the_private_page_remembers_the_reader_and_asks_nothing_more(new_page, watch):
    """With JavaScript on, the form can still post the classic way (comments.js and rating.js
    fall back to it): the page it leads to already shows the vote, so reader.js only remembers
    that this reader acted; their next visit asks for their state once."""
    article = make_article()
    page = new_page()
    seen = watch(page)
    page.goto(article.get_absolute_url())
    assert flag(page) is None
    page.get_by_role("radio", name="3 étoiles sur 5").evaluate(
        "input => { input.checked = true; input.form.submit(); }")  # no change event: no fetch
    page.wait_for_url(re.compile(r"\?merci=[^#]+#notes$"))
    expect(page.locator("[data-reader-acted]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert flag(page) == "1"
    assert seen.to("/lecteur/") == []
    assert page.get_by_role("radio", name="3 étoiles sur 5").is_checked()

    page.goto(article.get_absolute_url())
    expect(page.locator("[data-rating-status]")).to_have_text("Votre note : 3 étoiles sur 5.")
    expect(page.get_by_role("radio", name="3 étoiles sur 5")).to_be_checked()
    page.wait_for_load_state("networkidle")
    assert len(seen.to("/lecteur/")) == 1
    assert seen.violations == []
    assert seen.errors == []
