"""Batch work (the WordPress import) invalidates once, at the end: pages cached meanwhile stay
valid until the batch is done, then none of them is served again."""

import pytest
from django.test import Client

from pagecache.generations import deferred_bumps, generations_changed

from ..conftest import counter, make_article

pytestmark = pytest.mark.django_db


def test_changes_in_a_batch_move_their_counters_once_when_it_ends(django_capture_on_commit_callbacks):
    first, second = make_article("Premier"), make_article("Second")
    before = counter(f"article:{first.pk}"), counter(f"article:{second.pk}")
    sent = []

    def receiver(sender, keys, **kwargs):
        sent.append(set(keys))

    generations_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True), deferred_bumps():
            for title in ("Un", "Deux", "Trois"):
                first.title = title
                first.save()
            second.title = "Autre"
            second.save()
            assert (counter(f"article:{first.pk}"), counter(f"article:{second.pk}")) == before
            assert sent == []
    finally:
        generations_changed.disconnect(receiver)
    assert counter(f"article:{first.pk}") == before[0] + 1
    assert counter(f"article:{second.pk}") == before[1] + 1
    assert len(sent) == 1 and {f"article:{first.pk}", f"article:{second.pk}"} <= sent[0]


def test_the_page_shows_the_batch_once_it_is_done(settings):
    article = make_article("Avant")
    client = Client()
    assert "Avant" in client.get(article.get_absolute_url()).content.decode()
    with deferred_bumps():
        article.title = "Après"
        article.save()
    assert "Après" in client.get(article.get_absolute_url()).content.decode()
