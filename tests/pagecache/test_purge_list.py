"""The purge list (pagecache/purge.py): which addresses show what, kept in the database so that
nginx and the CDN are purged on every change even when the shared cache (Redis) restarted or was
away when the page was stored; purged rows deleted, old ones pruned; nothing written while no
cache is in front (PAGE_CACHE_PURGE off), nothing at all on a page-cache hit."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.cache_backends import TolerantRedisCache
from magazine.privacy import purge_ip_hashes
from pagecache import purge, store
from pagecache.models import PurgeAddress

from ..conftest import clear_caches, make_article, make_section
from .test_front_purge import front, nginx_purged, recorder, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def stored_earlier(seconds=10):
    """The rows as if their pages had been stored `seconds` ago (a purge leaves the rows of the
    last two seconds: pages rendered after the change on a server whose clock is a bit late)."""
    PurgeAddress.objects.update(stored_at=F("stored_at") - timedelta(seconds=seconds))


def edit(article, title):
    article.title = title
    article.save()


def rows_of(path):
    return PurgeAddress.objects.filter(url=f"http://testserver{path}").count()


def test_a_restart_of_the_shared_cache_loses_no_purge(front):
    section = make_section("Quartiers")
    article = make_article("Avant le redémarrage", section=section)
    pages = [article.get_absolute_url(), f"/en{article.get_absolute_url()}",
             section.get_absolute_url(), "/"]
    visit(*pages)
    clear_caches()  # Redis restarted: every page, fragment and mark it held is gone
    edit(article, "Après le redémarrage")
    assert set(pages) <= set(nginx_purged(front))
    assert front.paths("/cdn", method="PURGE").count(article.get_absolute_url()) == 1


class _Unreachable(TolerantRedisCache):
    """The production cache backend facing a Redis that does not answer (nothing listens on
    port 9): every read a miss, every write dropped, as during an outage."""


def test_a_page_stored_while_redis_was_away_is_purged_at_the_next_change(front, caplog):
    article = make_article("Servi pendant la panne")
    away = _Unreachable("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    with pytest.MonkeyPatch.context() as outage:
        outage.setattr(store, "cache", away)
        outage.setattr(purge, "cache", away)
        response = Client().get(article.get_absolute_url())
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
        # Served from this process's copy meanwhile, as during the outage.
        assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
        assert any("Cache unavailable" in record.getMessage() for record in caplog.records)
    clear_caches()  # Redis is back, empty
    edit(article, "Servi pendant la panne, corrigé")
    assert article.get_absolute_url() in nginx_purged(front)


class _Raising(BaseCache):
    def __init__(self):
        super().__init__({})

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = get


def test_a_page_stored_while_the_cache_raises_is_still_purged_later(front):
    article = make_article("Cache en erreur")
    with pytest.MonkeyPatch.context() as failing:
        failing.setattr(purge, "cache", _Raising())
        visit(article.get_absolute_url())  # the page is served and stored all the same
    assert rows_of(article.get_absolute_url()) >= 1
    edit(article, "Cache en erreur, corrigé")
    assert article.get_absolute_url() in nginx_purged(front)


@pytest.mark.django_db(transaction=True)  # as a request runs: no transaction around it
def test_a_failed_write_of_the_list_never_breaks_the_page(front, monkeypatch, caplog):
    article = make_article("Base en erreur")

    # The database refuses the statement itself (as a locked or read-only one would).
    monkeypatch.setattr(purge, "_upsert_sql", lambda connection, rows: "INSERT INTO nulle_part VALUES (1)")
    with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert any("could not remember" in record.getMessage() for record in caplog.records)
    assert PurgeAddress.objects.count() == 0


def test_a_page_showing_many_things_is_remembered_under_each_and_stored_again_refreshed(settings):
    settings.PAGE_CACHE_PURGE = True
    keys = [f"article:{n}" for n in range(450)]  # more than one INSERT's worth of rows
    entry = SimpleNamespace(deps=[(key, 1) for key in keys], param_values=[("page", ["2"])])
    purge.remember(("https", "lemagazine.example", "/rubrique/ville/"), None, entry)
    rows = PurgeAddress.objects.filter(url="https://lemagazine.example/rubrique/ville/?page=2")
    assert sorted(rows.values_list("key", flat=True)) == sorted(keys)
    stored_earlier(3600)
    entry.deps = [(key, 2) for key in keys]  # stored again after a change, under new counters
    purge.remember(("https", "lemagazine.example", "/rubrique/ville/"), None, entry)
    assert rows.count() == 450
    assert rows.filter(stored_at__lt=timezone.now() - timedelta(seconds=60)).count() == 0


def test_purged_rows_are_deleted_and_written_again_when_the_page_is_stored_again(front):
    article = make_article("Purgé deux fois")
    url = article.get_absolute_url()
    visit(url)
    assert rows_of(url) >= 2  # the article's key and the others the page shows
    stored_earlier()
    edit(article, "Purgé une fois")
    assert nginx_purged(front).count(url) == 1
    # The rows of the keys that moved are gone; those of the other keys stay for their change.
    moved = PurgeAddress.objects.filter(key=f"article:{article.pk}")
    assert not moved.exists()
    front.clear()
    visit(url)  # stored again, under the new counters: written again though seen before
    assert moved.filter(url=f"http://testserver{url}").exists()
    stored_earlier()
    edit(article, "Purgé deux fois, enfin")
    assert nginx_purged(front).count(url) == 1


def test_rows_written_just_before_the_purge_are_kept_for_the_next_change(front):
    """A page rendered after a change, on a server whose clock is a second late, may write its
    rows as the purge reads them: those of the last two seconds stay."""
    article = make_article("Tout juste rendu")
    visit(article.get_absolute_url())
    edit(article, "Tout juste rendu, corrigé")
    assert PurgeAddress.objects.filter(key=f"article:{article.pk}").exists()


def test_old_rows_are_pruned_and_recent_ones_kept(settings):
    settings.PAGE_CACHE_PURGE_KEEP_SECONDS = 3600
    now = timezone.now()
    PurgeAddress.objects.bulk_create([
        PurgeAddress(key="article:1", url="https://x.example/a/", url_hash=purge.url_hash(
            "https://x.example/a/"), stored_at=now - timedelta(hours=2)),
        PurgeAddress(key="article:2", url="https://x.example/b/", url_hash=purge.url_hash(
            "https://x.example/b/"), stored_at=now - timedelta(minutes=30)),
    ])
    assert purge.prune(now) == 1
    assert list(PurgeAddress.objects.values_list("key", flat=True)) == ["article:2"]
    # Never less than what a process, then nginx or the CDN, may hold.
    settings.PAGE_CACHE_PURGE_KEEP_SECONDS = 0
    assert purge.keep_seconds() == (2 * settings.PAGE_CACHE_SECONDS + settings.CDN_MAX_AGE
                                    + settings.CDN_STALE_WHILE_REVALIDATE)


def test_the_daily_job_prunes_every_old_row(settings, monkeypatch):
    monkeypatch.setattr(purge, "PRUNE_BATCH", 2)
    old = timezone.now() - timedelta(seconds=purge.keep_seconds() + 60)
    PurgeAddress.objects.bulk_create([
        PurgeAddress(key=f"vieux:{n}", url=f"http://testserver/vieux/{n}/",
                     url_hash=purge.url_hash(f"http://testserver/vieux/{n}/"), stored_at=old)
        for n in range(5)])
    assert purge_ip_hashes()["purge_addresses"] == 5
    assert not PurgeAddress.objects.exists()


def test_old_rows_are_pruned_after_a_change_in_batches(front, settings, monkeypatch):
    monkeypatch.setattr(purge, "PRUNE_BATCH", 3)
    article = make_article("Déclenche l'élagage")
    visit(article.get_absolute_url())
    old = timezone.now() - timedelta(seconds=purge.keep_seconds() + 60)
    PurgeAddress.objects.bulk_create([
        PurgeAddress(key=f"vieux:{n}", url=f"http://testserver/vieux/{n}/",
                     url_hash=purge.url_hash(f"http://testserver/vieux/{n}/"), stored_at=old)
        for n in range(5)])
    monkeypatch.setitem(purge._prune, "last", 0.0)  # this process has not pruned lately
    edit(article, "Déclenche l'élagage, corrigé")
    assert PurgeAddress.objects.filter(stored_at=old).count() == 2  # one batch per change
    assert purge._prune_due() is False  # and not again for PRUNE_EVERY_SECONDS


def test_nothing_is_written_when_nothing_is_in_front(settings):
    settings.PAGE_CACHE_PURGE = False
    article = make_article("Sans cache devant")
    visit(article.get_absolute_url(), "/")
    assert PurgeAddress.objects.count() == 0


def _queries(url):
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200
    return len(captured), response["X-Page-Cache"]


def test_a_miss_adds_at_most_two_queries_and_a_hit_none(settings):
    article = make_article("Compté")
    url = article.get_absolute_url()
    Client().get(url)  # the process's one-off reads (settings, counters)

    def miss_and_hit(purge_on):
        settings.PAGE_CACHE_PURGE = purge_on
        clear_caches(keep_counters=True)  # the stored page and the marks, not the counters
        miss = _queries(url)
        hit = _queries(url)
        assert (miss[1], hit[1]) == ("miss", "hit")
        return miss[0], hit[0]

    miss_off, hit_off = miss_and_hit(False)
    miss_on, hit_on = miss_and_hit(True)
    assert PurgeAddress.objects.exists()
    assert miss_on - miss_off in (1, 2)  # the INSERT … ON CONFLICT (a BEGIN on SQLite)
    assert hit_on == hit_off == 0
    # The same page stored again under the same counters (its mark kept): nothing written.
    entry = next(iter(store.pages.copies.values()))
    PurgeAddress.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        purge.remember(("http", "testserver", url), None, entry)
    assert len(captured) == 0 and not PurgeAddress.objects.exists()
