"""Video embeds (media_library/embeds.py): an address alone in its paragraph becomes a
click-to-load placeholder, derived at save time; thumbnails and titles come from the provider's
oEmbed through a fetch that refuses private addresses, oversized or non-image answers and never
holds a save longer than its budget. No test touches the network: the provider is faked at the
resolver and at the HTTPS exchange."""

import io
import json
import socket
import threading

import feedparser
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article
from core import safe_fetch
from core.typography import typeset_html
from media_library import embeds
from media_library.embeds import embeds_as_links, expand_embeds, parse_video_url

from ..conftest import clear_caches, make_article

YT = "dQw4w9WgXcQ"
PUBLIC = "93.184.216.34"


# --- URL forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    (f"https://www.youtube.com/watch?v={YT}", ("youtube", YT, 0)),
    (f"http://youtube.com/watch?v={YT}&feature=share", ("youtube", YT, 0)),
    (f"https://m.youtube.com/watch?v={YT}&t=1m30s", ("youtube", YT, 90)),
    (f"https://youtu.be/{YT}", ("youtube", YT, 0)),
    (f"https://youtu.be/{YT}?t=42", ("youtube", YT, 42)),
    (f"https://www.youtube.com/shorts/{YT}", ("youtube", YT, 0)),
    (f"https://www.youtube.com/embed/{YT}?start=7", ("youtube", YT, 7)),
    (f"https://www.youtube-nocookie.com/embed/{YT}", ("youtube", YT, 0)),
    ("https://vimeo.com/76979871", ("vimeo", "76979871", 0)),
    ("https://www.vimeo.com/76979871#t=1m2s", ("vimeo", "76979871", 62)),
    ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871", 0)),
    ("https://www.dailymotion.com/video/x8abcd1", ("dailymotion", "x8abcd1", 0)),
    ("https://dailymotion.com/video/x7tgad0_un-titre-long?start=15", ("dailymotion", "x7tgad0", 15)),
    ("https://dai.ly/x8abcd1", ("dailymotion", "x8abcd1", 0)),
])
def test_every_form_of_each_provider_is_recognised(url, expected):
    video = parse_video_url(url)
    assert (video.provider, video.id, video.start) == expected


def test_unlisted_vimeo_keeps_its_key():
    assert parse_video_url("https://vimeo.com/76979871/abcdef1234").hash == "abcdef1234"
    assert parse_video_url("https://player.vimeo.com/video/76979871?h=abcdef12").hash == "abcdef12"
    assert parse_video_url("https://vimeo.com/76979871/not-a-key") is None


@pytest.mark.parametrize("url", [
    'https://www.youtube.com/watch?v=dQw4w9WgX"><script>alert(1)</script>',
    "https://www.youtube.com/watch?v=dQw4w9WgX'",
    "https://youtu.be/dQw4w9WgXc</script>",
    "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12
    "https://www.youtube.com/embed/..%2F..%2Fx",
    "https://vimeo.com/123abc",
    "https://player.vimeo.com/video/1\" onload=\"x",
    "https://www.dailymotion.com/video/x8a<b>cd",
    "https://dai.ly/x8ab%22cd",
    "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/?next=https://youtu.be/dQw4w9WgXcQ",
    "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/channel/UCabcdefghij",
])
def test_hostile_or_unexpected_addresses_are_not_videos(url, provider):
    assert parse_video_url(url) is None
    body = f"<p>{url.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>"
    assert expand_embeds(body) == body
    assert provider.calls == []


# --- Which paragraphs become embeds -------------------------------------------------------------

@pytest.fixture
def provider(monkeypatch):
    """A fake Internet under core.safe_fetch: every host resolves to a public address unless
    told, and each address answers what the test put in `answers` (404 otherwise)."""
    fake = FakeProvider()
    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(safe_fetch, "exchange", fake.exchange)
    yield fake
    fake.release.set()


class FakeProvider:
    def __init__(self):
        self.addresses = {}  # host -> address
        self.answers = {}  # url -> (status, headers, body), "hang" or an exception to raise
        self.calls = []
        self.release = threading.Event()
        self.entered = threading.Event()
        self.left = threading.Event()  # the hanging exchange gave up

    def getaddrinfo(self, host, port, *args, **kwargs):
        address = self.addresses.get(host, PUBLIC)
        if isinstance(address, Exception):
            raise address
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    def exchange(self, scheme, host, port, address, target, timeout):
        url = f"{scheme}://{host}{target}"
        self.calls.append(url)
        answer = self.answers.get(url, (404, {}, b""))
        if answer == "hang":
            self.entered.set()
            self.release.wait(10)
            self.left.set()
            raise socket.timeout("timed out")
        if isinstance(answer, Exception):
            raise answer
        status, headers, body = answer
        return status, headers, io.BytesIO(body), None

    def oembed(self, video_url, title="Une vidéo", thumbnail="https://i.ytimg.com/vi/x/hqdefault.jpg",
               endpoint="https://www.youtube.com/oembed?format=json&url="):
        from urllib.parse import quote

        url = endpoint + quote(video_url, safe="")
        self.answers[url] = (200, {"content-type": "application/json"},
                             json.dumps({"title": title, "thumbnail_url": thumbnail}).encode())
        return url


def thumbnail_jpeg(size=(480, 360)):
    """A YouTube-like thumbnail: 4:3 with black bands, carrying EXIF metadata."""
    image = Image.new("RGB", size, "black")
    image.paste(Image.new("RGB", (size[0], size[1] * 3 // 4), "#c2703d"), (0, size[1] // 8))
    exif = Image.Exif()
    exif[0x010F] = "Appareil"
    exif[0x9003] = "2024:01:01 12:00:00"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.parametrize("body", [
    f"<p>https://www.youtube.com/watch?v={YT}</p>",
    f"<p> https://youtu.be/{YT} </p>",
    f'<p><a href="https://youtu.be/{YT}">https://youtu.be/{YT}</a></p>',
    f'<p><a href="https://youtu.be/{YT}">youtu.be/{YT}</a></p>',
    f'<p lang="en"><a href="https://www.youtube.com/watch?v={YT}&amp;t=5">'
    f"https://www.youtube.com/watch?v={YT}&amp;t=5</a><br></p>",
])
def test_a_video_address_alone_in_its_paragraph_becomes_a_placeholder(body, provider):
    html = expand_embeds(f"<p>Avant.</p>{body}<p>Après.</p>")
    assert html.startswith("<p>Avant.</p><figure class=\"embed") and html.endswith("<p>Après.</p>")
    assert f'data-embed="youtube" data-embed-id="{YT}"' in html
    assert 'class="embed__play"' in html and "YouTube" in html
    assert html.count("<figure") == 1


@pytest.mark.parametrize("body", [
    '<p><a href="https://example.com/video">https://example.com/video</a></p>',  # unknown host
    "<p>https://example.com/watch?v=dQw4w9WgXcQ</p>",
    f'<p><a href="https://youtu.be/{YT}">la vidéo du concert</a></p>',  # words of its own
    f'<p><a href="https://youtu.be/{YT}">https://youtu.be/aaaaaaaaaaa</a></p>',  # another address
    f"<p>Regardez https://youtu.be/{YT} ce soir.</p>",  # part of a sentence
    f'<p>Voir <a href="https://youtu.be/{YT}">https://youtu.be/{YT}</a></p>',
    f"<blockquote>https://youtu.be/{YT}</blockquote>",
    f"<p><strong>https://youtu.be/{YT}</strong></p>",
])
def test_anything_else_stays_as_written(body, provider):
    assert expand_embeds(body) == body
    assert provider.calls == []


def test_the_placeholder_is_a_link_to_the_video_with_strict_data(provider):
    html = expand_embeds(f"<p>https://youtu.be/{YT}?t=1h2m3s</p>")
    assert f'<a class="embed__link" href="https://www.youtube.com/watch?v={YT}&amp;t=3723s" ' \
           f'data-embed="youtube" data-embed-id="{YT}" data-embed-start="3723">' in html
    assert "<script" not in html and "<iframe" not in html


def test_typography_keeps_the_placeholder_intact(provider):
    expanded = expand_embeds("<p>https://vimeo.com/76979871/abcdef1234#t=10s</p>")
    typeset = typeset_html(expanded)
    assert 'data-embed="vimeo" data-embed-id="76979871" data-embed-start="10" data-embed-hash="abcdef1234"' in typeset
    assert "Lire la vidéo\u00a0:" in typeset  # French typography on our own words


def test_render_body_expands_embeds(provider):
    from media_library.richtext import render_body

    rendered = render_body(f"<p>Texte.</p><p>https://youtu.be/{YT}</p>")
    assert f'data-embed-id="{YT}"' in rendered.html
    feed = render_body(f"<p>https://youtu.be/{YT}</p>", for_feed=True)
    assert "<figure" not in feed.html and f'href="https://www.youtube.com/watch?v={YT}"' in feed.html


# --- Feeds ----------------------------------------------------------------------------------------

def test_feeds_get_a_plain_link(provider):
    html = expand_embeds(f"<p>https://www.dailymotion.com/video/x8abcd1</p>", for_feed=True)
    # (French typography: a no-break space before the colon, whichever the catalogue uses.)
    assert html.replace("\u202f", " ").replace("\u00a0", " ") == (
        '<p>Vidéo Dailymotion : <a href="https://www.dailymotion.com/video/x8abcd1">'
        "https://www.dailymotion.com/video/x8abcd1</a></p>")
    assert provider.calls == []  # a feed rendering never asks the provider


def test_stored_placeholders_become_links_with_their_title(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Concert <en> plein air",
                    thumbnail="")
    stored = typeset_html(expand_embeds(f"<p>Avant.</p><p>https://youtu.be/{YT}</p>"))
    assert "Concert &lt;en&gt; plein air" in stored
    linked = embeds_as_links(stored)
    assert linked == ('<p>Avant.</p><p>Vidéo YouTube\u00a0: <a href="https://www.youtube.com/watch?v='
                      f'{YT}">Concert &lt;en&gt; plein air</a></p>')


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/flux/rss/?complet=1", "/flux/atom/?complet=1"])
def test_full_text_feeds_carry_a_link_in_place_of_the_embed(client, provider, url):
    article = make_article("Avec une vidéo", body="<p>Texte.</p>")
    body_html = typeset_html(expand_embeds(f"<p>Texte.</p><p>https://youtu.be/{YT}</p>"))
    assert "embed__link" in body_html
    Article.objects.filter(pk=article.pk).update(body_html=body_html)
    clear_caches()
    response = client.get(url)
    summary = feedparser.parse(response.content).entries[0].summary
    assert f'<a href="https://www.youtube.com/watch?v={YT}">' in summary
    assert "embed" not in summary and "<figure" not in summary and "data-" not in summary


# --- Title and thumbnail, learnt once at save time ---------------------------------------------------

def test_title_and_thumbnail_are_fetched_checked_and_stored_once(provider):
    oembed = provider.oembed(f"https://www.youtube.com/watch?v={YT}", title='Le "concert" <b>')
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (
        200, {"content-type": "image/jpeg"}, thumbnail_jpeg())
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert provider.calls == [oembed, "https://i.ytimg.com/vi/x/hqdefault.jpg"]
    assert '<span class="embed__title">Le &quot;concert&quot; &lt;b&gt;</span>' in html
    assert 'embed--neutral' not in html
    name = next(n for n in default_storage.listdir("embeds")[1] if n.endswith(".jpg"))
    assert name.startswith(f"youtube-{YT}.")
    assert f'<img class="embed__thumb" src="/media/embeds/{name}" width="480" height="270" alt=""' in html
    with default_storage.open(f"embeds/{name}") as stored:
        picture = Image.open(stored)
        assert picture.format == "JPEG" and picture.size == (480, 270)  # the black bands cropped
        assert not picture.getexif() and "exif" not in picture.info
        assert picture.getpixel((240, 5)) != (0, 0, 0)

    # Saved again (the cache emptied too): the same markup, no request.
    clear_caches()
    assert expand_embeds(f"<p>https://youtu.be/{YT}</p>") == html
    assert len(provider.calls) == 2


def test_the_same_video_twice_is_fetched_once(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", thumbnail="")
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p><p>https://www.youtube.com/shorts/{YT}</p>")
    assert html.count("<figure") == 2 and len(provider.calls) == 1


def test_each_provider_is_asked_at_its_oembed_endpoint(provider):
    vimeo = provider.oembed("https://vimeo.com/76979871", title="Sur Vimeo", thumbnail="",
                            endpoint="https://vimeo.com/api/oembed.json?url=")
    daily = provider.oembed("https://www.dailymotion.com/video/x8abcd1", title="Sur Dailymotion",
                            thumbnail="", endpoint="https://www.dailymotion.com/services/oembed?format=json&url=")
    html = expand_embeds("<p>https://vimeo.com/76979871</p><p>https://dai.ly/x8abcd1</p>")
    assert sorted(provider.calls) == sorted([vimeo, daily])
    assert "Sur Vimeo" in html and "Sur Dailymotion" in html


def neutral(html, url):
    return ('class="embed embed--neutral"' in html and "<img" not in html
            and f'<span class="embed__title">{url}</span>' in html)


def test_a_provider_that_times_out_gives_a_neutral_placeholder(provider):
    provider.answers[provider.oembed(f"https://www.youtube.com/watch?v={YT}")] = socket.timeout("timed out")
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert neutral(html, f"https://www.youtube.com/watch?v={YT}")
    # Not asked again at the next save (remembered for an hour)...
    expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert len(provider.calls) == 1
    # ...but asked again once forgotten.
    clear_caches()
    expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert len(provider.calls) == 2


def test_a_provider_that_hangs_never_holds_the_save(provider, monkeypatch):
    monkeypatch.setattr(embeds, "FETCH_BUDGET", 0.3)
    provider.answers[provider.oembed(f"https://www.youtube.com/watch?v={YT}")] = "hang"
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p><p>https://vimeo.com/76979871</p>")
    assert provider.entered.is_set() and not provider.left.is_set()  # it is still hanging
    assert neutral(html, f"https://www.youtube.com/watch?v={YT}")
    assert neutral(html, "https://vimeo.com/76979871")


def test_no_network_gives_a_neutral_placeholder(provider):
    provider.addresses["www.youtube.com"] = socket.gaierror(-3, "Temporary failure in name resolution")
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert neutral(html, f"https://www.youtube.com/watch?v={YT}") and provider.calls == []


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254",
                                     "::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1"])
def test_private_addresses_are_never_asked(provider, address):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}")
    provider.addresses["www.youtube.com"] = address
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert neutral(html, f"https://www.youtube.com/watch?v={YT}") and provider.calls == []


def test_a_thumbnail_on_a_private_address_is_not_fetched(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Titre connu",
                    thumbnail="https://metadata.internal/latest/meta-data/")
    provider.addresses["metadata.internal"] = "169.254.169.254"
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert "Titre connu" in html and "<img" not in html
    assert len(provider.calls) == 1


@pytest.mark.parametrize("location", ["https://intranet.example/oembed", "http://i.ytimg.com/x.jpg",
                                      "https://i.ytimg.com:8443/x.jpg", "file:///etc/passwd"])
def test_redirects_are_checked_like_the_first_address(provider, location):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Titre connu")
    provider.addresses["intranet.example"] = "10.0.0.5"
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (302, {"location": location}, b"")
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert "Titre connu" in html and "<img" not in html
    assert len(provider.calls) == 2  # the oEmbed and the redirecting thumbnail, not the target


def test_a_redirect_to_a_public_address_is_followed(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}")
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (
        301, {"location": "/vi/x/other.jpg"}, b"")
    provider.answers["https://i.ytimg.com/vi/x/other.jpg"] = (200, {}, thumbnail_jpeg())
    assert "<img" in expand_embeds(f"<p>https://youtu.be/{YT}</p>")


def test_endless_redirects_give_up(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Titre connu")
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (
        302, {"location": "https://i.ytimg.com/vi/x/hqdefault.jpg"}, b"")
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert "<img" not in html and len(provider.calls) == 1 + 1 + safe_fetch.MAX_REDIRECTS


def test_too_big_thumbnails_are_refused(provider, monkeypatch):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Titre connu")
    thumb = "https://i.ytimg.com/vi/x/hqdefault.jpg"
    provider.answers[thumb] = (200, {"content-length": str(50 * 1024 * 1024)}, b"")
    assert "<img" not in expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    # Without a length, reading stops at the limit.
    clear_caches()
    monkeypatch.setattr(embeds, "THUMBNAIL_MAX_BYTES", 1000)
    provider.answers[thumb] = (200, {}, thumbnail_jpeg() + b"\0" * 1000)
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert "Titre connu" in html and "<img" not in html
    assert not default_storage.exists("embeds") or not [
        n for n in default_storage.listdir("embeds")[1] if n.endswith(".jpg")]


@pytest.mark.parametrize("content", [b"<html>pas une image</html>", b"GIF89a" + b"\0" * 50,
                                     thumbnail_jpeg()[:400]])
def test_thumbnails_that_are_not_images_are_refused(provider, content):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Titre connu")
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (200, {}, content)
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert "Titre connu" in html and "<img" not in html and "embed--neutral" in html


@pytest.mark.parametrize("answer", [b"not json", b"[1, 2]", b'{"title": 12}', b""])
def test_odd_oembed_answers_never_break_the_save(provider, answer):
    provider.answers[provider.oembed(f"https://www.youtube.com/watch?v={YT}")] = (200, {}, answer)
    html = expand_embeds(f"<p>https://youtu.be/{YT}</p>")
    assert 'data-embed-id="dQw4w9WgXcQ"' in html and "<img" not in html


# --- Through the article's save, and at render -------------------------------------------------------

@pytest.mark.django_db
def test_an_article_saved_with_a_video_stores_its_placeholder_and_resaves_without_fetching(provider):
    provider.oembed(f"https://www.youtube.com/watch?v={YT}", title="Le concert du parc")
    provider.answers["https://i.ytimg.com/vi/x/hqdefault.jpg"] = (200, {}, thumbnail_jpeg())
    article = make_article("Vidéo", body=f"<p>Texte.</p><p>https://youtu.be/{YT}</p>")
    assert 'data-embed-id="dQw4w9WgXcQ"' in article.body_html and "Le concert du parc" in article.body_html
    assert article.body == f"<p>Texte.</p><p>https://youtu.be/{YT}</p>"  # what the editor shows
    calls = len(provider.calls)
    clear_caches()
    article.title = "Vidéo du concert"
    article.save()
    assert len(provider.calls) == calls and 'class="embed__thumb"' in article.body_html


@pytest.mark.django_db
def test_an_embed_costs_no_query_when_the_page_is_drawn(client, provider, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    plain = make_article("Sans vidéo", body="<p>Texte.</p><p>https://exemple.fr/</p>")
    video = make_article("Avec vidéo", body=f"<p>Texte.</p><p>https://youtu.be/{YT}</p>")
    client.get(plain.get_absolute_url())  # the first request of a process reads more (counters)
    counts = []
    for article in (plain, video):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert 'class="embed__link"' in response.content.decode() and provider.calls  # fetched at save only
    assert counts[0] == counts[1]
