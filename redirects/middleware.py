"""Old addresses that keep working (django.contrib.redirects' fallback, with two additions).

A GET or HEAD that nothing answered (404, or 410 for a withdrawn article) is looked up by its
path: 301 to the new address (the query string kept), or the 410 page. A redirect from an
address with a query string (`/?p=123`) is checked before the view, and only on a path that has
such redirects: there, the page is also made to read those parameters (request.GET is the page
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

from pagecache.dependencies import depends_on

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
        depends_on(QUERY_KEY)
        parameter_sets = lookup.query_parameters(path)
        if parameter_sets:
            for names in parameter_sets:
                for name in names:
                    request.GET.get(name)  # the page differs by them (pagecache.query)
            if request.META.get("QUERY_STRING"):
                found = lookup.find_with_query(path, request.GET, parameter_sets)
                if found is not None:
                    return self.answer(request, found, keep_query=False)
        response = self.get_response(request)
        if response.status_code in (404, 410):  # unknown, or withdrawn: an editor's redirect wins
            found = lookup.find(path)
            if found is not None:
                return self.answer(request, found, keep_query=True)
        return response

    def answer(self, request, found, keep_query):
        pk, new_path = found
        lookup.count_hit(pk)
        if not new_path:
            return gone(request)
        query = request.META.get("QUERY_STRING", "")
        if keep_query and query and "?" not in new_path and "#" not in new_path:
            new_path = f"{new_path}?{query}"
        return HttpResponsePermanentRedirect(new_path)
