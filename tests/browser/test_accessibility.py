"""The reader pages in Chromium: axe-core finds nothing, in light and dark, on a phone and a
desktop, and nothing is wider than a phone's screen; the keyboard reaches everything with a visible focus; the menu and the author contact
work with and without JavaScript; articles print without menus and with their links' URLs.

axe-core comes from the axe-playwright-python package (dev requirements): a pinned engine in CI
with no npm step and no vendored copy of its MPL-2.0 source in this repository. It is evaluated
through the DevTools protocol, which the site's Content-Security-Policy does not block.
"""

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from comments.models import Comment
from ratings.models import Rating

from ..conftest import make_article, make_author, make_section

# serialized_rollback: the demo needs the roles created by a data migration, and a flush by
# another transactional test must not break the serialized ones that follow (test_csp).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def media_served(settings):
    """Uploads served by the live server, as `make serve` does (SERVE_MEDIA)."""
    settings.ROOT_URLCONF = "tests.browser.urls_with_media"


def axe_violations(page):
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]


def search_page():
    for name in ("articles:search", "search:search", "search", "discovery:search"):
        try:
            return reverse(name) + "?q=ville"
        except NoReverseMatch:
            continue
    return None


def test_reader_pages_have_no_axe_violations(new_page, media_served):
    call_command("load_demo", force=True)
    article = (Article.objects.published().filter(body__contains="<table").order_by("-published_at")
               .first())
    # The article as readers leave it: votes, comments, a reply.
    for n, score in enumerate([5, 5, 4, 3]):
        Rating.objects.vote(article, f"lecteur-{n}", f"ip-{n}", score, new_reader=True)
    first = Comment.objects.create(article=article, name="Martine", email="m@exemple.fr",
                                   body="Le tableau est très clair.", status=Comment.Status.APPROVED)
    Comment.objects.create(article=article, parent=first, name="Karim", email="k@exemple.fr",
                           body="D'accord avec Martine.", status=Comment.Status.APPROVED)
    author = article.ordered_authors[0]
    pages = ["/", article.get_absolute_url(), article.section.get_absolute_url(),
             article.tags.first().get_absolute_url(), author.get_absolute_url(), "/auteurs/",
             f"/auteurs/{author.slug}/contact/", "/nulle-part/"]
    if search_page():
        pages.append(search_page())
    found = {}
    for label, viewport, scheme in [("bureau, clair", DESKTOP, "light"), ("téléphone, sombre", PHONE, "dark")]:
        page = new_page(viewport=viewport, color_scheme=scheme)
        broken = []
        page.on("response", lambda r: broken.append(r.url) if r.status >= 400 and "/media/" in r.url else None)
        for url in pages:
            page.goto(url)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images too
            violations = axe_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                violations.append(f"page {width}px wide on a {viewport['width']}px screen")
            if violations:
                found[f"{url} ({label})"] = violations
        assert not broken, broken
    assert not found, found


@pytest.fixture
def small_magazine():
    section = make_section("Ville")
    author = make_author("Camille Durand", email="camille.durand@lemagazine.example")
    return make_article("Les toits deviennent des potagers", section=section, authors=[author],
                        body='<p>Voir <a href="https://exemple.fr/potagers">le rapport</a>.</p>'
                             "<table><thead><tr><th>Quartier</th><th>Toits</th></tr></thead>"
                             "<tbody><tr><td>Croix-Rousse</td><td>14</td></tr></tbody></table>")


def focus_ring(page):
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, text: document.activeElement.textContent.trim(),
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")


def test_keyboard_reaches_skip_link_menu_and_links_with_a_visible_focus(new_page, small_magazine):
    page = new_page(viewport=PHONE)
    page.goto(small_magazine.get_absolute_url())
    page.keyboard.press("Tab")
    ring = focus_ring(page)
    assert ring["text"] == "Aller au contenu" and ring["outline"] != "none" and ring["width"] >= 2
    assert page.get_by_role("link", name="Aller au contenu").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    page.goto("/")
    menu_link = page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Ville")
    assert not menu_link.is_visible()  # closed on a phone
    for _ in range(3):  # skip link, magazine name, menu button
        page.keyboard.press("Tab")
    assert focus_ring(page)["tag"] == "SUMMARY" and focus_ring(page)["outline"] != "none"
    page.keyboard.press("Enter")
    assert menu_link.is_visible()
    page.keyboard.press("Tab")
    assert focus_ring(page)["text"] == "Ville" and focus_ring(page)["outline"] != "none"
    page.keyboard.press("Escape")
    assert not menu_link.is_visible()

    wide = new_page(viewport=DESKTOP)
    wide.goto("/")
    assert wide.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Ville").is_visible()


def test_without_javascript_the_menu_opens_and_the_contact_page_reveals_the_address(new_page, small_magazine):
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Rubriques")
    nav.get_by_text("Rubriques").click()
    nav.get_by_role("link", name="Ville").click()
    page.wait_for_url("**/rubrique/ville/")

    wide = new_page(java_script_enabled=False, viewport=DESKTOP)
    wide.goto("/")
    assert wide.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Ville").is_visible()

    page.goto(small_magazine.get_absolute_url())
    page.get_by_role("link", name="Écrire à Camille Durand").click()
    page.wait_for_url("**/auteurs/camille-durand/contact/")
    assert "camille.durand@" not in page.content()
    page.get_by_role("button", name="Afficher l'adresse e-mail").click()
    link = page.get_by_role("link", name="camille.durand@lemagazine.example")
    assert link.get_attribute("href") == "mailto:camille.durand@lemagazine.example"


def test_with_javascript_the_contact_link_is_a_mailto_link(page, small_magazine):
    page.goto(small_magazine.get_absolute_url())
    link = page.get_by_role("link", name="Écrire à Camille Durand")
    assert link.get_attribute("href") == "mailto:camille.durand@lemagazine.example"


def test_articles_print_without_menus_and_with_link_addresses(page, small_magazine):
    page.goto(small_magazine.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Rubriques").is_visible()
    assert not page.locator(".site-footer").is_visible()
    after = page.evaluate("""getComputedStyle(document.querySelector('.prose a'), '::after').content""")
    assert "https://exemple.fr/potagers" in after
    assert page.get_by_role("heading", level=1).is_visible()
