"""Settings come from the environment; production refuses to start without a real secret."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': s.DATABASES['default']['NAME'], "
    "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def run_with_env(**env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "ALLOWED_HOSTS"}}
    base.update(DJANGO_SETTINGS_MODULE="magazine.settings", **env)
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_secret_key():
    result = run_with_env()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_manage_py_says_what_is_missing():
    """Not Django's unrelated "Models aren't loaded yet", which its command runner shows when
    the settings refuse to load."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("manage.py: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_with_env(SECRET_KEY="court")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_settings_from_environment():
    result = run_with_env(SECRET_KEY="x" * 50, ALLOWED_HOSTS="lemagazine.example,www.lemagazine.example",
                          DATABASE_URL="postgres://user:pw@db.example:5432/magazine",
                          REDIS_URL="redis://cache.example:6379/0")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "engine": "django.db.backends.postgresql", "name": "magazine",
        "cache": "core.cache_backends.TolerantRedisCache", "debug": False,
        "hosts": ["lemagazine.example", "www.lemagazine.example"],
    }


def test_development_defaults_to_sqlite_and_a_cache_every_worker_shares():
    result = run_with_env(DEBUG="1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    # Files on this machine, never a per-process memory (pagecache/ keeps what must be exact
    # in the database).
    assert values["cache"] == "core.cache_backends.FileCache"
    assert values["debug"] is True
