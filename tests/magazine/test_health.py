"""The load balancer's probes: /healthz (this process answers) and /readyz (this server may take
readers). Readiness fails (503) only for what stops a server serving readers — the database
unreachable, migrations pending — and reports a cache or storage failure as "degraded" with a
200. Neither reveals a host, an address or a password, neither is cached nor logged per hit,
and both answer a balancer that probes a server by its IP address over plain HTTP."""

import io
import json
import logging
import time
from unittest import mock
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import Client

from core.request_log import RequestLog
from magazine import health
from pagecache.wsgi import FrontDoor

from ..conftest import clear_caches, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_tests_connection")]

SERVER_IP = "10.0.3.7"
SECRET_HOST = "db-primaire.interne.example"


@pytest.fixture(autouse=True)
def production_like(settings):
    """What a balancer meets in production: a named host only, HTTPS enforced."""
    settings.ALLOWED_HOSTS = ["lemagazine.example"]
    settings.SECURE_SSL_REDIRECT = True
    health._migrations_applied = False
    health._last_status = None
    yield
    health._migrations_applied = False
    health._last_status = None


def probe(path, **extra):
    return Client().get(path, HTTP_HOST=SERVER_IP, **extra)


def test_a_normal_page_refuses_the_servers_ip_address_but_the_probes_answer_it():
    make_article(slug="une-histoire")
    assert probe("/articles/une-histoire/").status_code == 400  # ALLOWED_HOSTS at work
    assert Client().get("/articles/une-histoire/",
                        HTTP_HOST="lemagazine.example").status_code == 301  # to HTTPS
    for path in ("/healthz", "/readyz"):
        response = probe(path)
        assert response.status_code == 200, path
        assert response.json() == {"status": "ok"}
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]


def test_liveness_reads_neither_the_database_nor_the_cache(django_assert_num_queries):
    with mock.patch.object(health, "check_cache") as cache_check, \
            django_assert_num_queries(0):
        response = probe("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    cache_check.assert_not_called()


def test_readiness_reads_the_migration_plan_until_it_is_complete_then_never_again():
    with mock.patch("magazine.health.MigrationExecutor.migration_plan",
                    return_value=[("a pending migration", False)]) as plan:
        response = probe("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "checks": {
            "database": "ok", "migrations": "pending", "cache": "ok", "storage": "ok"}}
        plan.return_value = []
        assert probe("/readyz").status_code == 200
        assert probe("/readyz").status_code == 200
    assert plan.call_count == 2  # once true, kept for the life of the process


def test_an_unreachable_database_is_a_503_that_names_no_host_nor_password(caplog):
    refusal = OperationalError(f'connection to server at "{SECRET_HOST}" (10.9.8.7), port 5432 '
                               'failed: password authentication failed for user "magazine"')
    with mock.patch.object(connection, "cursor", side_effect=refusal), \
            caplog.at_level(logging.INFO):
        responses = [probe("/readyz") for _ in range(3)]
    assert [r.status_code for r in responses] == [503, 503, 503]
    body = responses[0].json()
    assert body == {"status": "unavailable", "checks": {
        "database": "error: OperationalError", "migrations": "unknown",
        "cache": "ok", "storage": "ok"}}
    for text in [responses[0].content.decode(), *(r.getMessage() for r in caplog.records)]:
        assert SECRET_HOST not in text and "10.9.8.7" not in text and "password" not in text
    # Not logged per probe (Django would log, and mail ADMINS, each 5xx): once, as it changes.
    assert not [r for r in caplog.records if r.name == "django.request"]
    changes = [r.getMessage() for r in caplog.records if r.name == "magazine.health"]
    assert changes == ["Readiness: unavailable (database error: OperationalError, "
                       "migrations unknown, cache ok, storage ok)"]

    assert probe("/readyz").status_code == 200  # back by itself
    assert [r.getMessage() for r in caplog.records if r.name == "magazine.health"][-1].startswith(
        "Readiness: ok")


def test_a_failing_cache_is_degraded_not_unavailable(settings):
    """Redis away: pages are rendered without it, so the balancer must keep this server."""
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        "LOCATION": f"redis://:motdepasse-secret@{SECRET_HOST}:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }}
    response = probe("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = response.json()["checks"]
    assert checks["database"] == "ok" and checks["migrations"] == "ok"
    assert checks["cache"].startswith("error: ")  # a class name, nothing more
    assert SECRET_HOST not in response.content.decode()
    assert "motdepasse-secret" not in response.content.decode()


def test_a_hung_storage_is_a_timeout_bounded_and_degraded(settings):
    def hangs(name):
        time.sleep(1.5)
        return False

    with mock.patch.object(health, "CHECK_TIMEOUT_SECONDS", 0.2), \
            mock.patch("magazine.health.default_storage.exists", side_effect=hangs) as exists:
        started = time.monotonic()
        first = probe("/readyz")
        second = probe("/readyz")  # the first check still hangs: not stacked up
        elapsed = time.monotonic() - started
    assert elapsed < 1.2
    for response in (first, second):
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "checks": {
            "database": "ok", "migrations": "ok", "cache": "ok", "storage": "timeout"}}
    assert exists.call_count == 1
    time.sleep(1.5)  # let the hung check end before the next test


def test_a_storage_error_is_degraded():
    with mock.patch("magazine.health.default_storage.exists",
                    side_effect=PermissionError(f"Access Denied for {SECRET_HOST}")):
        response = probe("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "error: PermissionError"
    assert SECRET_HOST not in response.content.decode()


def test_through_the_wsgi_front_door_the_probes_are_never_stored_nor_logged(settings, caplog):
    """The page cache, in front of Django, never keeps or serves a probe; the request log
    (LOG_FORMAT=json) writes no line for them."""
    settings.PAGE_CACHE_SECONDS = 600
    clear_caches()
    application = RequestLog(FrontDoor(WSGIHandler()), skip_paths=health.PATHS,
                             log_requests=True)

    def get(path):
        environ = {"PATH_INFO": path, "HTTP_HOST": SERVER_IP, "REQUEST_METHOD": "GET",
                   "wsgi.input": io.BytesIO()}
        setup_testing_defaults(environ)
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict(headers)

        body = application(environ, start_response)
        content = b"".join(body)
        body.close()
        return seen["status"], seen["headers"], content

    with caplog.at_level(logging.INFO, logger="core.request_log"):
        for _ in range(3):
            for path in health.PATHS:
                status, headers, content = get(path)
                assert status == "200 OK"
                assert json.loads(content) == {"status": "ok"}
                assert "X-Page-Cache" not in headers
                assert "no-store" in headers["Cache-Control"]
                assert headers["X-Request-ID"]
    assert not [r for r in caplog.records if r.name == "core.request_log"]
