"""Video embeds in Chromium: before the click, nothing is asked of any host but ours (the
thumbnail is ours); the click brings the youtube-nocookie.com player (stubbed here: no real
network) in the same box, without a CSP violation; without JavaScript the placeholder is a plain
link to the video."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from articles.models import Article
from core.typography import typeset_html
from media_library.embeds import expand_embeds

from ..conftest import make_article
from ..media_library.test_embeds import YT, provider, thumbnail_jpeg  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PLAYER = f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1"
STUB = "<!DOCTYPE html><title>Lecteur</title><p>Lecteur factice</p>"


@pytest.fixture
def media_served(settings):
    """Uploads (the stored thumbnail) served by the live server, as `make serve` does."""
    settings.ROOT_URLCONF = "tests.browser.urls_with_media"


@pytest.fixture
def video_article(provider, media_served):
    """An article saved as the newsroom saves it, its video's title and thumbnail learnt from
    the (fake) provider."""
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Le concert du parc")
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (200, {}, thumbnail_jpeg())
    article = make_article("Un concert en vidéo",
                           body=f"<p>Le concert de samedi.</p><p>https://youtu.be/{YT}</p><p>Fin.</p>")
    assert 'class="embed__thumb"' in article.body_html
    return article


def third_party(requests, live_server):
    ours = urlsplit(live_server.url).netloc
    return [r.url for r in requests if not r.url.startswith("data:") and urlsplit(r.url).netloc != ours]


def test_nothing_leaves_for_the_provider_before_the_click(new_page, watch, live_server, video_article):
    page = new_page()
    seen = watch(page)
    page.route("https://www.youtube-nocookie.com/**",
               lambda route: route.fulfill(status=200, content_type="text/html", body=STUB))
    page.goto(video_article.get_absolute_url())
    placeholder = page.get_by_role("link", name="Lire la vidéo : Le concert du parc YouTube")
    placeholder.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert page.locator(".embed__thumb").evaluate("img => img.complete && img.naturalWidth") == 480
    assert seen.to("/static/js/embeds.js")
    assert third_party(seen.requests, live_server) == []
    box = placeholder.bounding_box()

    placeholder.click()
    frame = page.locator("iframe.embed__frame")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    assert frame.get_attribute("title") == "Le concert du parc"
    assert frame.get_attribute("allow") == "autoplay; fullscreen; picture-in-picture"
    # The page's Permissions-Policy lets the player have them (magazine/middleware.py).
    assert frame.evaluate("f => ['autoplay', 'fullscreen', 'picture-in-picture']"
                          ".filter(name => !f.featurePolicy.allowsFeature(name))") == []
    assert page.frame_locator("iframe.embed__frame").get_by_text("Lecteur factice").is_visible()
    assert third_party(seen.requests, live_server) == [PLAYER]
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert frame.bounding_box()["height"] == pytest.approx(box["height"], abs=1)  # nothing moves
    assert seen.violations == [] and seen.errors == []


def test_keyboard_readers_start_the_video_too(new_page, watch, live_server, provider):
    article = make_article("Vidéo au clavier", body="<p>Texte.</p>")
    # The body as render_body stores it (no thumbnail learnt: the neutral placeholder).
    Article.objects.filter(pk=article.pk).update(
        body_html=typeset_html(expand_embeds(f"<p>Texte.</p><p>https://vimeo.com/76979871</p>")))
    page = new_page()
    seen = watch(page)
    page.route("https://player.vimeo.com/**",
               lambda route: route.fulfill(status=200, content_type="text/html", body=STUB))
    page.goto(article.get_absolute_url())
    link = page.get_by_role("link", name="Lire la vidéo : https://vimeo.com/76979871 Vimeo")
    link.focus()
    page.keyboard.press("Enter")
    page.locator("iframe.embed__frame").wait_for()
    assert third_party(seen.requests, live_server) == ["https://player.vimeo.com/video/76979871?autoplay=1"]
    assert seen.violations == [] and seen.errors == []


def test_without_javascript_the_placeholder_is_a_link_to_the_video(new_page, video_article):
    page = new_page(java_script_enabled=False)
    page.route("https://www.youtube.com/**",
               lambda route: route.fulfill(status=200, content_type="text/html", body=STUB))
    page.goto(video_article.get_absolute_url())
    link = page.get_by_role("link", name="Lire la vidéo : Le concert du parc YouTube")
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={YT}"
    link.click()
    page.wait_for_url(f"https://www.youtube.com/watch?v={YT}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_placeholder_passes_axe_on_a_phone(new_page, video_article, scheme):
    page = new_page(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page.goto(video_article.get_absolute_url())
    page.locator(".embed").scroll_into_view_if_needed()
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run('.embed', {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice']}})")
    assert [v["id"] for v in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_pages_without_a_video_do_not_load_the_script(page, watch):
    seen = watch(page)
    article = make_article("Sans vidéo", body="<p>https://exemple.fr/video</p>")
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert seen.to("/static/js/site.js") and not seen.to("embeds.js")
