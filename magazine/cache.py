"""Full-page cache for anonymous readers that never shows them something wrong.

Why not Django's UpdateCacheMiddleware/FetchFromCacheMiddleware: they vary on the Cookie header
(set by CSRF), so every reader gets their own copy, and they cannot be invalidated when an
article is published, edited, voted on or commented. This cache:

- serves GET/HEAD from anonymous readers: a request carrying a session cookie (staff), the
  reader cookie (someone who voted or commented: they must see their own vote and their pending
  comment) or a messages cookie (a confirmation to show) always gets a freshly rendered page;
- stores only 200 responses that set no cookie but the CSRF one and are not private/no-store
  (previews and staff pages say no-store);
- is invalidated by generation counters kept in the shared cache, read in the same round trip
  as the page (see `_generation_keys`):
    * "content"  — bumped by any editorial change (article, section, author, tag, byline) and
                   when a scheduled article's publication time arrives (checked on lookup: no cron);
    * "feedback" — bumped by any vote or comment decision (lists show counts and rankings);
    * "article:<slug>" — bumped by feedback on that article (its page shows the totals);
      "comments:<slug>" by comment decisions only (the thread's fragment, articles/views.py).
  An article page depends on "content" and its own counter; every other page on "content" and
  "feedback". A vote therefore refreshes its article and the lists, not every other article.
- punches the CSRF hole: forms in a cached page get a token matching the reader's own CSRF
  cookie (set if missing), so posting from a cached page works with JavaScript off.
- answers conditional requests (ETag / Last-Modified → 304) and sends Cache-Control suitable for
  a CDN (s-maxage, stale-while-revalidate).

The scheme is described for operators in the README (section "Caching").
"""

import hashlib
import re
import secrets
import string
import struct
import time
import zlib
from collections import OrderedDict
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import signals
from django.http import HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.middleware.gzip import GZipMiddleware
from django.utils.http import http_date, parse_http_date_safe, quote_etag

CSRF_PLACEHOLDER = b"__csrf_token_placeholder__"
FORM_TOKEN_PLACEHOLDER = b"__form_token_placeholder__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# The comment form's signed "served at" time (ratings.spam.form_token): a cached copy gets a
# fresh one on every hit, or the minimum fill time would count from when the page was cached.
_FORM_TOKEN_INPUT = re.compile(rb'(name="jeton" value=")([-:\w]+)(")')
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_PLACEHOLDERS = re.compile(b"(" + CSRF_PLACEHOLDER + b"|" + FORM_TOKEN_PLACEHOLDER + b")")
_ARTICLE_PATH = re.compile(r"^(?:/[a-z]{2})?/articles/(?P<slug>[-\w]+)/$")
GEN_CONTENT = "pagecache:gen:content"
GEN_FEEDBACK = "pagecache:gen:feedback"
NEXT_GO_LIVE = "pagecache:next-go-live"
_NO_GO_LIVE = 0  # cached "no scheduled article"
# Headers copied from the rendered response into the cache.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options",
                 "Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options",
                 "Cross-Origin-Opener-Policy", "Permissions-Policy", "Strict-Transport-Security",
                 "Link")
# A CSRF secret in Django's alphabet from 32 random bytes in one C call (Django's own
# get_random_string draws 32 characters one by one: a third of a cached hit's time).
_CSRF_ALPHABET = (string.ascii_letters + string.digits).encode()
_CSRF_TABLE = bytes(_CSRF_ALPHABET[i % len(_CSRF_ALPHABET)] for i in range(256))
_CSRF_SECRET = re.compile(r"[A-Za-z0-9]{32}")


def comments_key(slug):
    """The counter of an article's comment thread alone: a vote storm leaves it cached."""
    return f"pagecache:gen:comments:{slug}"


def article_key(slug):
    return f"pagecache:gen:article:{slug}"


def _bump(key):
    """Move a generation counter forward; entries stored under the old value die unseen."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, int(time.time() * 1000), timeout=None)


def content_changed():
    _bump(GEN_CONTENT)
    cache.delete(NEXT_GO_LIVE)
    _replicas_catch_up()


def feedback_changed(article_slug=None, votes_only=False):
    _bump(GEN_FEEDBACK)
    if article_slug:
        _bump(article_key(article_slug))
        if not votes_only:
            _bump(comments_key(article_slug))
    _replicas_catch_up()


REPLICAS_CATCHING_UP = "pagecache:replicas-catching-up-until"


def _replicas_catch_up():
    """With read replicas, renders read from the primary for a while (magazine/db_router.py):
    a page or fragment rendered from a replica that missed this change would be stored under
    the new generation and outlive it."""
    if settings.DATABASE_REPLICA_URLS:
        until = time.time() + settings.REPLICA_CATCH_UP_SECONDS
        cache.set(REPLICAS_CATCHING_UP, until, timeout=settings.REPLICA_CATCH_UP_SECONDS + 1)


def _after_commit(function, *args):
    # Bump once the change is visible to other connections; bumping earlier would let a
    # concurrent request re-cache the old content under the new generation.
    transaction.on_commit(lambda: function(*args))


def _on_editorial_change(sender, **kwargs):
    _after_commit(content_changed)


def _on_feedback(sender, article=None, **kwargs):
    from articles.models import Article

    slug = getattr(article, "slug", None)
    if slug is None and article is not None:
        slug = Article.objects.filter(pk=article).values_list("slug", flat=True).first()
    from ratings.models import Rating

    _after_commit(feedback_changed, slug, sender is Rating)


def connect_signals():
    """Editorial models invalidate every page; reader feedback its article and the lists."""
    from django.apps import apps

    from magazine.signals import content_changed as feedback_signal

    for label in settings.PAGE_CACHE_EDITORIAL_MODELS:
        model = apps.get_model(label)
        signals.post_save.connect(_on_editorial_change, sender=model, dispatch_uid=f"pagecache-save-{label}")
        signals.post_delete.connect(_on_editorial_change, sender=model, dispatch_uid=f"pagecache-del-{label}")
    signals.m2m_changed.connect(_on_editorial_change, dispatch_uid="pagecache-m2m")
    feedback_signal.connect(_on_feedback, dispatch_uid="pagecache-feedback")


def _next_go_live():
    from articles.models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=datetime.now(dt_timezone.utc))
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else _NO_GO_LIVE


def page_keys(meta):
    """The cache key of a page and the generation counters it depends on, from the WSGI
    environ (request.META), so the WSGI front (PageCacheApp) and the middleware agree."""
    scheme = meta.get("wsgi.url_scheme", "http")
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header and meta.get(proxy_header[0], "").split(",")[0].strip() == proxy_header[1]:
        scheme = "https"
    host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    path = meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "/")
    raw = f"{scheme}://{host}{path}?{meta.get('QUERY_STRING', '')}"
    key = "pagecache:page:v2:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    match = _ARTICLE_PATH.match(meta.get("PATH_INFO", "/"))
    if match:
        return key, (GEN_CONTENT, article_key(match["slug"]))
    return key, (GEN_CONTENT, GEN_FEEDBACK)


def current_generations(*gen_keys):
    """The values of these generation counters, after the scheduled-publication check: what
    page and fragment caches key their entries on."""
    return _current(cache.get_many([*gen_keys, NEXT_GO_LIVE]), gen_keys)


def generations_and(gen_keys, keys):
    """current_generations(*gen_keys), and the cache's values for `keys`, in one round trip."""
    found = cache.get_many([*gen_keys, NEXT_GO_LIVE, *keys])
    return _current(found, gen_keys), {key: found.get(key) for key in keys}


def _current(found, gen_keys):
    generations = _generations(found, gen_keys)
    if _go_live_due(found):
        try:
            generations = _refresh_go_live(found.get(NEXT_GO_LIVE), gen_keys)
        except DatabaseError:
            # The database is down: what the cache holds is still worth serving.
            pass
    return generations


def _generations(found, gen_keys):
    generations = []
    for key in gen_keys:
        value = found.get(key)
        if value is None:
            # Never seen, or evicted: start from "now", so no entry stored under an older
            # value can ever match again.
            cache.add(key, int(time.time() * 1000), timeout=None)
            value = cache.get(key)
        generations.append(value)
    return generations


def _refresh_go_live(previous, gen_keys):
    """A scheduled article's time has come (or we don't know when it will): lists change."""
    if previous is not None:
        content_changed()
    cache.set(NEXT_GO_LIVE, _next_go_live(), timeout=None)
    return _generations(cache.get_many(gen_keys), gen_keys)


def _go_live_due(found):
    go_live = found.get(NEXT_GO_LIVE)
    return go_live is None or (go_live != _NO_GO_LIVE and time.time() >= go_live)


class PageCacheMiddleware:
    """First in MIDDLEWARE: a hit is answered before any other middleware runs, from an entry
    that already holds every header the full stack added (security headers, CSP and so on).

    Compression is done here for requests the cache may serve: the page is rendered and stored
    uncompressed (with its pieces deflated once, _deflate_parts); a hit is gzipped without
    compressing anything (_gzip_with), a freshly rendered page by GZipMiddleware's own code
    (with its random padding against BREACH).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.bypass_cookies = {
            settings.SESSION_COOKIE_NAME,
            settings.READER_COOKIE_NAME,
            getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        }
        self.skip_prefixes = tuple(settings.PAGE_CACHE_SKIP_PREFIXES)
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)

        request.get_host()  # validates the Host header against ALLOWED_HOSTS (400 on a bad one)
        key, gen_keys = page_keys(request.META)
        found = cache.get_many([key, *gen_keys, NEXT_GO_LIVE])
        generations = _current(found, gen_keys)
        entry = found.get(key)
        if entry is not None and entry["generations"] == generations:
            return self._from_entry(request, entry)
        return self._compress(request, self._render(request, key, generations))

    def _render(self, request, key, generations):
        # Rendered uncompressed (the inner GZipMiddleware sees no Accept-Encoding), so the
        # stored copy suits every reader; _compress() gzips it on the way out.
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        try:
            response = self.get_response(request)
        finally:
            if accept_encoding is not None:
                request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        if self._cacheable_response(request, response):
            entry = self._store(key, response, generations)
            for header, value in entry["headers"].items():
                response[header] = value
            response["X-Page-Cache"] = "miss"
            if self._not_modified(request, entry):
                return self._not_modified_response(entry)
        return response

    def _compress(self, request, response):
        if response.status_code == 304 or "HTTP_ACCEPT_ENCODING" not in request.META:
            return response
        return self.gzip.process_response(request, response)

    # -- request side ---------------------------------------------------------------------

    def _cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or not self.seconds:
            return False
        if request.path_info.startswith(self.skip_prefixes):
            return False
        if "HTTP_COOKIE" not in request.META:
            return True
        return not any(name in request.COOKIES for name in self.bypass_cookies)

    # -- response side --------------------------------------------------------------------

    def _cacheable_response(self, request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if response.has_header("Content-Encoding"):
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)

    def _store(self, key, response, generations):
        content = _CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
        form_token_article = None
        match = _FORM_TOKEN_INPUT.search(content)
        if match:
            from ratings.spam import token_article

            form_token_article = token_article(match[2].decode())
            if form_token_article is not None:
                content = _FORM_TOKEN_INPUT.sub(
                    rb"\g<1>" + FORM_TOKEN_PLACEHOLDER + rb"\g<3>", content)
        has_csrf = CSRF_PLACEHOLDER in content
        last_modified = int(time.time())
        headers = {h: response[h] for h in _KEPT_HEADERS if h in response}
        headers["ETag"] = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
        headers["Last-Modified"] = http_date(last_modified)
        if not has_csrf:
            # Pages without a form can be shared by a CDN; pages with one carry the reader's
            # CSRF cookie and stay out of shared caches.
            headers["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.CDN_MAX_AGE}, "
                f"stale-while-revalidate={settings.CDN_STALE_WHILE_REVALIDATE}"
            )
        else:
            headers["Cache-Control"] = "private, max-age=0, must-revalidate"
        headers["X-Page-Cache"] = "hit"
        parts = _PLACEHOLDERS.split(content)
        entry = {
            "generations": generations,
            # The page cut at its placeholders: a hit joins the pieces with this reader's values.
            "parts": parts,
            "deflated": _deflate_parts(parts),
            "headers": headers,
            "etag": headers["ETag"],
            "last_modified": last_modified,
            "has_csrf": has_csrf,
            "form_token_article": form_token_article,
            "expires": time.time() + self.seconds,
        }
        cache.set(key, entry, timeout=self.seconds)
        return entry

    def _not_modified(self, request, entry):
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return entry["etag"] in tags or "*" in tags
        since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if since is None:
            return False
        since = parse_http_date_safe(since)
        return since is not None and entry["last_modified"] <= since

    def _not_modified_response(self, entry):
        response = HttpResponseNotModified()
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["headers"]["Last-Modified"]
        return response

    def _from_entry(self, request, entry):
        if self._not_modified(request, entry):
            return self._not_modified_response(entry)
        cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "") if "HTTP_COOKIE" in request.META else ""
        gzip = _accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING"))
        content, new_secret = _hit_content(entry, cookie, gzip)
        response = HttpResponse(b"" if request.method == "HEAD" else content, headers=entry["headers"])
        response["Content-Length"] = str(len(content))
        if gzip:
            response["Content-Encoding"] = "gzip"
            response["ETag"] = "W/" + entry["etag"]  # as GZipMiddleware marks a compressed copy
        if new_secret is not None:
            # Same cookie as django.middleware.csrf.CsrfViewMiddleware sets.
            response.set_cookie(
                settings.CSRF_COOKIE_NAME,
                new_secret,
                max_age=settings.CSRF_COOKIE_AGE,
                domain=settings.CSRF_COOKIE_DOMAIN,
                path=settings.CSRF_COOKIE_PATH,
                secure=settings.CSRF_COOKIE_SECURE,
                httponly=settings.CSRF_COOKIE_HTTPONLY,
                samesite=settings.CSRF_COOKIE_SAMESITE,
            )
        return response


def _hit_content(entry, csrf_cookie, gzip=False):
    """The cached page with this reader's values in its holes (gzipped if asked), and the CSRF
    secret to set as their cookie (None when their cookie already holds a valid one)."""
    new_secret = None
    values = {}
    if entry["has_csrf"]:
        secret = csrf_cookie
        if not _CSRF_SECRET.fullmatch(secret):
            secret = new_secret = _new_csrf_secret()
        # The bare secret is a valid form token for Django's CSRF check (it unmasks only
        # 64-character tokens). Masking guards against BREACH; here the secret is never
        # compressed (_gzip_with below stores it verbatim), so no compressed length depends on it.
        values[CSRF_PLACEHOLDER] = secret.encode()
    if entry["form_token_article"] is not None:
        values[FORM_TOKEN_PLACEHOLDER] = _form_token(entry["form_token_article"])
    if gzip:
        return _gzip_with(entry, values), new_secret
    parts = entry["parts"]
    content = b"".join([values.get(part, part) for part in parts]) if len(parts) > 1 else parts[0]
    return content, new_secret


# Gzip for cached pages without compressing on every hit. At store time each literal piece of
# the page is deflated on its own and flushed to a byte boundary (Z_SYNC_FLUSH; the last one
# ends the stream); a hit writes the reader's values between them as "stored" (uncompressed)
# deflate blocks and computes the CRC. The result is one ordinary gzip stream.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_PLACEHOLDER_SET = frozenset((CSRF_PLACEHOLDER, FORM_TOKEN_PLACEHOLDER))


def _deflate_parts(parts):
    deflated = []
    for index, part in enumerate(parts):
        if part in _PLACEHOLDER_SET:
            deflated.append(None)
            continue
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        last = index == len(parts) - 1
        deflated.append(compressor.compress(part) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH))
    return deflated


def _gzip_with(entry, values):
    out = [_GZIP_HEADER]
    crc = size = 0
    for part, deflated in zip(entry["parts"], entry["deflated"]):
        if deflated is None:
            data = values[part]
            out.append(struct.pack("<BHH", 0, len(data), len(data) ^ 0xFFFF) + data)
        else:
            data = part
            out.append(deflated)
        crc = zlib.crc32(data, crc)
        size += len(data)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def _accepts_gzip(accept_encoding):
    return bool(accept_encoding) and _ACCEPTS_GZIP.search(accept_encoding) is not None


class PageCacheApp:
    """The page cache's front door, in front of Django's WSGI handler (magazine/wsgi.py).

    A plain GET that PageCacheMiddleware would answer from a valid entry is answered here
    without building a request or running any middleware: that is most of a hit's cost. Any
    other request goes to Django unchanged, where the middleware does the same lookup and
    handles everything this skips: conditional requests, HEAD, a scheduled article going
    live, counters that must be created.
    """

    def __init__(self, application):
        self.application = application
        self.bypass_cookies = (
            settings.SESSION_COOKIE_NAME,
            settings.READER_COOKIE_NAME,
            getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        )
        self.skip_prefixes = tuple(settings.PAGE_CACHE_SKIP_PREFIXES)
        attributes = [f"Max-Age={settings.CSRF_COOKIE_AGE}", f"Path={settings.CSRF_COOKIE_PATH}"]
        if settings.CSRF_COOKIE_DOMAIN:
            attributes.append(f"Domain={settings.CSRF_COOKIE_DOMAIN}")
        if settings.CSRF_COOKIE_SECURE:
            attributes.append("Secure")
        if settings.CSRF_COOKIE_HTTPONLY:
            attributes.append("HttpOnly")
        if settings.CSRF_COOKIE_SAMESITE:
            attributes.append(f"SameSite={settings.CSRF_COOKIE_SAMESITE}")
        self.copies = OrderedDict()
        self.max_copies = settings.PAGE_CACHE_LOCAL_COPIES
        self.csrf_cookie = settings.CSRF_COOKIE_NAME
        self.csrf_cookie_attributes = "; " + "; ".join(attributes)

    def __call__(self, environ, start_response):
        served = self._serve(environ)
        if served is None:
            return self.application(environ, start_response)
        headers, content = served
        start_response("200 OK", headers)
        return [content]

    def _keep(self, key, entry):
        # This process's copies of the most read pages: a hit then reads only the small
        # generation counters from the shared cache, not the whole page. A copy is used only
        # while its generations are current and its lifetime has not run out.
        self.copies[key] = entry
        self.copies.move_to_end(key)
        while len(self.copies) > self.max_copies:
            self.copies.popitem(last=False)

    def _serve(self, environ):
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO", "").startswith(self.skip_prefixes):
            return None
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            return None
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        if any(name in cookies for name in self.bypass_cookies):
            return None
        key, gen_keys = page_keys(environ)
        entry = self.copies.get(key)
        found = cache.get_many([*gen_keys, NEXT_GO_LIVE] if entry else [key, *gen_keys, NEXT_GO_LIVE])
        if _go_live_due(found):
            return None
        generations = [found.get(k) for k in gen_keys]
        if entry is None or entry["generations"] != generations or entry["expires"] < time.time():
            entry = found.get(key)
            if entry is None or entry["generations"] != generations:
                self.copies.pop(key, None)
                return None
            self._keep(key, entry)
        gzip = _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING"))
        content, new_secret = _hit_content(entry, cookies.get(self.csrf_cookie, ""), gzip)
        headers = [*entry["headers"].items(), ("Content-Length", str(len(content)))]
        if gzip:
            headers = [(name, "W/" + value if name == "ETag" else value) for name, value in headers]
            headers.append(("Content-Encoding", "gzip"))
        if new_secret is not None:
            headers.append(("Set-Cookie", f"{self.csrf_cookie}={new_secret}{self.csrf_cookie_attributes}"))
        return headers, content


def _new_csrf_secret():
    return secrets.token_bytes(32).translate(_CSRF_TABLE).decode()


def _form_token(article_pk):
    from ratings.spam import form_token_for

    return form_token_for(article_pk).encode()
