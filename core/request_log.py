"""One id per request, in every log line it causes and in the tasks it queues; with
LOG_FORMAT=json, one JSON line per request (README "Operations: health, logs, errors").

- `RequestLog` wraps the whole WSGI application (magazine/wsgi.py, outermost): the page cache
  answers most hits before Django runs (pagecache.wsgi.FrontDoor), so the id, the timing and
  the request line are made here, around everything. The id is the balancer's `X-Request-ID`
  when it is a plain token of at most 128 characters, else a new one; it goes back in the
  response's `X-Request-ID`.
- `request_id` (a context variable) holds it while the request (or a task, core/tasks.py) runs;
  `RequestIdFilter` puts it on every log record, the formatters print it.
- The request line holds no reader data: the path with anything shaped like an e-mail address,
  an IP address or a signed token masked (core.error_reports.scrub), the query string's
  parameter names without their values, no client address, no cookie, no user agent; a staff
  member is named by user id only (`StaffIdMiddleware`).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import datetime, timezone

from .error_reports import scrub

logger = logging.getLogger(__name__)

request_id = contextvars.ContextVar("request_id", default="")

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}\Z")
# Set in the WSGI environ (request.META) by StaffIdMiddleware, read by RequestLog.
STAFF_ID_KEY = "magazine.staff_user_id"
# Extra fields of the request line, in the JSON line.
REQUEST_FIELDS = ("method", "path", "query", "status", "duration_ms", "page_cache", "user_id")


def new_id():
    return uuid.uuid4().hex


def accepted_id(value):
    """The balancer's id if it is a plain token of at most 128 characters, else a new one."""
    if value and _SAFE_ID.match(value):
        return value
    return new_id()


def current_id():
    return request_id.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) id on each record: `%(request_id)s`."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class ReadableFormatter(logging.Formatter):
    """Today's plain lines, prefixed with the request's id when there is one."""

    def format(self, record):
        text = super().format(record)
        rid = getattr(record, "request_id", None) or request_id.get()
        return f"[{rid}] {text}" if rid and rid != "-" else text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message (e-mail and IP
    addresses masked), the request line's fields, and the traceback if any."""

    def format(self, record):
        rid = getattr(record, "request_id", None) or request_id.get()
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": rid if rid and rid != "-" else None,
            "message": scrub(record.getMessage()),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def query_names(query_string):
    """The parameters' names without their values: `?q=mon+adresse&page=2` -> "q&page"."""
    if not query_string:
        return None
    names = []
    for part in query_string.split("&")[:20]:
        name = part.split("=", 1)[0][:40]
        if name and name not in names:
            names.append(name)
    return scrub("&".join(names)) or None


class _Body:
    """The response's body, passed through; closing it ends the request's log line."""

    __slots__ = ("iterable", "finish")

    def __init__(self, iterable, finish):
        self.iterable, self.finish = iterable, finish

    def __iter__(self):
        return iter(self.iterable)

    def close(self):
        try:
            close = getattr(self.iterable, "close", None)
            if close is not None:
                close()
        finally:
            self.finish()


class RequestLog:
    """The outermost WSGI layer: the request's id, its timing, its log line (JSON mode)."""

    def __init__(self, application, skip_paths=(), log_requests=None):
        self.application = application
        self.skip_paths = frozenset(skip_paths)
        if log_requests is None:
            from django.conf import settings

            log_requests = getattr(settings, "LOG_FORMAT", "") == "json"
        self.log_requests = log_requests

    def __call__(self, environ, start_response):
        rid = accepted_id(environ.get("HTTP_X_REQUEST_ID"))
        token = request_id.set(rid)
        started = time.perf_counter()
        seen = {}

        def start(status, headers, exc_info=None):
            seen["status"] = status
            kept = []
            for name, value in headers:
                lowered = name.lower()
                if lowered == "x-page-cache":
                    seen["cache"] = value
                elif lowered == "x-request-id":
                    continue
                kept.append((name, value))
            kept.append(("X-Request-ID", rid))
            return start_response(status, kept, exc_info)

        def finish():
            try:
                if self.log_requests and environ.get("PATH_INFO") not in self.skip_paths:
                    self.log(environ, seen, started)
            finally:
                try:
                    request_id.reset(token)
                except ValueError:  # closed in another context: nothing to restore
                    pass

        try:
            result = self.application(environ, start)
        except BaseException:
            seen.setdefault("status", "500")
            finish()
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(result, file_wrapper):
            # A file sent by the server itself (sendfile): left as it is, closing it ends the
            # line. (Wrapping it would make the server copy the file through Python.)
            close = getattr(result, "close", None)

            def close_and_finish():
                try:
                    if close is not None:
                        close()
                finally:
                    finish()

            result.close = close_and_finish
            return result
        return _Body(result, finish)

    def log(self, environ, seen, started):
        status = str(seen.get("status", "500")).split(" ", 1)[0]
        cache = seen.get("cache") or environ.get("pagecache.status") or "miss"
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "/")
        path = scrub(path[:500])
        method = environ.get("REQUEST_METHOD", "")
        duration = round((time.perf_counter() - started) * 1000, 1)
        logger.info("%s %s %s %.1f ms %s", method, path, status, duration, cache, extra={
            "method": method,
            "path": path,
            "query": query_names(environ.get("QUERY_STRING", "")),
            "status": int(status) if status.isdigit() else status,
            "duration_ms": duration,
            "page_cache": cache,
            "user_id": environ.get(STAFF_ID_KEY),
        })


class StaffIdMiddleware:
    """Notes the staff member's user id for the request line (never a name or an e-mail).

    Reads the user only if this request already loaded it (the admin always does): looking it
    up here would cost queries on requests that need none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = request.__dict__.get("user")
        if user is not None:
            wrapped = user.__dict__.get("_wrapped", user)
            if getattr(wrapped, "is_staff", False):
                request.META[STAFF_ID_KEY] = wrapped.pk
        return response
