"""The page cache's counters (pagecache/generations.py): moved with the change in the
database, never lost, exact across processes, and a cache outage cannot hide a change."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from articles.invalidation import GO_LIVE, next_go_live
from articles.models import Article
from pagecache.generations import DEADLINE_PREFIX, counters, replace_deadline, set_deadline
from pagecache.models import Generation

from ..conftest import clear_caches, counter, make_article

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_a_change_moves_its_counters_in_its_own_transaction():
    from django.db import transaction

    article = make_article()
    before = counter(f"article:{article.pk}")
    try:
        with transaction.atomic():
            article.title = "Jamais enregistré"
            article.save()
            assert counter(f"article:{article.pk}") == before + 1
            raise RuntimeError("the save fails")
    except RuntimeError:
        pass
    # Rolled back together: no counter moved without its change (nor the reverse).
    assert counter(f"article:{article.pk}") == before
    assert Article.objects.get(pk=article.pk).title != "Jamais enregistré"


BUMPS = r'''
import os, sys
import django
django.setup()
from django.db import transaction
from pagecache.generations import bump
for _ in range(int(sys.argv[1])):
    with transaction.atomic():
        bump("article:1", "latest-articles")
'''


@pytest.mark.django_db(transaction=True)
def test_counters_lose_no_increment_when_processes_race(tmp_path):
    """Four processes moving the same counters at once: every step counted (the database's
    own upsert, not a get-then-set)."""
    url = os.environ.get("DATABASE_URL", "")
    admin = None
    if url.startswith("postgres"):
        import psycopg

        name = f"magazine_counters_{secrets.token_hex(4)}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        database = url.rsplit("/", 1)[0] + "/" + name
    else:
        database = f"sqlite:///{tmp_path / 'counters.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1", "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "magazine.settings", "CACHE_DIR": str(tmp_path / "cache")}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                       check=True)
        workers = [subprocess.Popen([sys.executable, "-c", BUMPS, "100"], cwd=ROOT, env=env)
                   for _ in range(4)]
        assert all(worker.wait(timeout=300) == 0 for worker in workers)
        result = subprocess.run(
            [sys.executable, "-c", "import django, json; django.setup(); "
             "from pagecache.models import Generation; "
             "print(json.dumps(dict(Generation.objects.values_list('key', 'value'))))"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    finally:
        if admin:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["article:1"] == 400 and values["latest-articles"] == 400


def test_a_request_cannot_overwrite_a_go_live_time_a_save_just_stored():
    """The audit's race: a request found the stored go-live time passed and computed the next
    one; meanwhile a scheduled save stored an earlier one; the request's write must lose."""
    passed_ms = int((time.time() - 60) * 1000)
    Generation.objects.update_or_create(key=DEADLINE_PREFIX + GO_LIVE,
                                        defaults={"value": passed_ms})
    later = time.time() + 3600
    # The save (an article scheduled in ten minutes) stores its time first ...
    soon = time.time() + 600
    set_deadline(GO_LIVE, soon)
    # ... then the request writes what it computed before the save: refused.
    assert replace_deadline(GO_LIVE, passed_ms, later) is False
    assert Generation.objects.get(key=DEADLINE_PREFIX + GO_LIVE).value == int(soon * 1000)


def test_a_scheduled_save_stores_the_next_go_live_with_the_save():
    soon = timezone.now() + timedelta(minutes=10)
    make_article("Programmé", published_at=soon)
    stored = Generation.objects.get(key=DEADLINE_PREFIX + GO_LIVE).value
    assert stored == int(soon.timestamp() * 1000) == int(next_go_live() * 1000)


# -- A cache outage cannot hide a change --------------------------------------------------------


def redis_server():
    """A Redis of this test's own (pausing the shared one would pause every test)."""
    executable = shutil.which("redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, port


@pytest.fixture
def own_redis():
    process, port = redis_server()
    cache = {"default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0", "KEY_PREFIX": "panne",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    with override_settings(CACHES=cache):  # Django swaps its cache handlers for these
        clear_caches()
        yield port
    process.terminate()
    process.wait(timeout=10)


def test_an_unpublish_during_a_redis_pause_is_never_hidden(own_redis):
    """The audit's `CLIENT PAUSE 2000 ALL` during an unpublish: the database said draft, and
    every request after served the article. The counters live in the database now: pages keep
    coming, fresh, during the pause; once Redis answers, what it holds is stale and unused."""
    import redis

    article = make_article("Bientôt retiré")
    url = article.get_absolute_url()
    reader = Client(raise_request_exception=False)
    assert reader.get(url).status_code == 200
    assert reader.get(url)["X-Page-Cache"] == "hit"
    # Another worker has only Redis's copy: forget this process's own.
    clear_caches_local_only()

    redis.Redis(port=own_redis).execute_command("CLIENT", "PAUSE", "2000", "ALL")
    started = time.monotonic()
    article.status = Article.Status.DRAFT
    article.save()  # a database write: nothing to tell the cache
    during = reader.get(url)
    assert during.status_code == 404  # rendered fresh, not a 5xx
    time.sleep(max(0, 2.2 - (time.monotonic() - started)))
    from django.core.cache import cache

    cache._down_until = 0  # the backend would retry by itself a few seconds later
    after = reader.get(url)
    assert after.status_code == 404 and "X-Page-Cache" not in after


def clear_caches_local_only():
    from pagecache.store import fragments, pages, params

    for store in (pages, fragments, params):
        store.clear_local()
    counters.clear()
