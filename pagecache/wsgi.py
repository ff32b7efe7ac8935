"""The page cache's front door, in front of Django's WSGI handler (magazine/wsgi.py).

A GET or HEAD the page cache can answer is answered here, before Django builds a request or
runs any middleware: that is most of a hit's cost. Everything else goes to Django unchanged,
where PageCacheMiddleware takes the same path (pagecache.serve) and renders what is missing.
"""

from .serve import cacheable_request, lookup, respond


class FrontDoor:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = None
        if cacheable_request(environ):
            entry, status = lookup(environ)
        if entry is None:
            return self.application(environ, start_response)
        response = respond(entry, environ, status)
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(status, list(response.items()))
        return [response.content]
