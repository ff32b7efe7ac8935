"""On PostgreSQL, the reader pages' queries whose plan does not depend on their values are
planned once per connection, not on every request (core/postgresql.py), and a query with more
values than the protocol carries still runs; DATABASE_PREPARED=0 turns it off for a pooler that
cannot carry prepared statements."""

import os

import pytest
from django.db import connection

from articles.models import Article
from core.postgresql import plan_once
from tests.conftest import make_article

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://...)")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


@on_postgresql
@pytest.mark.django_db
def test_an_article_page_read_again_is_not_planned_again(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    first = make_article("Les toits de la ville", tags=["potagers", "toits"])
    make_article("Les jardins partagés", section=first.section, tags=["potagers"])
    for _ in range(7):
        response = client.get(first.get_absolute_url())
        assert response.status_code == 200 and "Les jardins partagés" in response.content.decode()
    prepared = prepared_statements()
    # The related articles (with their neighbours), run from their prepared plan.
    assert any("articles_taggedarticle" in sql and runs >= 2 for sql, runs in prepared), prepared


@on_postgresql
@pytest.mark.django_db
def test_more_values_than_the_protocol_carries_still_run():
    article = make_article()
    ids = [article.pk, *range(10**9, 10**9 + 70_000)]
    assert Article.objects.filter(pk__in=ids).count() == 1
    Article.objects.bulk_create([Article(title=f"Brève {n}", slug=f"breve-{n}", body="<p>Texte.</p>")
                                 for n in range(2_000)])  # ~40 columns a row: 80 000 values
    assert Article.objects.filter(slug__startswith="breve-").count() == 2_000


@on_postgresql
@pytest.mark.django_db
def test_turned_off_nothing_is_prepared(settings):
    query = "SELECT COUNT(*) FROM articles_article WHERE id > %s"
    plan_once(query)
    settings.DATABASE_PREPARED = False
    other = connection.copy()  # a new connection, made with the setting off
    try:
        with other.cursor() as cursor:
            for _ in range(7):
                cursor.execute(query, [0])
            cursor.execute("SELECT COUNT(*) FROM pg_prepared_statements")
            assert cursor.fetchone() == (0,)
    finally:
        other.close()
