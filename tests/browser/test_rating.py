"""A reader rates an article in a real browser, with JavaScript on and off."""

import re

import pytest

from ratings.models import Rating, RatingSummary

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def star(page, stars):
    return page.locator(".rating__star").nth(stars - 1)


def test_with_javascript_a_click_on_a_star_votes_in_place(new_page):
    article = make_article("Les abeilles comptent jusqu'à quatre")
    page = new_page()
    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", name="Ça vous a plu ?").is_visible()
    assert page.get_by_text("Aucune note pour l'instant").is_visible()
    assert not page.get_by_role("button", name="Envoyer ma note").is_visible()  # JS sends by itself
    page.evaluate("window.sameDocument = true")
    csp_violations = []
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    star(page, 4).click()

    status = page.locator("[data-rating-status]")
    status.get_by_text(re.compile(r"Merci\s!\sVotre note\s:\s4 étoiles sur 5\.")).wait_for()
    assert page.locator(".rating__average").inner_text().endswith("4,0/5 (1 vote)")
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert page.get_by_role("radio", name="4 étoiles sur 5").is_checked()
    assert Rating.objects.get().score == 4
    assert csp_violations == []  # rating.js and the summary it swaps in obey the strict CSP

    # Changing one's mind replaces the vote.
    star(page, 2).click()
    status.get_by_text(re.compile(r"Votre note est modifiée\s:\s2 étoiles sur 5")).wait_for()
    summary = RatingSummary.objects.get()
    assert (summary.count, summary.total) == (1, 2)

    # Coming back later, the reader's own vote is checked (rendered by the server).
    page.reload()
    assert page.get_by_role("radio", name="2 étoiles sur 5").is_checked()
    assert "2,0/5 (1 vote)" in page.locator(".rating__average").inner_text()


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


def test_without_javascript_the_form_posts_and_comes_back_with_a_confirmation(new_page):
    article = make_article("Un article sans JavaScript")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())

    star(page, 5).click()
    page.get_by_role("button", name="Envoyer ma note").click()

    page.wait_for_url(re.compile(re.escape(article.get_absolute_url()) + "#notes$"))
    assert page.get_by_text(re.compile(r"Merci\s!\sVotre note\s:\s5 étoiles sur 5\.")).first.is_visible()
    assert page.get_by_role("radio", name="5 étoiles sur 5").is_checked()
    assert "5,0/5 (1 vote)" in page.locator(".rating__average").inner_text()
    assert Rating.objects.get().score == 5
