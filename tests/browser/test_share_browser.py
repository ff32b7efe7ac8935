"""« Partagez maintenant » in a real browser, with and without JavaScript."""

import pytest

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_without_javascript_the_link_is_shown_to_copy_by_hand(new_page):
    article = make_article("Partage sans script")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    field = page.get_by_label("Copier le lien")
    assert field.is_visible() and field.input_value().endswith(article.get_absolute_url())
    assert not page.get_by_role("button", name="Copier").is_visible()
    assert not page.get_by_role("button", name="Partager").is_visible()
    assert page.get_by_role("link", name="Facebook").is_visible()


def test_with_javascript_a_button_copies_the_link(new_page):
    article = make_article("Partage avec script")
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Copier").click()
    status = page.locator(".share__status")
    status.filter(has_text="Lien copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(article.get_absolute_url())
    # The Web Share button appears exactly where the browser has the API.
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.get_by_role("button", name="Partager").is_visible() == has_share
    # share.js and the JSON-LD blocks live with the Content-Security-Policy.
    assert errors == []
