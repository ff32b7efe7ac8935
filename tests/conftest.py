import atexit
import html
import itertools
import os
import re
import shutil
import tempfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author

_counter = itertools.count(1)

# After a change, a render reads the page-cache counters it does not hold yet: those this
# process moved (at the start), those nobody had read (at the end), never one per card or part.
# (The query budgets of every app's pages count them.)
COUNTER_READS = 2


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_ROOT = tmp_path / "imports"
    settings.BACKUP_ROOT = tmp_path / "backups"


# Parallel workers (pytest -n 2) share one Redis database: each gets its own key prefix and
# clears only its own keys (cache.clear() is FLUSHDB, which would empty the other worker's
# rate-limit counters and page-cache generations mid-test).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
_REDIS = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
if _WORKER and _REDIS:
    settings.CACHES["default"]["KEY_PREFIX"] = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-{_WORKER}"
# Background tasks run at once, in the request, unless a test says otherwise (the tests of the
# queue itself switch to the database backend and run the worker).
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                              "QUEUES": ["default"]}}
# (The apps built their task objects at start-up, with the backend they found: told again.)
setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
if not _REDIS:
    # The file cache of a test run: its own folder per worker, never the checkout's .cache.
    settings.CACHES["default"]["LOCATION"] = tempfile.mkdtemp(
        prefix=f"magazine-test-cache-{_WORKER or 'main'}-",
        dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    atexit.register(shutil.rmtree, settings.CACHES["default"]["LOCATION"], ignore_errors=True)


def clear_caches(keep_counters=False):
    """Empty the shared cache (this worker's keys) and this process's copies of pages,
    fragments and (unless kept) counters."""
    from django.core.cache import cache

    from pagecache.generations import counters
    from pagecache.store import fragments, pages, params
    from redirects import lookup as redirects_lookup

    if _WORKER and _REDIS:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    for store in (pages, fragments, params):
        store.clear_local()
    if not keep_counters:
        counters.clear()
        redirects_lookup.forget()  # its copy is kept under counters, which tests roll back


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's, and before the test database is dropped: PostgreSQL would refuse while
    the page cache's LISTEN connection is open on it."""
    yield
    from pagecache.generations import counters

    counters.close()


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in French: a request to an /en/ page leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), and the next test in the same
    worker would see English messages."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_caches()
    yield
    clear_caches()


def make_section(name=None, **fields):
    n = next(_counter)
    return Section.objects.create(name=name or f"Rubrique {n}", position=n, **fields)


def make_author(name=None, **fields):
    n = next(_counter)
    fields.setdefault("short_bio", f"Bio courte de l'auteur {n}.")
    fields.setdefault("job_title", "journaliste")
    return Author.objects.create(name=name or f"Auteur {n}", **fields)


def make_article(title=None, *, status=Article.Status.PUBLISHED, published_at=None,
                 section=None, authors=None, tags=(), **fields):
    """An article as a journalist would leave it; published an hour ago unless told."""
    n = next(_counter)
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("standfirst", f"Chapô de l'article {n}.")
    fields.setdefault("body", f"<h2>Intertitre {n}</h2><p>Texte de l'article {n}.</p>")
    article = Article.objects.create(
        title=title or f"Article numéro {n}",
        status=status,
        published_at=published_at,
        section=section if section is not None else make_section(),
        **fields,
    )
    for position, author in enumerate(authors if authors is not None else [make_author()]):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    return article


def reader_client(**defaults):
    """A reader's browser: every current browser says where a request comes from
    (`Sec-Fetch-Site`), which is what readers' forms are checked by (core/anonymous_forms.py).
    Tests of forged requests build a bare Client."""
    from django.test import Client

    return Client(HTTP_SEC_FETCH_SITE="same-origin", **defaults)


@pytest.fixture
def client():
    return reader_client()


def text(response):
    """A response's text as a reader reads it: entities decoded, non-breaking spaces plain."""
    content = html.unescape(response.content.decode())
    return re.sub(r"[\u00a0\u202f]", " ", content)


def counter(key):
    """A page-cache counter's value in the database (pagecache/generations.py): what moves
    when a change makes pages showing `key` stale."""
    from pagecache.models import Generation

    return Generation.objects.filter(key=key).values_list("value", flat=True).first() or 0


def counter_moves():
    """From now on, how far each page-cache counter moves: call the result for {key: steps}
    (only keys of `kind` when given: "comments" for "comments:12")."""
    from pagecache.generations import SEQUENCE_KEY
    from pagecache.models import Generation

    before = dict(Generation.objects.values_list("key", "value"))

    def moved(kind=None):
        now = dict(Generation.objects.exclude(key=SEQUENCE_KEY).values_list("key", "value"))
        return {key: value - before.get(key, 0) for key, value in now.items()
                if value != before.get(key, 0) and (kind is None or key.split(":")[0] == kind)}

    return moved


@pytest.fixture
def commits(monkeypatch):
    """Each test runs inside one transaction that is never committed; with this fixture what
    waits for a commit (e-mails, purges) runs when it would in production, at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


# --- Media on an object store (core/storage.py) ------------------------------------------------


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server, in this process, on a free port of the loopback: the object store the
    media tests also run against (nothing to install or start by hand)."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    """STORAGES as MEDIA_STORAGE_URL makes them, on a fresh bucket of the moto server: public
    media, private backups and imports. Yields what a test needs to look at the store."""
    import json
    import uuid
    from types import SimpleNamespace

    import boto3

    from core.storage_config import configure

    for name, value in (("AWS_ACCESS_KEY_ID", "magazine-test"), ("AWS_SECRET_ACCESS_KEY", "secret"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    bucket = f"magazine-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    # As the README says to set up a store: anyone may read media/, nothing else.
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/media/*"}]}))
    url = f"s3://{bucket}?endpoint_url={s3_server}&region_name=us-east-1"
    stores, media_url = configure("/media/", {"MEDIA_STORAGE_URL": url})
    settings.STORAGES = {**settings.STORAGES, **stores}
    settings.MEDIA_URL = media_url
    yield SimpleNamespace(endpoint=s3_server, bucket=bucket, client=client, url=url,
                          media_url=media_url)


@pytest.fixture(params=["disque", "s3"])
def media_storage(request):
    """Run the test once with media on the local disk, once on the S3 server."""
    if request.param == "s3":
        return request.getfixturevalue("s3_storage")
    return None


def stored_media():
    """Every file name in the media storage, whichever it is."""
    from django.core.files.storage import default_storage

    from core.storage import walk

    return sorted(walk(default_storage))


@pytest.fixture
def keep_the_tests_connection():
    """A bare WSGIHandler closes the database connection at each request's start and end, as
    it should; here that connection holds the test's transaction (and its data): kept, as
    Django's test client keeps it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
