"""Video embeds in bodies: a YouTube, Vimeo or Dailymotion address alone in its paragraph
becomes a click-to-load placeholder, derived once at save time (render_body).

Readers' privacy first: the placeholder is ours (a link to the video with its title, the
provider's name, a play button and a thumbnail stored on our side), so no request leaves for
the provider until the reader clicks; then static/js/embeds.js swaps in the player
(youtube-nocookie.com for YouTube). Without JavaScript it stays a link to the video. Feeds get
a plain link instead (`for_feed=True`, or `embeds_as_links()` on stored HTML).

The player's address is built by the script from a fixed template per provider and the
video id in `data-embed-id`. Ids are checked here with strict patterns (and again by the
script), so nothing else from the page reaches an iframe.

Title and thumbnail come from the provider's public oEmbed endpoint, fetched while the body is
saved through core.safe_fetch: HTTPS only, every address of every hop (redirects included)
must be public (no loopback, private or link-local network), small size limits and a total
budget per body (a thread that overruns it is left behind: the save never waits for a
provider). The
thumbnail is checked as an upload is (core.images.check_image), cropped to 16:9 and stored
again without metadata. What was learnt is kept next to it in storage (`embeds/<video>.json`),
so saving the body again fetches nothing; a failure is remembered for an hour in the cache.
When anything fails the placeholder is neutral (no picture, the address as its title).
"""

import hashlib
import html as html_lib
import io
import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from PIL import Image

from core import safe_fetch
from core.images import check_image, crop_box, upright
from core.safe_fetch import FetchRefused
from core.typography import typeset_html

logger = logging.getLogger(__name__)

# Seconds all the fetches of one body may take together.
FETCH_BUDGET = 4.0
OEMBED_MAX_BYTES = 64 * 1024
THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024
THUMBNAIL_MAX_WIDTH = 960
FAILURE_MEMORY = 3600  # seconds before a failed video is asked again

# Strict ids: the only thing from a body that reaches a player's address.
ID_PATTERNS = {
    "youtube": re.compile(r"[A-Za-z0-9_-]{11}"),
    "vimeo": re.compile(r"[0-9]{1,12}"),
    "dailymotion": re.compile(r"[A-Za-z0-9]{5,12}"),
}
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")  # unlisted Vimeo videos need it
MAX_START = 86_400  # seconds; a longer start time is ignored

PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "dailymotion": "Dailymotion"}
OEMBED_ENDPOINTS = {
    "youtube": "https://www.youtube.com/oembed?format=json&url=",
    "vimeo": "https://vimeo.com/api/oembed.json?url=",
    "dailymotion": "https://www.dailymotion.com/services/oembed?format=json&url=",
}
# The hosts static/js/embeds.js loads players from (the CSP's frame-src lists the same).
PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com",
                  "https://www.dailymotion.com")

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}
_YOUTUBE_PATH = re.compile(r"/(?:shorts|embed|live|v)/([^/]+)/?")
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
_VIMEO_PATH = re.compile(r"/(?:channels/[\w-]+/)?([^/]+)(?:/([^/]+))?/?")
_VIMEO_PLAYER_PATH = re.compile(r"/video/([^/]+)/?")
_DAILYMOTION_HOSTS = {"dailymotion.com", "www.dailymotion.com"}
_DAILYMOTION_PATH = re.compile(r"/(?:embed/)?video/([A-Za-z0-9]+)(?:_[^/]*)?/?")
_DAILY_SHORT_PATH = re.compile(r"/([^/]+)/?")
_TIME = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?")


@dataclass(frozen=True)
class Video:
    provider: str
    id: str
    start: int = 0
    hash: str = ""  # Vimeo's key of an unlisted video

    @property
    def key(self):
        return f"{self.provider}-{self.id}"

    @property
    def provider_name(self):
        return PROVIDER_NAMES[self.provider]

    @property
    def url(self):
        """The video's page at the provider: the link readers follow without JavaScript."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.id}" + (f"&t={self.start}s" if self.start else "")
        if self.provider == "vimeo":
            return (f"https://vimeo.com/{self.id}" + (f"/{self.hash}" if self.hash else "")
                    + (f"#t={self.start}s" if self.start else ""))
        return f"https://www.dailymotion.com/video/{self.id}" + (f"?start={self.start}" if self.start else "")


@dataclass(frozen=True)
class VideoInfo:
    title: str = ""
    thumbnail: dict | None = None  # {"name", "width", "height"} in default storage


def _start(value):
    """Seconds from a start time as providers write it: 90, 90s, 1m30s, 1h2m3s."""
    match = _TIME.fullmatch(value or "")
    if not value or not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total if total <= MAX_START else 0


def _valid(provider, video_id):
    return bool(video_id) and ID_PATTERNS[provider].fullmatch(video_id) is not None


def parse_video_url(url):
    """The Video an address shows, or None (unknown host, unexpected form, malformed id)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password:
        return None
    if port not in (None, 80, 443):
        return None
    query = parse_qs(parts.query)
    fragment = parse_qs(parts.fragment)

    def first(params, name):
        values = params.get(name)
        return values[0] if values else ""

    if host in _YOUTUBE_HOSTS or host in ("youtu.be", "www.youtu.be"):
        if host.endswith("youtu.be"):
            match = _DAILY_SHORT_PATH.fullmatch(parts.path)
            video_id = match[1] if match else ""
        elif parts.path in ("/watch", "/watch/"):
            video_id = first(query, "v")
        else:
            match = _YOUTUBE_PATH.fullmatch(parts.path)
            video_id = match[1] if match else ""
        if not _valid("youtube", video_id):
            return None
        start = first(query, "t") or first(query, "start") or first(fragment, "t")
        return Video("youtube", video_id, _start(start))
    if host in _VIMEO_HOSTS or host == "player.vimeo.com":
        if host == "player.vimeo.com":
            match = _VIMEO_PLAYER_PATH.fullmatch(parts.path)
            video_id, key = (match[1], first(query, "h")) if match else ("", "")
        else:
            match = _VIMEO_PATH.fullmatch(parts.path)
            video_id, key = (match[1], match[2] or first(query, "h")) if match else ("", "")
        if not _valid("vimeo", video_id) or (key and not VIMEO_HASH.fullmatch(key)):
            return None
        return Video("vimeo", video_id, _start(first(fragment, "t")), key)
    if host in _DAILYMOTION_HOSTS or host == "dai.ly":
        pattern = _DAILY_SHORT_PATH if host == "dai.ly" else _DAILYMOTION_PATH
        match = pattern.fullmatch(parts.path)
        video_id = match[1] if match else ""
        if not _valid("dailymotion", video_id):
            return None
        return Video("dailymotion", video_id, _start(first(query, "start")))
    return None


# --- Finding the paragraphs ---------------------------------------------------------------

# A paragraph holding nothing but an address, as the sanitizer (core/html.py) writes it:
# double-quoted attributes, the text either bare or the only content of one link.
_ATTRS = r'((?:\s+[\w:-]+="[^"]*")*)'
_ALONE = re.compile(
    r"<p" + _ATTRS + r"\s*>\s*(?:<a" + _ATTRS + r"\s*>\s*([^<]*?)\s*</a>|([^<]*?))\s*"
    r"(?:<br\s*/?>\s*)?</p>",
    re.IGNORECASE,
)
_HREF = re.compile(r'\shref="([^"]*)"', re.IGNORECASE)
_BARE_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def _same_address(text, href):
    """Link text that is its own address (editors may drop the scheme or a final slash)."""
    def bare(value):
        return re.sub(r"^https?://", "", value.strip(), flags=re.IGNORECASE).rstrip("/")
    return bool(text) and bare(text) == bare(href)


def _video_of(match):
    link_attrs, link_text, bare_text = match[2], match[3], match[4]
    if link_attrs is not None:
        href = _HREF.search(link_attrs)
        if not href:
            return None
        href, text = html_lib.unescape(href[1]), html_lib.unescape(link_text)
        if not _same_address(text, href):
            return None  # a link with words of its own stays a link
        return parse_video_url(href)
    text = html_lib.unescape(bare_text or "").strip()
    if not _BARE_URL.fullmatch(text):
        return None
    return parse_video_url(text)


def expand_embeds(html, for_feed=False):
    """`html` (sanitized body HTML, before typography) with each paragraph that holds only a
    video address replaced by its placeholder, or by a plain link for feeds."""
    if not html or "http" not in html.lower():
        return html
    found = [(match, _video_of(match)) for match in _ALONE.finditer(html)]
    found = [(match, video) for match, video in found if video is not None]
    if not found:
        return html
    videos = [video for _, video in found]
    infos = remembered(videos) if for_feed else learn(videos)
    pieces, position = [], 0
    for match, video in found:
        pieces.append(html[position:match.start()])
        pieces.append(render(video, infos.get(video.key), for_feed=for_feed))
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def render(video, info=None, for_feed=False):
    """The placeholder (or the feed's link) of one video. Always in the site's language: the
    body is stored once for every reader."""
    info = info or VideoInfo()
    thumbnail = None
    if info.thumbnail and not for_feed:
        thumbnail = {**info.thumbnail, "url": default_storage.url(info.thumbnail["name"])}
    context = {"video": video, "title": info.title or video.url, "thumbnail": thumbnail,
               "url": video.url, "provider": video.provider_name}
    template = "media_library/embed_feed.html" if for_feed else "media_library/embed.html"
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context).strip()


# Placeholders in stored reader HTML (embed.html writes them this way).
_PLACEHOLDER = re.compile(r'<figure class="embed[^"]*">.*?</figure>', re.DOTALL)
_PLACEHOLDER_LINK = re.compile(
    r'<a class="embed__link" href="([^"]*)" data-embed="(\w+)"')
_PLACEHOLDER_TITLE = re.compile(r'<span class="embed__title">(.*?)</span>', re.DOTALL)


def embeds_as_links(body_html):
    """Stored reader HTML with each video placeholder turned into the feed's plain link
    (feeds show the body as stored; a feed reader runs no script and should load no player)."""
    if not body_html or 'class="embed' not in body_html:
        return body_html

    def as_link(match):
        link = _PLACEHOLDER_LINK.search(match[0])
        title = _PLACEHOLDER_TITLE.search(match[0])
        if not link or link[2] not in PROVIDER_NAMES:
            return match[0]
        url = html_lib.unescape(link[1])
        context = {"url": url, "provider": PROVIDER_NAMES[link[2]],
                   # Our own escaped (and typeset) text, taken as it was stored.
                   "title": mark_safe(title[1]) if title else url}
        with translation.override(settings.LANGUAGE_CODE):
            return typeset_html(render_to_string("media_library/embed_feed.html", context).strip())

    return _PLACEHOLDER.sub(as_link, body_html)


# --- What each video is called and looks like ---------------------------------------------

def _memory_name(video):
    return f"embeds/{video.key}.json"


def _failure_key(video):
    return f"embeds:failed:{video.key}"


def remembered(videos):
    """What earlier saves learnt about these videos (no network)."""
    infos = {}
    for video in videos:
        if video.key in infos:
            continue
        try:
            if not default_storage.exists(_memory_name(video)):
                continue
            with default_storage.open(_memory_name(video), "rb") as stored:
                data = json.loads(stored.read(OEMBED_MAX_BYTES))
            thumbnail = data.get("thumbnail")
            if thumbnail is not None:
                thumbnail = {"name": str(thumbnail["name"]), "width": int(thumbnail["width"]),
                             "height": int(thumbnail["height"])}
            infos[video.key] = VideoInfo(title=str(data.get("title") or ""), thumbnail=thumbnail)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return infos


def learn(videos):
    """Title and thumbnail of each video: remembered, else fetched within FETCH_BUDGET; a
    video that could not be learnt in time is simply absent (neutral placeholder)."""
    infos = remembered(videos)
    missing = {}
    for video in videos:
        if video.key not in infos and video.key not in missing and not cache.get(_failure_key(video)):
            missing[video.key] = video
    if not missing:
        return infos
    deadline = time.monotonic() + FETCH_BUDGET
    executor = ThreadPoolExecutor(max_workers=min(4, len(missing)), thread_name_prefix="embeds")
    futures = {executor.submit(_learn_one, video, deadline): video for video in missing.values()}
    done, _ = wait_futures(futures, timeout=FETCH_BUDGET)
    # Whatever is still running is left to end on its own timeouts; nobody waits for it.
    executor.shutdown(wait=False, cancel_futures=True)
    for future, video in futures.items():
        info = None
        if future in done:
            if future.exception() is not None:  # a bug, not the provider: say it, save anyway
                logger.error("embeds: learning about %s failed", video.key,
                             exc_info=future.exception())
            else:
                info = future.result()
        if info is None:
            logger.info("embeds: nothing learnt about %s (failed or out of time)", video.key)
            cache.set(_failure_key(video), True, FAILURE_MEMORY)
        else:
            infos[video.key] = info
    return infos


def _learn_one(video, deadline):
    """Ask the provider's oEmbed for the title and thumbnail, store the thumbnail; None if the
    provider could not tell."""
    try:
        endpoint = OEMBED_ENDPOINTS[video.provider] + quote(video.url, safe="")
        meta = json.loads(fetch(endpoint, OEMBED_MAX_BYTES, deadline).decode("utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("oEmbed answer is not an object")
    except (FetchRefused, ValueError, UnicodeError) as error:
        logger.info("embeds: no oEmbed for %s: %s", video.key, error)
        return None
    title = " ".join(str(meta.get("title") or "").split())[:300]
    thumbnail, complete = None, True
    thumbnail_url = meta.get("thumbnail_url")
    if isinstance(thumbnail_url, str) and thumbnail_url:
        try:
            data = fetch(thumbnail_url, THUMBNAIL_MAX_BYTES, deadline)
            thumbnail = _store_thumbnail(video, data, deadline)
        except (FetchRefused, ValidationError, OSError, ValueError) as error:
            logger.info("embeds: no thumbnail for %s: %s", video.key, error)
            complete = False  # asked again at the next save
    info = VideoInfo(title=title, thumbnail=thumbnail)
    if complete and time.monotonic() < deadline:
        _remember(video, info)
    return info


def _store_thumbnail(video, data, deadline):
    """Check the picture as an upload, crop it to 16:9 (YouTube's have black bands), shrink
    it, and store it again as a JPEG without metadata under a name that carries its hash."""
    checked = check_image(ContentFile(data))
    picture = upright(checked.image)
    box = crop_box(picture.size, (16, 9), (0.5, 0.5))
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    width = min(THUMBNAIL_MAX_WIDTH, box_width)
    height = max(1, round(width * box_height / box_width))
    picture = picture.resize((width, height), Image.Resampling.LANCZOS, box=box)
    if picture.mode != "RGB":
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
    encoded = buffer.getvalue()
    digest = hashlib.blake2b(encoded, digest_size=5).hexdigest()
    name = f"embeds/{video.key}.{digest}.jpg"
    if time.monotonic() >= deadline:
        raise ValueError("out of time")
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(encoded))
    return {"name": name, "width": width, "height": height}


def _remember(video, info):
    data = json.dumps({"title": info.title, "thumbnail": info.thumbnail}).encode()
    name = _memory_name(video)
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
    except OSError as error:
        logger.warning("embeds: cannot remember %s: %s", video.key, error)


# --- Fetching from providers -------------------------------------------------------------

def fetch(url, max_bytes, deadline):
    """The body of `url` through core.safe_fetch (public addresses only, every redirect
    checked, size-limited), HTTPS only (safe_fetch never goes back from https to http), before
    `deadline` (time.monotonic())."""
    if not url.lower().startswith("https://"):
        raise FetchRefused("only https")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused("out of time")
    return safe_fetch.fetch(url, max_bytes=max_bytes, timeout=remaining)
