"""Rate limits (core/ratelimit.py): exact, shared by every process, Redis when configured.

The race test runs real OS processes, each with its own Django and its own database connection,
against a throw-away database of their own (a SQLite file; a PostgreSQL database too when the
suite runs on PostgreSQL): pytest-django's SQLite test database lives in memory, where no other
process could see it.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from core import ratelimit
from core.models import RateCounter

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

LOCAL_MEMORY = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit-tests",
    }
}
DEAD_REDIS = {
    "default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        # Nothing listens on port 1: every operation fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
REDIS_LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture(autouse=True)
def no_redis(settings):
    """Without Redis the counters live in the database, whatever cache the suite runs with
    (CI runs it again with REDIS_URL); the Redis tests below configure theirs."""
    settings.CACHES = LOCAL_MEMORY


def counts():
    return sorted(RateCounter.objects.values_list("count", flat=True))


# --- Counting in the database ----------------------------------------------------------------


@pytest.mark.django_db
def test_exactly_limit_hits_pass_in_a_window_and_the_next_window_starts_again():
    with freeze_time("2030-01-01 10:00:00", tz_offset=0) as clock:
        assert [ratelimit.hit("vote", "ip", 3, 3600) for _ in range(4)] == [True] * 3 + [False]
        clock.move_to("2030-01-01 10:59:59")
        assert not ratelimit.hit("vote", "ip", 3, 3600)
        clock.move_to("2030-01-01 11:00:00")
        assert [ratelimit.hit("vote", "ip", 3, 3600) for _ in range(4)] == [True] * 3 + [False]

    rows = {row.expires_at: row.count for row in RateCounter.objects.all()}
    # One row per window, kept a few seconds past the window's end.
    assert rows == {datetime(2030, 1, 1, 11, 0, 5, tzinfo=UTC): 5,
                    datetime(2030, 1, 1, 12, 0, 5, tzinfo=UTC): 4}


@pytest.mark.django_db
def test_scopes_and_keys_count_separately():
    assert ratelimit.hit("vote", "reader-a", 1, 60)
    assert not ratelimit.hit("vote", "reader-a", 1, 60)
    assert ratelimit.hit("vote", "reader-b", 1, 60)
    assert ratelimit.hit("comment", "reader-a", 1, 60)
    assert counts() == [1, 1, 2]


@pytest.mark.django_db
def test_one_statement_on_the_primary_inside_or_outside_an_atomic_block():
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.hit("vote", "ip", 2, 60)
    assert len(queries) == 1
    assert "ON CONFLICT" in queries[0]["sql"] and "RETURNING" in queries[0]["sql"]

    with transaction.atomic():
        assert ratelimit.hit("vote", "ip", 2, 60)
    with transaction.atomic():
        assert not ratelimit.hit("vote", "ip", 2, 60)
    assert counts() == [3]


@pytest.mark.django_db
def test_keys_are_stored_hashed_and_any_length_fits():
    address = "lecteur.assidu@example.org"
    long_key = address * 20  # 520 characters
    assert ratelimit.hit("erase", address, 1, 3600)
    assert ratelimit.hit("erase", long_key, 1, 3600)
    assert not ratelimit.hit("erase", long_key, 1, 3600)

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(len(key) <= 255 and key.startswith("erase:") for key in keys)
    assert not any("example.org" in key for key in keys)


@pytest.mark.django_db
def test_purge_expired_deletes_only_finished_windows():
    with freeze_time("2030-01-01 10:00:00", tz_offset=0) as clock:
        ratelimit.hit("vote", "ip", 3, 60)  # expires at 10:01:05
        ratelimit.hit("vote", "ip", 3, 3600)  # expires at 11:00:05
        clock.move_to("2030-01-01 10:01:06")
        assert ratelimit.purge_expired() == 1
        assert ratelimit.purge_expired() == 0
    assert counts() == [1]


@pytest.mark.django_db
def test_hit_purges_expired_rows_now_and_then(monkeypatch):
    with freeze_time("2030-01-01 10:00:00", tz_offset=0) as clock:
        ratelimit.hit("vote", "old", 3, 60)
        clock.move_to("2030-01-01 11:00:00")
        monkeypatch.setattr(ratelimit, "PURGE_ONE_IN", 1)  # "about once in 500" made certain
        ratelimit.hit("vote", "new", 3, 60)
    assert RateCounter.objects.count() == 1


# --- Concurrency: no lost increment ----------------------------------------------------------

PROCESSES = 4
CALLS = 250  # per process
LIMIT = 700  # of the 1 000 hits, exactly this many must be allowed
WINDOW = 10**9  # one window from 2001 to 2033: the race never straddles two

CHILD = r"""
import sys

import django

django.setup()
from django.db import connection

from core import ratelimit
from core.models import RateCounter

if sys.argv[1] == "create-table":
    with connection.schema_editor() as editor:
        editor.create_model(RateCounter)
    sys.exit()
calls, limit, window = (int(arg) for arg in sys.argv[2:])
connection.ensure_connection()
print("ready", flush=True)
sys.stdin.readline()  # the starting gun: every process is ready
print(sum(ratelimit.hit("race", "one-reader", limit, window) for _ in range(calls)), flush=True)
"""


def child_env(database_url):
    env = {name: value for name, value in os.environ.items()
           if name not in {"REDIS_URL", "CACHE_URL", "DATABASE_REPLICA_URL"}
           and not name.startswith("PYTEST_")}
    env.update(DJANGO_SETTINGS_MODULE="magazine.settings", DEBUG="1",
               DATABASE_URL=database_url)
    return env


def run_child(env, *args, **popen):
    return subprocess.Popen([sys.executable, "-c", CHILD, *map(str, args)], cwd=BASE_DIR,
                            env=env, text=True, **popen)


def race(database_url):
    """PROCESSES processes hit one key CALLS times each, all at once; hits allowed in total."""
    env = child_env(database_url)
    setup = run_child(env, "create-table", stderr=subprocess.PIPE)
    assert setup.wait(timeout=60) == 0, setup.stderr.read()

    children = [run_child(env, "race", CALLS, LIMIT, WINDOW, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(PROCESSES)]
    try:
        for child in children:
            assert child.stdout.readline().strip() == "ready", child.communicate()[1]
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        allowed = 0
        for child in children:
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
            allowed += int(out)
        return allowed
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


@contextmanager
def throwaway_sqlite(tmp_path):
    path = tmp_path / "ratelimit-race.sqlite3"
    yield f"sqlite:///{path}", lambda sql: sqlite3.connect(path).execute(sql).fetchall()


@contextmanager
def throwaway_postgresql():
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = f"ratelimit_race_{uuid.uuid4().hex[:12]}"
    server = dict(host=url.hostname, port=url.port or 5432, user=url.username,
                  password=url.password, autocommit=True)
    with psycopg.connect(dbname="postgres", **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        # Durability is not what is tested: commits need not wait for the disk.
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        try:
            def query(sql):
                with psycopg.connect(dbname=name, **server) as db:
                    return db.execute(sql).fetchall()

            yield url._replace(path=f"/{name}").geturl(), query
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("engine", [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://...)")),
])
def test_concurrent_processes_lose_no_increment(engine, tmp_path):
    database = throwaway_sqlite(tmp_path) if engine == "sqlite" else throwaway_postgresql()
    with database as (url, query):
        allowed = race(url)
        rows = query("SELECT count FROM core_ratecounter")
    assert rows == [(PROCESSES * CALLS,)]
    assert allowed == LIMIT


# --- Redis -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_limits_still_limit_in_the_table_when_redis_is_unreachable(settings):
    settings.CACHES = DEAD_REDIS
    assert [ratelimit.hit("vote", "ip", 2, 60) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("vote", "other-ip", 2, 60)
    assert counts() == [1, 3]


@pytest.fixture
def redis_cache(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_LOCATION}")
    prefix = f"ratelimit-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.TolerantRedisCache",
            "LOCATION": REDIS_LOCATION,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    yield cache
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.mark.django_db
def test_with_redis_counters_live_in_redis_and_not_in_the_table(redis_cache):
    assert [ratelimit.hit("vote", "ip", 2, 60) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("vote", "other-ip", 2, 60)

    window = int(datetime.now(UTC).timestamp() // 60)
    names = [f"ratelimit:{ratelimit.counter_key('vote', ip, w)}"
             for ip in ("ip", "other-ip") for w in (window - 1, window)]
    assert sorted(n for n in map(redis_cache.get, names) if n is not None) == [1, 3]
    assert RateCounter.objects.count() == 0
