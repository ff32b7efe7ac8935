"""Old addresses that keep working (django.contrib.redirects' fallback, with two additions).

A GET or HEAD that nothing answered (404, or 410 for a withdrawn article) is looked up by its
path: 301 to the new address (the query string kept), or the 410 page. A redirect from an
address with a query string (`/?p=123`) is checked before the view (after it, once, while the
process has not yet learnt which paths have such redirects), and only on a path that has such
redirects: there, the page is also made to read those parameters (request.GET is the page
cache's tracked copy), so the cache keeps `/?p=123` apart from `/` and never answers it with the
home page. Every page depends on the "query-redirects" counter, which moves only when such a
redirect appears or goes: the pages stored before it are rendered again, reading the new
parameters.

Placed last but for axes, so the answers it makes go out through every middleware above it
(security headers, CSP, language) like the 404 they replace; below CommonMiddleware, so an
old address without its final slash is found before APPEND_SLASH sends it elsewhere.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from pagecache.dependencies import current, depends_on
from pagecache.store import preload

from . import lookup
from .models import QUERY_KEY
from .views import gone


class RedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
                f"/{settings.ADMIN_PATH}"):
            return self.get_response(request)
        path = request.path_info
        has_query = bool(request.META.get("QUERY_STRING"))
        depends_on(QUERY_KEY)
        checked = False
        if has_query and lookup.query_paths_known():
            checked = True
            found = self.find_with_query(request, path)
            if found is not None:
                return self.answer(request, found, keep_query=False)
        response = self.get_response(request)
        page = current()
        stored = (page is not None and page.storable and settings.PAGE_CACHE_SECONDS
                  and response.status_code == 200)
        if stored or (has_query and not checked):
            # The first request of a process learns which paths have query-string redirects
            # after its view, with the counters the page cache reads now anyway (one query).
            if page is not None and page.storable and (page.pending or settings.PAGE_CACHE_SECONDS):
                preload([page], page.snapshot)
            found = None if checked else self.find_with_query(request, path)
            if found is not None:
                return self.answer(request, found, keep_query=False)
        if response.status_code in (404, 410):  # unknown, or withdrawn: an editor's redirect wins
            found = lookup.find(path)
            if found is not None:
                return self.answer(request, found, keep_query=True)
        return response

    def find_with_query(self, request, path):
        """The redirect from this path with the request's parameters, if the path has any.
        Reading them tells the page cache that the page differs by them (pagecache.query):
        `/?p=123` is never answered with the stored `/`."""
        parameter_sets = lookup.query_parameters(path)
        for names in parameter_sets:
            for name in names:
                request.GET.get(name)
        if not parameter_sets or not request.META.get("QUERY_STRING"):
            return None
        return lookup.find_with_query(path, request.GET, parameter_sets)

    def answer(self, request, found, keep_query):
        pk, new_path = found
        lookup.count_hit(pk)
        if not new_path:
            return gone(request)
        query = request.META.get("QUERY_STRING", "")
        if keep_query and query and "?" not in new_path and "#" not in new_path:
            new_path = f"{new_path}?{query}"
        return HttpResponsePermanentRedirect(new_path)
