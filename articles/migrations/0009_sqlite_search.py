"""Search on SQLite: the FTS5 table `articles_search` (articles/search.py), filled with every
existing article's stems. Nothing on other databases (PostgreSQL has its own, migration 0006).
"""

from collections import defaultdict

from django.db import migrations


def create_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from articles.search import FTS_CREATE_SQL, fts_insert, fts_row

    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    tags = defaultdict(list)
    for article_id, name in TaggedArticle.objects.values_list("content_object_id", "tag__name"):
        tags[article_id].append(name)
    rows = Article.objects.values_list("pk", "title", "standfirst", "body").iterator(chunk_size=500)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FTS_CREATE_SQL)
        fts_insert(cursor, (fts_row(*row, tags[row[0]]) for row in rows))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from articles.search import FTS_DROP_SQL

    schema_editor.execute(FTS_DROP_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_corrections"),
    ]

    operations = [
        migrations.RunPython(create_and_fill, drop, elidable=False),
    ]
