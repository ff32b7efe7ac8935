"""Purges of the caches in front of the site (pagecache/front.py): every change that makes pages
stale queues a task that purges each of their addresses in nginx (NGINX_PURGE_URL) and at the
CDN (CDN_PURGE_URLS), tried again when a server refuses. Checked against a local HTTP server
that records the purges it gets."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from pagecache.front import purge_front

from ..conftest import make_article, make_section

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class Recorder:
    """An HTTP server on a free loopback port that records every request (method, path, Host,
    headers, body) and answers 200, or the statuses queued for a path first (`fail`)."""

    def __init__(self):
        self.requests = []
        self.failures = {}  # path prefix -> statuses to answer first, in order
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one_request(self):
                self.raw_requestline = self.rfile.readline(65537)
                if not self.raw_requestline:
                    self.close_connection = True
                    return
                if not self.parse_request():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status = recorder.record(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def record(self, method, path, headers, body):
        with self.lock:
            self.requests.append({"method": method, "path": path, "host": headers.get("Host"),
                                  "headers": headers, "body": body})
            for prefix, statuses in self.failures.items():
                if path.startswith(prefix) and statuses:
                    return statuses.pop(0)
            return 200

    def fail(self, prefix, *statuses):
        self.failures[prefix] = list(statuses)

    def paths(self, prefix="", method=None):
        return [r["path"][len(prefix):] for r in self.requests
                if r["path"].startswith(prefix) and method in (None, r["method"])]

    def clear(self):
        self.requests.clear()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    server = Recorder()
    yield server
    server.close()


@pytest.fixture
def front(settings, recorder, commits):
    """nginx's purge location and a CDN endpoint, both the recorder; changes commit at once."""
    settings.PAGE_CACHE_PURGE = True
    settings.NGINX_PURGE_URL = [f"{recorder.url}/purge"]
    settings.CDN_PURGE_URLS = [f"{recorder.url}/cdn"]
    settings.CDN_PURGE_FORMAT = "url"
    settings.CDN_PURGE_METHOD = "PURGE"
    settings.CDN_PURGE_TOKEN = "jeton-secret"
    settings.CDN_PURGE_HEADER = "AccessKey"
    settings.TASK_RETRY_SECONDS = 0
    settings.TASK_MAX_ATTEMPTS = 3
    return recorder


def visit(*urls):
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url


def nginx_purged(recorder):
    """Addresses purged in nginx, as `path?query`, each once both its copies (gzipped, plain)
    are (the scheme and host checked on the way)."""
    copies = {"gzip": [], "plain": []}
    for path in recorder.paths("/purge/"):
        copy = "gzip" if path.startswith("gzip/") else "plain"
        scheme, host, rest = path.removeprefix("gzip/").split("/", 2)
        assert (scheme, host) == ("http", "testserver"), path
        copies[copy].append("/" + rest)
    assert sorted(copies["gzip"]) == sorted(copies["plain"])
    return copies["gzip"]


def test_publish_then_unpublish_purges_every_variant_in_nginx_and_at_the_cdn(front):
    section = make_section("Jardins")
    make_article("Déjà là", section=section, tags=["potagers"])
    draft = make_article("Les toits potagers", section=section, tags=["potagers"],
                         status=Article.Status.DRAFT)
    tag = "/mot-cle/potagers/"
    lists = ["/", "/en/", section.get_absolute_url(), f"{section.get_absolute_url()}?page=1",
             f"/en{section.get_absolute_url()}", tag, "/flux/rss/", "/flux/atom/",
             "/flux/rss/?complet=1", f"{section.get_absolute_url()}rss/", f"{tag}rss/"]
    visit(*lists)

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert set(lists) <= set(nginx_purged(front))  # the lists that will show it
    front.clear()

    article = draft.get_absolute_url()
    variants = [article, f"/en{article}", f"{article}?avis=1"]
    visit(*variants, *lists)
    draft.status = Article.Status.DRAFT
    draft.save()
    purged = nginx_purged(front)
    assert set(variants + lists) <= set(purged)
    assert len(purged) == len(set(purged))  # each once
    # The same addresses at the CDN: PURGE <path> with the page's Host and the token.
    cdn = front.paths("/cdn", method="PURGE")  # one per address
    assert sorted(cdn) == sorted(purged)
    assert {r["host"] for r in front.requests if r["path"].startswith("/cdn")} == {"testserver"}
    assert {r["headers"].get("AccessKey") for r in front.requests
            if r["path"].startswith("/cdn")} == {"jeton-secret"}
    # And it is really gone from the site.
    assert Client().get(article).status_code == 404


def test_a_withdrawn_article_is_purged_by_the_worker_run_that_follows(front, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    article = make_article("À retirer")
    visit(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    assert front.requests == []  # queued, not sent inside the editor's request
    assert DBTaskResult.objects.ready().count() == 2  # nginx, the CDN
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert article.get_absolute_url() in nginx_purged(front)
    assert article.get_absolute_url() in front.paths("/cdn")
    assert DBTaskResult.objects.successful().count() == 2


def test_a_refusing_endpoint_is_tried_again_alone(front, caplog):
    article = make_article("Refusé puis accepté")
    url = article.get_absolute_url()
    visit(url)
    front.fail("/cdn", 503, 502)  # the CDN's first two answers, then 200
    article.title = "Refusé puis accepté, corrigé"
    article.save()
    assert front.paths("/cdn").count(url) == 3  # tried, tried again, purged
    assert nginx_purged(front).count(url) == 1  # nginx had purged it the first time
    assert any("trying again" in record.getMessage() and "HTTP 503" in record.getMessage()
               for record in caplog.records)


def test_an_endpoint_that_never_answers_is_given_up_without_failing_the_change(front, settings,
                                                                               caplog):
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/cdn"]  # nothing listens on port 9
    settings.CDN_PURGE_TIMEOUT = 1
    article = make_article("Personne au bout")
    visit(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()  # no exception for the editor
    assert article.get_absolute_url() in nginx_purged(front)
    assert any("given up" in record.getMessage() for record in caplog.records)


def test_json_purges_in_batches_of_thirty_with_the_token(front, settings):
    settings.CDN_PURGE_FORMAT = "json"
    settings.CDN_PURGE_HEADER = "Authorization"
    settings.CDN_PURGE_TOKEN = "Bearer abc"
    urls = [f"https://lemagazine.example/articles/a-{n}/" for n in range(45)]
    purge_front.enqueue(f"{front.url}/client/v4/zones/z/purge_cache", urls)
    posts = [r for r in front.requests if r["method"] == "POST"]
    assert [len(json.loads(r["body"])["files"]) for r in posts] == [30, 15]
    assert sorted(sum((json.loads(r["body"])["files"] for r in posts), [])) == sorted(urls)
    assert {r["headers"]["Authorization"] for r in posts} == {"Bearer abc"}
    assert {r["headers"]["Content-Type"] for r in posts} == {"application/json"}


def test_an_endpoint_with_a_url_placeholder_gets_each_address_encoded(front, settings):
    settings.CDN_PURGE_METHOD = "POST"
    purge_front.enqueue(f"{front.url}/purge?url={{url}}",
                        ["https://lemagazine.example/rubrique/ville/?page=2"])
    assert front.requests[0]["method"] == "POST"
    assert front.requests[0]["path"] == (
        "/purge?url=https%3A%2F%2Flemagazine.example%2Frubrique%2Fville%2F%3Fpage%3D2")


def test_nginx_purge_addresses_carry_scheme_host_path_and_query(front):
    purge_front.enqueue("nginx", ["https://lemagazine.example/en/articles/été/?avis=2"])
    assert front.paths() == [
        "/purge/gzip/https/lemagazine.example/en/articles/%C3%A9t%C3%A9/?avis=2",
        "/purge/https/lemagazine.example/en/articles/%C3%A9t%C3%A9/?avis=2"]


def test_setting_an_nginx_or_cdn_purge_url_turns_the_purge_list_on():
    code = "from django.conf import settings; print(settings.PAGE_CACHE_PURGE)"
    base = {"DJANGO_SETTINGS_MODULE": "magazine.settings", "DEBUG": "1", "PATH": "/usr/bin:/bin"}

    def purge_on(**env):
        result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                                cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
                                check=True)
        return result.stdout.strip()

    assert purge_on() == "False"
    assert purge_on(NGINX_PURGE_URL="http://10.0.0.5:8080/purge") == "True"
    assert purge_on(CDN_PURGE_URLS="https://api.bunny.net/purge?url={url}") == "True"
    assert purge_on(NGINX_PURGE_URL="http://10.0.0.5:8080/purge", PAGE_CACHE_PURGE="0") == "False"
