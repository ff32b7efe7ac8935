"""Logs an operator can follow across servers: every request has an id (the balancer's
X-Request-ID, or a new one), sent back in the response and carried by every log line of the
request and by the tasks it queues; with LOG_FORMAT=json, one JSON line per request, page-cache
hits answered before Django included, that holds no reader's IP, e-mail or cookie."""

import io
import json
import logging
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from core.request_log import JsonFormatter, ReadableFormatter, RequestIdFilter, RequestLog
from magazine import health
from pagecache.wsgi import FrontDoor

from ..conftest import clear_caches, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_tests_connection")]

READER_EMAIL = "martine@exemple.fr"
READER_IP, PROXY_IP = "203.0.113.9", "198.51.100.7"
READER_COOKIE = "lecteur-secret-42"


class Lines:
    """The console handler as the settings build it: the id filter and a formatter."""

    def __init__(self, formatter):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(RequestIdFilter())
        self.handler.setFormatter(formatter)

    def __enter__(self):
        root = logging.getLogger()
        self.level = root.level
        root.addHandler(self.handler)
        root.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.level)

    @property
    def text(self):
        return self.stream.getvalue()

    def json(self):
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def requests(self):
        return [line for line in self.json() if line["logger"] == "core.request_log"]


def site(page_cache=True):
    application = WSGIHandler()
    if page_cache:
        application = FrontDoor(application)
    return RequestLog(application, skip_paths=health.PATHS, log_requests=True)


def call(application, path, method="GET", query="", data=None, **headers):
    body = urlencode(data or {}).encode()
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": method,
               "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO(body),
               "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": READER_IP,
               "HTTP_X_FORWARDED_FOR": f"{READER_IP}, {PROXY_IP}",
               "HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ACCEPT_ENCODING": "identity"}
    if data is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    environ.update(headers)
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(response_headers)

    result = application(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        result.close()
    return seen["status"], seen["headers"], content


@pytest.fixture
def cached_site(settings):
    settings.PAGE_CACHE_SECONDS = 600
    clear_caches()
    yield site()
    clear_caches()


def test_one_json_line_per_request_page_cache_hits_included_with_no_reader_data(cached_site):
    make_article(slug="une-histoire")
    query = f"email={READER_EMAIL}&utm_source=lettre&ip={READER_IP}"
    with Lines(JsonFormatter()) as lines:
        statuses = []
        for _ in range(2):  # the first renders and stores, the second is a hit at the door
            status, headers, _ = call(cached_site, "/articles/une-histoire/", query=query,
                                      HTTP_COOKIE=f"lecteur={READER_COOKIE}")
            statuses.append((status, headers.get("X-Page-Cache"), headers["X-Request-ID"]))
    first, second = lines.requests()
    assert [s for s, _, _ in statuses] == [200, 200]
    assert statuses[1][1] == "hit"
    assert first["page_cache"] == "miss" and second["page_cache"] == "hit"
    for line, (_, _, request_id) in zip((first, second), statuses):
        assert line["request_id"] == request_id and len(request_id) == 32
        assert line["method"] == "GET" and line["status"] == 200
        assert line["path"] == "/articles/une-histoire/"
        assert line["query"] == "email&utm_source&ip"  # names, never values
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
        assert line["user_id"] is None
        assert line["time"].endswith("+00:00")
    assert statuses[0][2] != statuses[1][2]
    for secret in (READER_EMAIL, READER_IP, PROXY_IP, READER_COOKIE):
        assert secret not in lines.text


def test_the_balancers_request_id_is_kept_when_it_is_a_plain_token(cached_site):
    make_article(slug="une-histoire")
    with Lines(JsonFormatter()) as lines:
        _, kept, _ = call(cached_site, "/articles/une-histoire/",
                          HTTP_X_REQUEST_ID="lb-7f3a9c.42")
        _, injected, _ = call(cached_site, "/articles/une-histoire/",
                              HTTP_X_REQUEST_ID='x"\n{"status": 200}')
        _, too_long, _ = call(cached_site, "/articles/une-histoire/",
                              HTTP_X_REQUEST_ID="a" * 129)
    assert kept["X-Request-ID"] == "lb-7f3a9c.42"
    for headers in (injected, too_long):
        assert len(headers["X-Request-ID"]) == 32 and headers["X-Request-ID"].isalnum()
    assert [line["request_id"] for line in lines.requests()] == [
        "lb-7f3a9c.42", injected["X-Request-ID"], too_long["X-Request-ID"]]
    assert len(lines.text.splitlines()) == 3  # no line forged by a header


def test_every_line_of_a_request_carries_its_id(settings):
    """A failing view: Django's error line and the request line share the request's id, and
    the reader's address in the error's message is masked."""
    settings.ROOT_URLCONF = "tests.core.error_urls"
    with Lines(JsonFormatter()) as lines:
        status, headers, _ = call(site(page_cache=False), "/panne/jeton/",
                                  query=f"email={READER_EMAIL}", HTTP_X_REQUEST_ID="req-500")
        call(site(page_cache=False), "/panne/jeton/", method="POST", data={},
             HTTP_X_REQUEST_ID="req-403")  # no CSRF cookie: refused
    assert status == 500 and headers["X-Request-ID"] == "req-500"
    records = lines.json()
    error, refusal = records[0], records[2]
    assert error["logger"] == "django.request" and error["level"] == "ERROR"
    assert "ZeroDivisionError" in error["exception"]
    assert refusal["logger"] == "django.security.csrf" and refusal["level"] == "WARNING"
    assert [line["request_id"] for line in records] == ["req-500"] * 2 + ["req-403"] * 2
    assert [line["status"] for line in lines.requests()] == [500, 403]
    # A POST never asks the page cache.
    assert [line["page_cache"] for line in lines.requests()] == ["miss", "bypass"]
    assert READER_EMAIL not in lines.text and READER_IP not in lines.text


def test_a_staff_member_is_named_by_user_id_only():
    editor = User.objects.create_user("chef", email="chef@lemagazine.example", is_staff=True,
                                      is_superuser=True)
    browser = Client()
    browser.force_login(editor)
    session = browser.cookies["sessionid"].value
    application = site()
    with Lines(JsonFormatter()) as lines:
        status, _, _ = call(application, "/admin/", HTTP_COOKIE=f"sessionid={session}")
    assert status == 200
    line, = lines.requests()
    assert line["user_id"] == editor.pk and line["page_cache"] == "bypass"
    assert session not in lines.text and "chef@lemagazine.example" not in lines.text
    assert "chef" not in json.dumps(line)


def test_without_log_format_json_lines_stay_plain_with_the_id(settings):
    """Today's readable lines, prefixed with the id; no request line."""
    settings.ROOT_URLCONF = "tests.core.error_urls"
    application = RequestLog(WSGIHandler(), skip_paths=health.PATHS)
    assert application.log_requests is False  # LOG_FORMAT unset
    with Lines(ReadableFormatter()) as lines:
        call(application, "/panne/jeton/", HTTP_X_REQUEST_ID="req-9")
    assert lines.text.startswith("[req-9] Internal Server Error: /panne/jeton/")
    assert not lines.text.lstrip().startswith("{")
    logging.getLogger("core").info("hors requête")
    with Lines(ReadableFormatter()) as lines:
        logging.getLogger("core").info("hors requête")
    assert lines.text == "hors requête\n"  # outside a request: the line as it always was
