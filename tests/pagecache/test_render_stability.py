"""A page drawn while something else commits (pagecache/generations.py, `stable`): it is kept if
nothing it shows changed meanwhile (another reader's purge address, another article), and never
kept if what it shows changed, even when the process reads the new counters only once the page
is drawn.

The commits come from another thread, with its own database connection, while the article's
view has read what it shows and not yet returned its page."""

import threading

import pytest
from django.db import connections, transaction
from django.test import Client, override_settings
from django.utils import timezone

from articles.views import ArticleDetailView
from pagecache.generations import bump, counters, set_deadline
from pagecache.models import PurgeAddress

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def elsewhere(change):
    """Run `change` in another thread, on another connection, committed (and heard of) when it
    returns."""
    errors = []

    def run():
        try:
            change()
        except Exception as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors, errors
    # PostgreSQL delivers the change's notification to this process a moment after the
    # commit: wait for it, as any later request of this process would see it.
    backend = counters.backend()
    if getattr(backend, "connection", None) is not None:
        assert backend.sync()


@pytest.fixture
def while_drawn(monkeypatch):
    """while_drawn(change): the next drawing of an article page runs `change` elsewhere once
    it has read what it shows."""
    changes = []
    original = ArticleDetailView.get

    def get(view, request, *args, **kwargs):
        response = original(view, request, *args, **kwargs)
        response.render()
        while changes:
            changes.pop(0)()
        return response

    monkeypatch.setattr(ArticleDetailView, "get", get)
    return changes.append


def fresh(url):
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return Client().get(url).content


@pytest.fixture
def article():
    found = make_article("Les ponts de la Loire")
    Client().get("/")  # what any first page computes once (the counters' epoch, deadlines)
    return found


def test_a_page_drawn_while_unrelated_changes_commit_is_kept(article, while_drawn):
    other = make_article("Un article d'une autre rubrique")
    url = article.get_absolute_url()

    def unrelated():
        PurgeAddress.objects.create(key="article:0", url="http://testserver/ailleurs/",
                                    url_hash="0" * 32, stored_at=timezone.now())
        with transaction.atomic():
            bump(f"article:{other.pk}:inexistant")

    while_drawn(lambda: elsewhere(unrelated))
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss"

    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content == fresh(url)


def test_a_page_whose_article_changes_while_it_is_drawn_is_not_kept(article, while_drawn):
    url = article.get_absolute_url()

    def retitle():
        article.title = "Les ponts de la Loire, corrigé"
        article.save()

    def change_then_forget():
        elsewhere(retitle)
        # As in a process that had not read these counters yet: they are read after the
        # change, so only the check of what moved during the drawing can refuse the page.
        with counters.lock:
            counters.values.clear()

    while_drawn(change_then_forget)
    first = Client().get(url)
    assert "corrigé" not in first.content.decode()

    second = Client().get(url)
    assert second["X-Page-Cache"] == "miss"
    assert "corrigé" in second.content.decode()
    assert second.content == fresh(url)
    assert Client().get(url).content == second.content


def test_counters_moved_after_a_snapshot_make_it_unstable_others_do_not(article):
    snapshot = counters.snapshot()
    keys = {f"article:{article.pk}", "epoch"}
    assert counters.stable(snapshot, keys)

    def unrelated():
        with transaction.atomic():
            bump("article:0")

    elsewhere(unrelated)
    assert counters.stable(snapshot, keys)

    def related():
        with transaction.atomic():
            bump(f"article:{article.pk}")

    elsewhere(related)
    assert not counters.stable(snapshot, keys)


def test_a_deadline_moved_after_a_snapshot_makes_it_unstable(article):
    snapshot = counters.snapshot()
    keys = {"deadline:essai", "epoch"}
    assert counters.stable(snapshot, keys)
    elsewhere(lambda: set_deadline("essai", timezone.now().timestamp() + 60))
    assert not counters.stable(snapshot, keys)
