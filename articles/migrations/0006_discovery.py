"""Discovery: derived body (anchors + typography), search data, tag keys.

- Article.body_html / toc / cover_size / search_text / search_vector, filled for existing rows.
- Tag.key (accent- and case-folded name), unique: tags that differed only by accents or case
  ("Réseaux", "RÉSEAUX") are merged first into the oldest one, keeping every article's tags.
- On PostgreSQL only: the `unaccent` extension, the `french_unaccent` text search
  configuration, the GIN index on search_vector and the vectors of existing articles.
"""

import django.contrib.postgres.search
from django.db import migrations, models

from core.slugs import fold

SEARCH_CONFIG_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)",
    """
    UPDATE articles_article AS a SET search_vector =
        setweight(to_tsvector('french_unaccent', coalesce(a.title, '')), 'A')
     || setweight(to_tsvector('french_unaccent', coalesce(a.standfirst, '')), 'B')
     || setweight(to_tsvector('french_unaccent', coalesce(a.body, '')), 'C')
     || setweight(to_tsvector('french_unaccent', coalesce((
            SELECT string_agg(t.name, ' ') FROM articles_taggedarticle ta
            JOIN articles_tag t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id), '')), 'D')
    """,
]
SEARCH_CONFIG_REVERSE_SQL = [
    "DROP INDEX IF EXISTS article_search_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def postgresql_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in SEARCH_CONFIG_SQL:
            schema_editor.execute(statement)


def postgresql_search_reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in SEARCH_CONFIG_REVERSE_SQL:
            schema_editor.execute(statement)


def merge_duplicate_tags(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    keep = {}
    for tag in Tag.objects.order_by("pk"):
        key = fold(tag.name)
        survivor = keep.setdefault(key, tag)
        if survivor.pk != tag.pk:
            for item in TaggedArticle.objects.filter(tag=tag):
                if TaggedArticle.objects.filter(tag=survivor, content_object_id=item.content_object_id).exists():
                    item.delete()
                else:
                    item.tag = survivor
                    item.save(update_fields=["tag"])
            tag.delete()
        else:
            tag.key = key
            tag.save(update_fields=["key"])


def fill_derived_fields(apps, schema_editor):
    # The functions Article.save() uses: derived text only, no model behaviour involved.
    from articles.toc import add_heading_ids
    from core.html import html_to_text
    from core.typography import typeset_html, typeset_text

    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    postgresql = schema_editor.connection.vendor == "postgresql"
    for article in Article.objects.iterator(chunk_size=500):
        html, toc = add_heading_ids(article.body)
        article.body_html = typeset_html(html)
        article.toc = [{"id": e["id"], "title": typeset_text(e["title"])} for e in toc]
        if article.cover_image:
            try:
                article.cover_size = article.cover_image.size
            except (OSError, ValueError):
                pass
        fields = ["body_html", "toc", "cover_size"]
        if not postgresql:
            tags = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag__name", flat=True)
            article.search_text = fold(" ".join(
                [article.title, article.standfirst, html_to_text(article.body), *tags]
            ))
            fields.append("search_text")
        article.save(update_fields=fields)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_cover_renditions_focal_point"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="cover_size",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="toc",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="key",
            field=models.CharField(editable=False, max_length=100, null=True,
                                   verbose_name="clé de comparaison"),
        ),
        migrations.RunPython(merge_duplicate_tags, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tag",
            name="key",
            field=models.CharField(editable=False, max_length=100, unique=True,
                                   verbose_name="clé de comparaison"),
        ),
        migrations.RunPython(fill_derived_fields, migrations.RunPython.noop),
        migrations.RunPython(postgresql_search, postgresql_search_reverse),
    ]
