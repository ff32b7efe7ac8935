"""The cache equivalence across processes: two gunicorn workers serve the site with every cache
on, while another process changes the database and renders each reader page with every cache
off (tests/pagecache/equivalence_driver.py). No worker may serve a page older than the change,
whatever worker stored it and whichever process made the change: on SQLite (data_version) and on
PostgreSQL (LISTEN/NOTIFY), with Redis when REDIS_URL is set (CI's third pass)."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    """A throw-away database of the same engine as the suite's, migrated."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"magazine_equivalence_{os.getpid()}_{secrets.token_hex(3)}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        yield url.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'magazine.sqlite3'}"


def environment(database, tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database, DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(tmp_path / "media"), CACHE_DIR=str(tmp_path / "cache"),
        STATIC_ROOT=str(tmp_path / "static"),
        CACHE_KEY_PREFIX=f"equivalence-{tmp_path.name}", PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="magazine.settings", **extra)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@contextmanager
def served_site(database, tmp_path, workers):
    """The site migrated and served by gunicorn with `workers` processes; yields its address
    and stops it afterwards (shared with test_stampede_processes.py)."""
    env = environment(database, tmp_path)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "magazine.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        site = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(site + "/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield site
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_two_workers_serve_what_another_process_just_changed(database, tmp_path):
    with served_site(database, tmp_path, workers=2) as site:
        # The other process: changes, then the pages with every cache off.
        driver = subprocess.run(
            [PYTHON, "-m", "tests.pagecache.equivalence_driver", site, "25", "2026"], cwd=ROOT,
            env=environment(database, tmp_path, PAGE_CACHE_SECONDS="0",
                            FRAGMENT_CACHE_SECONDS="0"),
            capture_output=True, text=True, timeout=600)
    assert driver.returncode == 0, driver.stderr[-3000:]
    figures = json.loads(driver.stdout.strip().splitlines()[-1])
    print(f"\n{figures['steps']} changes, {figures['pages']} pages compared, "
          f"{figures['hits']} served from the page cache")
    assert figures["mismatches"] == [], json.dumps(figures["mismatches"][:3], indent=1,
                                                   ensure_ascii=False)
    assert figures["hits"] > figures["pages"] / 4  # the caches really served most pages
