"""Whatever happens, a page served with the caches on is the page the database would give now.

Hypothesis drives random sequences of newsroom and reader changes
(tests/pagecache/cache_equivalence.py) and of time passing (scheduled articles going live, comments closing, the news sitemap's 48
hours); after each, every reader page is fetched through the caches and compared, byte for
byte, with the same page rendered with every cache off. A page or fragment that shows
something without declaring it (pagecache.dependencies) fails here.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from freezegun import freeze_time
from hypothesis import HealthCheck, strategies as st
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from articles.models import Article
from ratings.models import Rating

from . import cache_equivalence as magazine
from ..conftest import clear_caches

pytestmark = pytest.mark.django_db

START = "2026-06-01 09:00:00"


def rendered_without_caches(urls):
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        client = Client()
        return {url: (r.status_code, r.content) for url in urls for r in [client.get(url)]}


def differences(client, urls):
    """The pages (with their first differing bytes) where the caches disagree with the
    database."""
    served = {url: (r.status_code, r.content) for url in urls for r in [client.get(url)]}
    expected = rendered_without_caches(urls)
    found = []
    for url in urls:
        if served[url] != expected[url]:
            got, want = served[url], expected[url]
            at = next((i for i, (a, b) in enumerate(zip(got[1], want[1])) if a != b),
                      min(len(got[1]), len(want[1])))
            found.append((url, got[0], want[0], got[1][max(0, at - 80):at + 80],
                          want[1][max(0, at - 80):at + 80]))
    return found


class Newsroom(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        clear_caches()
        self.clock = freeze_time(START)
        self.frozen = self.clock.start()
        magazine.build()
        self.client = Client()
        self.history = []

    @rule(change=st.sampled_from(magazine.CHANGES), n=st.integers(0, 10_000))
    def change(self, change, n):
        self.history.append(change(n))

    @rule(minutes=st.sampled_from([1, 9, 61, 24 * 60, 3 * 24 * 60, 61 * 24 * 60]))
    def time_passes(self, minutes):
        self.history.append(f"+{minutes} min")
        self.frozen.tick(timedelta(minutes=minutes))

    @invariant()
    def every_page_is_the_page_the_database_gives(self):
        found = differences(self.client, magazine.reader_urls())
        assert not found, (self.history, found)

    def teardown(self):
        self.clock.stop()
        transaction.savepoint_rollback(self.savepoint)
        clear_caches()


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("change", magazine.CHANGES, ids=lambda change: change.__name__)
def test_each_change_reaches_every_page(change, n):
    """Every kind of change, once each way, with every page cached beforehand."""
    with freeze_time(START) as frozen:
        magazine.build()
        client = Client()
        urls = magazine.reader_urls()
        for url in urls:
            client.get(url)
        done = change(n)
        assert differences(client, magazine.reader_urls()) == [], done
        frozen.tick(timedelta(hours=3))  # a scheduled article's time comes, the clock moves
        assert differences(client, magazine.reader_urls()) == [], done


def test_cached_pages_equal_fresh_renders_whatever_the_changes():
    run_state_machine_as_test(Newsroom, settings=hypothesis_settings(
        max_examples=int(os.environ.get("CACHE_EQUIVALENCE_EXAMPLES", 6)),
        stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))


def test_a_fragment_that_forgets_what_it_shows_is_caught(settings, tmp_path):
    """The newcomer's mistake from the audit: the vote count written into the article text's
    fragment, which says it shows the article, its section, authors and tags, not its ratings.
    After a second vote the page said "1 votes" beside "(2 votes)"; the comparison sees it."""
    template = Path(settings.BASE_DIR, "templates", "articles", "article_detail.html").read_text()
    mistake = template.replace(
        '<h1 class="article__title">',
        '<p>{{ article.rating_summary.count|default:0 }} votes</p><h1 class="article__title">', 1)
    assert mistake != template
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "article_detail.html").write_text(mistake)
    shutil.copy(Path(settings.BASE_DIR, "templates", "base.html"), tmp_path / "base.html")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    with freeze_time(START):
        magazine.build()
        article = Article.objects.order_by("pk").first()
        url = article.get_absolute_url()
        client = Client()
        assert differences(client, [url]) == []
        Rating.objects.vote(article, "lecteur-b", "reseau", 5)
        found = differences(client, [url])
    assert found, "the caches kept the old vote count and nothing noticed"
    (_url, _status, _expected, served, fresh) = found[0]
    assert b"1 votes" in served and b"2 votes" in fresh
