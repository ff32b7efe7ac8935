"""core.prepared: a query built once per process, run again with new values, gives exactly what
building it anew gives, including when the clock moves (scheduled articles going live)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from articles.models import Article
from articles.related import related_articles, section_neighbours
from core.prepared import PreparedQuery

from ..conftest import make_article, make_section

pytestmark = pytest.mark.django_db


def _titles_in(section_id, now, exclude_id):
    return (Article.objects.published(now).filter(section_id=section_id)
            .exclude(pk=exclude_id).order_by("-published_at", "-id"))


def test_the_same_results_as_a_fresh_queryset_for_other_values():
    city, science = make_section("Ville"), make_section("Sciences")
    now = timezone.now()
    articles = [make_article(f"Article {i}", section=city if i % 2 else science,
                             published_at=now - timedelta(hours=i)) for i in range(1, 8)]
    prepared = PreparedQuery(Article, lambda shape, section_id, now, exclude_id:
                             _titles_in(section_id, now, exclude_id))
    for section in (city, science):
        for excluded in articles[:3]:
            expected = list(_titles_in(section.pk, now, excluded.pk))
            got = prepared.run((), section_id=section.pk, now=now, exclude_id=excluded.pk)
            assert [a.pk for a in got] == [a.pk for a in expected]
            assert [a.title for a in got] == [a.title for a in expected]


def test_the_clock_is_a_value_so_a_scheduled_article_appears_when_its_time_comes():
    city = make_section("Ville")
    now = timezone.now()
    shown = make_article("Déjà paru", section=city, published_at=now - timedelta(hours=1))
    later = make_article("Programmé", section=city, published_at=now + timedelta(hours=1))
    prepared = PreparedQuery(Article, lambda shape, section_id, now, exclude_id:
                             _titles_in(section_id, now, exclude_id))
    assert [a.pk for a in prepared.run((), section_id=city.pk, now=now, exclude_id=0)] == [shown.pk]
    later_on = now + timedelta(hours=2)
    assert [a.pk for a in prepared.run((), section_id=city.pk, now=later_on, exclude_id=0)] == [
        later.pk, shown.pk]


def test_a_clock_read_inside_the_build_is_refused():
    make_article("Un article")
    prepared = PreparedQuery(Article, lambda shape, pk: Article.objects.published().exclude(pk=pk))
    with pytest.raises(ImproperlyConfigured):
        prepared.run((), pk=1)


def test_lists_of_every_length_and_rare_shapes():
    articles = [make_article(f"Article {i}") for i in range(5)]
    prepared = PreparedQuery(Article, lambda shape, ids: Article.objects.filter(pk__in=ids).order_by("pk"))
    for size in range(0, 6):
        ids = [a.pk for a in articles[:size]]
        assert [a.pk for a in prepared.run((), ids=ids)] == ids


def test_related_articles_and_neighbours_follow_new_publications():
    city = make_section("Ville")
    now = timezone.now()
    first = make_article("Premier", section=city, published_at=now - timedelta(days=3))
    middle = make_article("Milieu", section=city, published_at=now - timedelta(days=2))
    assert section_neighbours(middle) == (first, None)
    assert [a.pk for a in related_articles(middle)] == [first.pk]
    newest = make_article("Dernier", section=city, published_at=now - timedelta(days=1))
    middle = Article.objects.get(pk=middle.pk)
    assert [a.pk for a in related_articles(middle)] == [newest.pk, first.pk]
    previous, following = section_neighbours(middle)
    assert (previous.pk, following.pk, following.title) == (first.pk, newest.pk, "Dernier")


@pytest.mark.django_db(transaction=True)
def test_every_run_converts_its_columns_as_django_does_in_any_thread():
    """The converters are worked out once per connection: each run, here and in another
    thread (its own connection), still gives aware datetimes, decoded JSON and annotations."""
    import threading

    from django.db import connection
    from django.db.models import Count

    now = timezone.now()
    article = make_article("Converti", published_at=now - timedelta(hours=3))
    Article.objects.filter(pk=article.pk).update(cover_renditions={"specs": {"card": {"w": 1}}})
    prepared = PreparedQuery(Article, lambda shape, pk: Article.objects.filter(pk=pk).annotate(
        byline_count=Count("bylines")).select_related("section"))

    def expected():
        return [(a.published_at, a.cover_renditions, a.byline_count, a.section.name) for a in
                Article.objects.filter(pk=article.pk).annotate(byline_count=Count("bylines"))
                .select_related("section")]

    def got():
        return [(a.published_at, a.cover_renditions, a.byline_count, a.section.name)
                for a in prepared.run((), pk=article.pk)]

    assert got() == got() == expected()
    assert got()[0][0].tzinfo is not None and got()[0][1] == {"specs": {"card": {"w": 1}}}
    found = []

    def in_a_thread():
        try:
            found.append(got())
        finally:
            connection.close()

    worker = threading.Thread(target=in_a_thread)
    worker.start()
    worker.join()
    assert found == [expected()]
