"""Many readers asking at once for a page that is not stored (just after a publication made it
stale): one request draws it, the others get the page it stored (pagecache/stampede.py). And
a request that starts after a change was committed still gets the new page; a request that
died while drawing a page does not hold the others for longer than the wait.

The requests run in threads, each with its own database connection, through the whole
middleware stack and the shared cache of the run (files, or Redis when REDIS_URL is set);
an article page's view is wrapped to count how many times it is drawn and to hold the first
drawing until the others have come."""

import threading

import pytest
from django.db import connections
from django.test import Client, override_settings

from articles.models import Article
from articles.views import ArticleDetailView
from pagecache import stampede

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 6


class Drawings:
    """ArticleDetailView.get, counted; the first drawing is held (the page's data read, the
    page not yet returned) until `release` is set."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.lock = threading.Lock()
        self.drawn = threading.Event()  # the first drawing has read what it shows
        self.release = threading.Event()
        original = ArticleDetailView.get
        drawings = self

        def get(view, request, *args, **kwargs):
            with drawings.lock:
                drawings.count += 1
                first = drawings.count == 1
            response = original(view, request, *args, **kwargs)
            if first:
                response.render()
                drawings.drawn.set()
                drawings.release.wait(timeout=30)
            return response

        monkeypatch.setattr(ArticleDetailView, "get", get)


def reader(url, results, index):
    try:
        response = Client().get(url)
        results[index] = (response.status_code, response.get("X-Page-Cache"), response.content)
    finally:
        connections.close_all()  # this thread's connection


def readers(url, count):
    results = [None] * count
    threads = [threading.Thread(target=reader, args=(url, results, n)) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads, results


def finish(threads):
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()


def fresh(url):
    """The page as it is now, every cache off."""
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return Client().get(url).content


@pytest.fixture
def article():
    found = make_article("Les toits de la ville", tags=["jardins"])
    make_article("Une voisine de rubrique", section=found.section)
    Client().get("/")  # what any first page computes once (the counters' epoch, deadlines)
    return found


def test_readers_asking_at_once_for_a_missing_page_get_it_drawn_once(article, monkeypatch):
    drawings = Drawings(monkeypatch)
    url = article.get_absolute_url()
    holder, first = readers(url, 1)
    assert drawings.drawn.wait(timeout=30)
    threads, results = readers(url, READERS)
    threading.Timer(0.5, drawings.release.set).start()  # the others have come meanwhile
    finish(holder + threads)

    assert drawings.count == 1
    statuses = [status for _code, status, _body in first + results]
    assert statuses[0] == "miss" and set(statuses[1:]) <= {"wait", "hit"}, statuses
    assert {body for _code, _status, body in first + results} == {fresh(url)}
    assert all(code == 200 for code, _status, _body in first + results)


def test_a_reader_who_comes_after_a_change_gets_the_new_page_not_the_one_being_drawn(
        article, monkeypatch):
    """The first request read the article before it was retitled: its page is the old one
    (it started before the change) and is not stored. Readers who start after the change
    waited for it, and get the new page, drawn once more."""
    drawings = Drawings(monkeypatch)
    url = article.get_absolute_url()
    holder, first = readers(url, 1)
    assert drawings.drawn.wait(timeout=30)
    article.title = "Les toits de la ville, deuxième version"
    article.save()  # committed (each test statement commits here)
    threads, results = readers(url, READERS)
    threading.Timer(0.5, drawings.release.set).start()
    finish(holder + threads)

    assert drawings.count == 2  # the holder's, then one for every reader who came after
    assert "deuxième version" not in first[0][2].decode()
    new = fresh(url)
    assert "deuxième version" in new.decode()
    assert [body for _code, _status, body in results] == [new] * READERS
    assert Client().get(url).content == new


def test_a_request_that_died_while_drawing_holds_the_others_only_for_the_wait(article, settings):
    settings.PAGE_CACHE_RENDER_WAIT_MS = 300
    url = article.get_absolute_url()
    meta = Client().get(url).wsgi_request.META  # stored: now make it stale
    Article.objects.get(pk=article.pk).save()
    # What a worker killed in the middle of drawing this page leaves in the shared cache.
    backend, key = stampede.caches["default"], stampede.claim_key(meta)
    assert stampede._add(backend, key, 5, stampede.render_version())

    response = Client().get(url)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")
    assert response.content == fresh(url)
    # It released the claim it took over: the next reader of a stale page does not wait.
    assert stampede._add(backend, key, 5, stampede.render_version())

