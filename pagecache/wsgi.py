"""The page cache's front door, in front of Django's WSGI handler (magazine/wsgi.py).

A GET or HEAD the page cache can answer is answered here, before Django builds a request or
runs any middleware: that is most of a hit's cost. Everything else goes to Django unchanged,
where PageCacheMiddleware takes the same path (pagecache.serve) and renders what is missing.
"""

from .serve import accepts_gzip, cacheable_request, lookup, respond


class FrontDoor:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = None
        if cacheable_request(environ):
            entry, status = lookup(environ)
        if entry is None:
            return self.application(environ, start_response)
        if status == "hit" and "HTTP_IF_NONE_MATCH" not in environ and (
                "HTTP_IF_MODIFIED_SINCE" not in environ):
            # The common case: the stored bytes behind headers made once per entry.
            gzip = accepts_gzip(environ)
            start_response("200 OK", entry.wsgi_headers(gzip))
            if environ.get("REQUEST_METHOD") == "HEAD":
                return [b""]
            return [entry.gzipped if gzip else entry.body]
        response = respond(entry, environ, status)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]
