"""Error reports to Sentry, without readers' data (README "Operations: health, logs, errors").

`init_sentry` is called by the settings when SENTRY_DSN is set. sentry-sdk runs with its Django
integration and `send_default_pii=False` (no user, no IP, no cookie sent on purpose), request
bodies are never sent (a comment form holds a reader's name, address and words), and every
event and breadcrumb goes through `before_send` / `before_breadcrumb`, which remove what could
still carry a reader: cookies, the Authorization header and the headers with the client's
address, the query string's values, frame variables named like a reader's data (as the mails
to ADMINS do, core/error_reports.py), and in every remaining string anything shaped like an
e-mail address, an IP address or a signed token (the erase link carries its address). The
request's id (core/request_log.py) is added as a tag, to find the request's log lines.

Import light: the settings import this module, so Django's own modules are imported when an
event is sent, not here.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

FILTERED = "[Filtered]"
# Request headers never sent (compared lower-case, with dashes or underscores).
DROPPED_HEADERS = {
    "cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrftoken",
    "x-forwarded-for", "x-real-ip", "forwarded", "cf-connecting-ip", "true-client-ip",
    "x-client-ip", "remote-addr",
}
DROPPED_ENVIRON = {"REMOTE_ADDR", "REMOTE_HOST", "HTTP_COOKIE", "HTTP_AUTHORIZATION",
                   "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"}
# sentry-sdk's own key-based scrubber, with the reader cookie and address-holding keys added.
DENYLIST = [*DEFAULT_DENYLIST, *DEFAULT_PII_DENYLIST, "lecteur", "email", "mail", "ip",
            "client_ip", "http_cookie", "http_authorization", "http_x_forwarded_for",
            "http_x_real_ip", "remote_host"]


def _scrub_strings(value):
    from .error_reports import scrub

    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_strings(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_strings(item) for item in value]
    return value


def _header_name(name):
    return str(name).lower().replace("_", "-")


def _scrub_request(request):
    from .request_log import query_names

    request.pop("cookies", None)
    request.pop("data", None)
    if isinstance(request.get("headers"), dict):
        request["headers"] = {name: value for name, value in request["headers"].items()
                              if _header_name(name) not in DROPPED_HEADERS}
    if isinstance(request.get("env"), dict):
        request["env"] = {name: value for name, value in request["env"].items()
                          if name not in DROPPED_ENVIRON}
    if request.get("query_string"):
        request["query_string"] = query_names(str(request["query_string"])) or ""
    if isinstance(request.get("url"), str):
        request["url"] = request["url"].split("?", 1)[0]


def _scrub_frames(event):
    from .error_reports import READER_VARIABLES

    values = (event.get("exception") or {}).get("values") or []
    threads = (event.get("threads") or {}).get("values") or []
    for holder in [*values, *threads]:
        for frame in (holder.get("stacktrace") or {}).get("frames") or []:
            variables = frame.get("vars")
            if isinstance(variables, dict):
                frame["vars"] = {name: FILTERED if READER_VARIABLES.search(name) else value
                                 for name, value in variables.items()}


def before_send(event, hint):
    from .request_log import current_id

    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    user = event.get("user")
    if isinstance(user, dict):
        # A staff member's id may stay; nothing else about a person.
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    _scrub_frames(event)
    rid = current_id()
    if rid:
        event.setdefault("tags", {})["request_id"] = rid
    return _scrub_strings(event)


def before_breadcrumb(crumb, hint):
    data = crumb.get("data")
    if isinstance(data, dict):
        for key in list(data):
            if _header_name(key) in DROPPED_HEADERS or key.lower() in DENYLIST:
                data[key] = FILTERED
    return _scrub_strings(crumb)


def init_sentry(dsn, environment="production", **options):
    """Start sentry-sdk (options: anything sentry_sdk.init takes, e.g. a test's transport)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # The SDK's default, said aloud (sentry-sdk 2.7x calls the option deprecated in favour of
        # data_collection, whose dict opts into collecting most categories: not wanted here).
        send_default_pii=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DENYLIST, recursive=True),
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        **options,
    )
