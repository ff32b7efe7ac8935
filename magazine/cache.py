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
    * "article:<slug>" — bumped by feedback on that article (its page shows the totals).
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
import time
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import signals
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.http import http_date, parse_http_date_safe, quote_etag

CSRF_PLACEHOLDER = "__csrf_token_placeholder__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
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


def _article_key(slug):
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


def feedback_changed(article_slug=None):
    _bump(GEN_FEEDBACK)
    if article_slug:
        _bump(_article_key(article_slug))


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
    _after_commit(feedback_changed, slug)


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


class PageCacheMiddleware:
    bypass_cookies = None

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.bypass_cookies = {
            settings.SESSION_COOKIE_NAME,
            settings.READER_COOKIE_NAME,
            getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        }
        self.skip_prefixes = tuple(settings.PAGE_CACHE_SKIP_PREFIXES)

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)

        key, gen_keys = self._keys(request)
        found = cache.get_many([key, *gen_keys, NEXT_GO_LIVE])
        generations = self._generations(found, gen_keys)
        go_live = found.get(NEXT_GO_LIVE)
        if go_live is None or (go_live != _NO_GO_LIVE and time.time() >= go_live):
            try:
                generations = self._refresh_go_live(go_live, gen_keys)
            except DatabaseError:
                # The database is down: what the cache holds is still worth serving.
                pass
        entry = found.get(key)
        if entry is not None and entry["generations"] == generations:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if self._cacheable_response(request, response):
            entry = self._store(key, response, generations)
            self._add_public_headers(response, entry)
            response["X-Page-Cache"] = "miss"
            if self._not_modified(request, entry):
                return self._not_modified_response(entry)
        return response

    # -- request side ---------------------------------------------------------------------

    def _cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or not self.seconds:
            return False
        if request.path_info.startswith(self.skip_prefixes):
            return False
        return not any(name in request.COOKIES for name in self.bypass_cookies)

    def _keys(self, request):
        # get_host() validates the Host header against ALLOWED_HOSTS (400 on a bad one).
        raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = "pagecache:page:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        match = _ARTICLE_PATH.match(request.path_info)
        if match:
            return key, (GEN_CONTENT, _article_key(match["slug"]))
        return key, (GEN_CONTENT, GEN_FEEDBACK)

    @staticmethod
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

    def _refresh_go_live(self, previous, gen_keys):
        """A scheduled article's time has come (or we don't know when it will): lists change."""
        if previous is not None:
            content_changed()
        cache.set(NEXT_GO_LIVE, _next_go_live(), timeout=None)
        return self._generations(cache.get_many(gen_keys), gen_keys)

    # -- response side --------------------------------------------------------------------

    def _cacheable_response(self, request, response):
        if response.status_code != 200 or response.streaming:
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)

    def _store(self, key, response, generations):
        content = _CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER.encode() + rb"\g<2>", response.content)
        entry = {
            "generations": generations,
            "content": content,
            "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
            "etag": quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
            "last_modified": int(time.time()),
            "has_csrf": CSRF_PLACEHOLDER.encode() in content,
        }
        cache.set(key, entry, timeout=self.seconds)
        return entry

    def _add_public_headers(self, response, entry):
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        if not entry["has_csrf"]:
            # Pages without a form can be shared by a CDN; pages with one carry the reader's
            # CSRF cookie and stay out of shared caches.
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.CDN_MAX_AGE}, "
                f"stale-while-revalidate={settings.CDN_STALE_WHILE_REVALIDATE}"
            )
        else:
            response["Cache-Control"] = "private, max-age=0, must-revalidate"

    def _not_modified(self, request, entry):
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return entry["etag"] in tags or "*" in tags
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and entry["last_modified"] <= since

    def _not_modified_response(self, entry):
        response = HttpResponseNotModified()
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        return response

    def _from_entry(self, request, entry):
        if self._not_modified(request, entry):
            return self._not_modified_response(entry)
        content = entry["content"]
        if entry["has_csrf"]:
            content, csrf_cookie = self._punch_csrf(request, content)
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for header, value in entry["headers"].items():
            response[header] = value
        self._add_public_headers(response, entry)
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "hit"
        if entry["has_csrf"] and csrf_cookie:
            self._set_csrf_cookie(response, request)
        return response

    def _punch_csrf(self, request, content):
        """Put a token matching the reader's CSRF cookie into the cached page's forms."""
        CsrfViewMiddleware(self.get_response).process_request(request)
        token = get_token(request)
        needs_cookie = settings.CSRF_COOKIE_NAME not in request.COOKIES or request.META.get(
            "CSRF_COOKIE"
        ) != request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        return content.replace(CSRF_PLACEHOLDER.encode(), token.encode()), needs_cookie

    @staticmethod
    def _set_csrf_cookie(response, request):
        # Same cookie as django.middleware.csrf.CsrfViewMiddleware sets.
        response.set_cookie(
            settings.CSRF_COOKIE_NAME,
            request.META["CSRF_COOKIE"],
            max_age=settings.CSRF_COOKIE_AGE,
            domain=settings.CSRF_COOKIE_DOMAIN,
            path=settings.CSRF_COOKIE_PATH,
            secure=settings.CSRF_COOKIE_SECURE,
            httponly=settings.CSRF_COOKIE_HTTPONLY,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
