"""Read replicas (magazine/db_router.py): which reads may lag, which must see the primary."""

import json
import os
from datetime import datetime, timedelta, timezone
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import transaction

from magazine import db_router
from magazine.db_router import ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]
ROUTER = ReplicaRouter()
# The router asks the page cache's counters when the last change was (a query on SQLite).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replicas(settings, monkeypatch):
    """Two replica aliases in settings (nothing connects to them: the router only names them)."""
    for alias in ("replica_1", "replica_2"):
        monkeypatch.setitem(settings.DATABASES, alias, {**settings.DATABASES["default"],
                                                        "TEST": {"MIRROR": "default"}})
    # Well after whatever earlier tests changed (a change keeps reads on the primary a while).
    from freezegun import freeze_time

    with freeze_time(datetime.now(timezone.utc) + timedelta(hours=1), tick=True):
        yield ["replica_1", "replica_2"]
    db_router.end_request()


def start(method="GET", cookie=None):
    environ = {"REQUEST_METHOD": method}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    db_router.start_request(environ=environ)


def read():
    return ROUTER.db_for_read(None)


def test_an_anonymous_get_reads_from_one_replica_for_the_whole_request(replicas):
    start()
    alias = read()
    assert alias in replicas
    assert {read() for _ in range(20)} == {alias}


def test_after_a_change_renders_read_the_primary_until_replicas_catch_up(replicas, settings):
    from freezegun import freeze_time

    from pagecache.generations import bump

    settings.DATABASE_REPLICA_URLS = ["postgres://replica"]  # as DATABASE_REPLICA_URL sets it
    settings.REPLICA_CATCH_UP_SECONDS = 10
    with freeze_time("2026-11-29 10:00:00") as clock:
        clock.tick(60)
        start()
        assert read() in replicas
        for change in (lambda: bump("article:1"), lambda: bump("ratings:1", "ranking")):
            change()
            start()
            assert read() == "default"  # a reader asking now must get the change
            clock.tick(11)
            start()
            assert read() in replicas


def test_requests_are_spread_over_the_replicas(replicas):
    drawn = set()
    for _ in range(60):
        start()
        drawn.add(read())
        db_router.end_request()
    assert drawn == set(replicas)


@pytest.mark.parametrize("cookie", ["sessionid=abc", "lecteur=abc", "csrftoken=x; sessionid=abc"])
def test_staff_and_readers_who_wrote_read_from_the_primary(replicas, cookie):
    start(cookie=cookie)
    assert read() == "default"


def test_the_csrf_cookie_alone_does_not_pin_to_the_primary(replicas):
    start(cookie="csrftoken=abc")
    assert read() in replicas


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_requests_that_may_write_read_from_the_primary(replicas, method):
    start(method)
    assert read() == "default"


def test_head_reads_from_a_replica(replicas):
    start("HEAD")
    assert read() in replicas


def test_after_a_write_the_rest_of_the_request_reads_from_the_primary(replicas):
    start()
    assert read() in replicas
    assert ROUTER.db_for_write(None) == "default"
    assert read() == "default"
    # The next request starts afresh.
    db_router.end_request()
    start()
    assert read() in replicas


def test_outside_a_request_reads_go_to_the_primary(replicas):
    start()
    assert read() in replicas
    db_router.end_request()
    assert read() == "default"


def test_a_request_without_wsgi_environ_reads_from_the_primary(replicas):
    # ASGI passes a scope instead; its receivers' context never reaches the request anyway.
    db_router.start_request(scope={"method": "GET", "headers": []})
    assert read() == "default"


def test_without_replicas_everything_reads_from_the_primary():
    start()
    assert read() == "default"
    db_router.end_request()


@pytest.mark.django_db(transaction=True)
def test_inside_an_atomic_block_reads_go_to_the_primary(replicas):
    start()
    assert read() in replicas
    with transaction.atomic():
        assert read() == "default"
    assert read() in replicas


def test_migrations_only_on_the_primary_and_relations_allowed_across():
    assert ROUTER.allow_migrate("default", "articles") is True
    assert ROUTER.allow_migrate("replica", "articles") is False
    assert ROUTER.allow_migrate("replica_2", "articles", model_name="article") is False
    assert ROUTER.allow_relation(object(), object()) is True


def test_without_replicas_nothing_is_connected_per_request(settings):
    assert settings.DATABASE_ROUTERS == []
    for signal in (request_started, request_finished):
        assert db_router.start_request not in [ref() for _key, ref, *_ in signal.receivers]
        assert db_router.end_request not in [ref() for _key, ref, *_ in signal.receivers]


# Settings and a real replica, in a fresh process (settings are read once).

PRINT_DATABASES = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS}, default=str))"
)


def run(code, *args, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "CACHE_URL"}}
    base.update(DJANGO_SETTINGS_MODULE="magazine.settings", DEBUG="1", **env)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120)


def test_settings_without_replica_url_add_nothing():
    result = run(PRINT_DATABASES)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert list(values["databases"]) == ["default"]
    assert values["routers"] == []


def test_settings_with_one_replica_url():
    result = run(PRINT_DATABASES, DATABASE_URL="postgres://app:pw@primary.example:5432/magazine",
                 CONN_MAX_AGE="30",
                 DATABASE_REPLICA_URL="postgres://reader:pw2@replica.example:5433/magazine"
                                      "?sslmode=require")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert list(values["databases"]) == ["default", "replica"]
    replica = values["databases"]["replica"]
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == (
        "replica.example", 5433, "reader", "magazine")
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert replica["CONN_MAX_AGE"] == 30 and replica["CONN_HEALTH_CHECKS"] is True
    # Its own options, and the primary's values bound on the server (core/postgresql.py).
    assert replica["OPTIONS"] == {"sslmode": "require", "server_side_binding": True}
    assert replica["TEST"]["MIRROR"] == "default"
    assert values["databases"]["default"]["HOST"] == "primary.example"
    assert values["routers"] == ["magazine.db_router.ReplicaRouter"]


def test_settings_with_several_replica_urls():
    result = run(PRINT_DATABASES, DATABASE_URL="postgres://app@primary.example/magazine",
                 DATABASE_REPLICA_URL="postgres://app@r1.example/magazine, "
                                      "postgres://app@r2.example/magazine")
    assert result.returncode == 0, result.stderr
    databases = json.loads(result.stdout)["databases"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    hosts = [databases[alias]["HOST"] for alias in ("replica_1", "replica_2")]
    assert hosts == ["r1.example", "r2.example"]


def test_a_replica_on_another_engine_is_refused():
    result = run(PRINT_DATABASES, DATABASE_URL="postgres://app@primary.example/magazine",
                 DATABASE_REPLICA_URL="sqlite:///replica.sqlite3")
    assert result.returncode != 0
    assert "same database engine" in result.stderr


# The replica is a copy of the primary taken before the last writes, as a lagging replica is:
# what a read sees tells which database answered it.
LAGGING_REPLICA = r'''
import json, sqlite3, sys
import django
django.setup()
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from articles.models import Section

primary, replica = sys.argv[1:3]
call_command("migrate", verbosity=0)
connections.close_all()
source, copy = sqlite3.connect(primary), sqlite3.connect(replica)
source.backup(copy)
source.close(), copy.close()
Section.objects.create(name="Écrite après la copie", position=1)

def request(method="GET", cookie=None):
    request_finished.send(sender=None)
    environ = {"REQUEST_METHOD": method}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    request_started.send(sender=None, environ=environ)

def sees_the_write():
    return Section.objects.filter(name="Écrite après la copie").exists()

seen = {"outside a request": sees_the_write()}
request()
seen["anonymous GET"] = sees_the_write()
with transaction.atomic():
    seen["atomic block"] = sees_the_write()
seen["after the atomic block"] = sees_the_write()
Section.objects.create(name="Écrite pendant la requête", position=2)
seen["after a write"] = sees_the_write()
request()
seen["next anonymous GET"] = sees_the_write()
request(cookie="sessionid=abc")
seen["session cookie"] = sees_the_write()
request(cookie="lecteur=abc")
seen["reader cookie"] = sees_the_write()
request("POST")
seen["POST"] = sees_the_write()
request_finished.send(sender=None)

setup_test_environment()
def home_queries(cookie=None):
    client = Client()
    if cookie:
        client.cookies[cookie] = "abc"
    with CaptureQueriesContext(connections["default"]) as on_primary, \
            CaptureQueriesContext(connections["replica"]) as on_replica:
        status = client.get("/").status_code
    # The page cache's counters always come from the primary (pagecache/generations.py).
    content = [q["sql"] for q in on_primary.captured_queries if "pagecache_generation" not in q["sql"]]
    return [status, len(content), len(on_replica)]

print(json.dumps({"seen": seen, "home anonymous": home_queries(),
                  "home with session": home_queries("sessionid")}))
'''


def test_reads_see_the_primary_exactly_when_they_must(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    result = run(LAGGING_REPLICA, str(primary), str(replica),
                 DATABASE_URL=f"sqlite:///{primary}", DATABASE_REPLICA_URL=f"sqlite:///{replica}",
                 # The writes below would otherwise keep reads on the primary for a while
                 # (tested on its own above).
                 PAGE_CACHE_SECONDS="0", REPLICA_CATCH_UP_SECONDS="0")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["seen"] == {
        "outside a request": True,
        "anonymous GET": False,
        "atomic block": True,
        "after the atomic block": False,
        "after a write": True,
        "next anonymous GET": False,
        "session cookie": True,
        "reader cookie": True,
        "POST": True,
    }
    status, on_primary, on_replica = values["home anonymous"]
    assert status == 200 and on_primary == 0 and on_replica > 0
    status, on_primary, on_replica = values["home with session"]
    assert status == 200 and on_primary > 0 and on_replica == 0


def test_a_page_cache_witness_reads_the_primary_in_a_request_sent_to_a_replica(replicas):
    """A request drawn to a replica learns of a change mid-way (the counters' notification):
    the witness that decides whether a stored page still holds reads the primary, never a
    replica that may not have the change yet (pagecache/store.py, revalidate)."""
    from pagecache import dependencies, store
    from pagecache.generations import EPOCH_KEY, bump, counters

    read_from = []
    dependencies.register_witness("essai-replique", lambda: read_from.append(read()) or "pareil")
    start()
    assert read() in replicas
    keys = ["tag-articles:1", EPOCH_KEY]
    counters.epoch()
    values = counters.get(keys, counters.snapshot())
    stored = store.Fragment("<p>…</p>", tuple(sorted(values.items())), None, (),
                            (("essai-replique", (), "pareil", frozenset({"tag-articles:1"})),))
    bump("tag-articles:1")
    assert store.revalidate(stored, counters.snapshot()) is not None
    assert read_from == ["default"]
    assert read() in replicas  # the rest of the request still reads its replica
