"""Fill a throw-away PostgreSQL database for the scale benchmark (bench/scale.py).

    manage.py bench_scale --articles 100000 --ratings 1000000 --comments 200000

Tops the database up to that many published articles (generated ones plus what is there),
with bylines, tags, comments and ratings, by COPY (minutes, not hours). Rating summaries are
recomputed from the ratings in one statement, so they stay exact; the search vectors of the new
articles are computed by the same expression as on save (articles/search.py); VACUUM ANALYZE at
the end, then a new page-cache epoch (COPY sends no signal). Columns it does not fill get the
model's defaults.
"""

import json
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles import search
from articles.models import Article, ArticleAuthor, Section, Tag, TaggedArticle
from authors.models import Author
from pagecache.generations import new_epoch
from ratings import ranking
from comments.models import Comment
from ratings.models import Rating

WORDS = (
    "ville quartier habitants jardin toit marché école rue vélo tramway musée théâtre festival "
    "librairie boulangerie artisan fleuve pont parc été hiver printemps automne enquête portrait "
    "histoire mémoire patrimoine atelier chantier logement loyer commerce métier travail santé "
    "climat énergie eau forêt abeille récolte cuisine recette concert cinéma lecture science "
    "recherche laboratoire ingénieur données réseau numérique association bénévoles conseil "
    "municipal budget projet débat vote élection transport gare piéton place fontaine"
).split()
RARE = ["potager", "apiculture", "compost"]  # searchable words of a few percent of articles
SECTIONS, AUTHORS, TAGS = 10, 200, 2000
FULL_PAGE = 12  # ARTICLES_PER_PAGE


def _defaults(model, columns):
    """The model's NOT NULL columns missing from `columns`, with their defaults: a field added
    to the model later (`featured`, `website`) does not break the COPY."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.column in columns or field.null or field.primary_key:
            continue
        value = field.get_default()
        if isinstance(value, dict | list):
            value = json.dumps(value)
        extra[field.column] = value
    return extra


def _copy(model, columns, rows):
    extra = _defaults(model, columns)
    names = [*columns, *extra]
    tail = tuple(extra.values())
    sql = f"COPY {model._meta.db_table} ({', '.join(names)}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, *tail))


def _next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequence(model):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


class Command(BaseCommand):
    help = "Génère des articles, avis et notes en masse (PostgreSQL) pour le banc d'essai d'échelle."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--ratings", type=int, default=1_000_000)
        parser.add_argument("--comments", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, articles, ratings, comments, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_scale remplit une base PostgreSQL (DATABASE_URL).")
        self.rng = random.Random(seed)
        started = time.monotonic()
        missing = articles - Article.objects.published().count()
        with transaction.atomic():
            sections, authors, tags = self.vocabulary()
            new_ids = self.articles(max(missing, 0), sections, authors, tags)
            target_ratings = ratings * max(missing, 0) // articles if articles else 0
            target_comments = comments * max(missing, 0) // articles if articles else 0
            self.ratings(new_ids, target_ratings)
            self.comments(new_ids, target_comments)
            self.summaries()
        if new_ids:
            self.search_vectors(new_ids)
        with connection.cursor() as cursor:
            # As autovacuum would on a live site: fresh statistics, and the visibility map that
            # lets a list's ids come from an index alone (index-only scans).
            cursor.execute("VACUUM ANALYZE")
        # COPY sends no signal: without a new epoch, what the caches hold from before (the
        # search window's start memoized at 100 articles, fragments, pages) would still match,
        # and the 100 000-article phase would measure pages of the 100-article site.
        new_epoch()
        self.stdout.write(
            f"{Article.objects.count()} articles, {Rating.objects.count()} notes, "
            f"{Comment.objects.count()} avis ({time.monotonic() - started:.0f} s)")

    def vocabulary(self):
        sections = [Section.objects.get_or_create(slug=f"echelle-{i}", defaults={
            "name": f"Échelle {i}", "position": 100 + i})[0] for i in range(SECTIONS)]
        existing = set(Author.objects.filter(slug__startswith="echelle-auteur-")
                       .values_list("slug", flat=True))
        Author.objects.bulk_create([
            Author(name=f"Plume {i}", slug=f"echelle-auteur-{i}", short_bio=f"Bio de la plume {i}.",
                   job_title="journaliste")
            for i in range(AUTHORS) if f"echelle-auteur-{i}" not in existing])
        authors = list(Author.objects.filter(slug__startswith="echelle-auteur-").values_list("pk", flat=True))
        existing = set(Tag.objects.filter(slug__startswith="echelle-theme-").values_list("slug", flat=True))
        Tag.objects.bulk_create([
            Tag(name=f"Échelle thème {i}", slug=f"echelle-theme-{i}", key=f"echelle theme {i}")
            for i in range(TAGS) if f"echelle-theme-{i}" not in existing])
        tags = list(Tag.objects.filter(slug__startswith="echelle-theme-").values_list("pk", flat=True))
        return [s.pk for s in sections], authors, tags

    def text(self, words):
        rng = self.rng
        chosen = rng.choices(WORDS, k=words)
        if rng.random() < 0.03:
            chosen[rng.randrange(words)] = rng.choice(RARE)
        return " ".join(chosen).capitalize() + "."

    def articles(self, count, sections, authors, tags):
        if count <= 0:
            return []
        rng, now = self.rng, timezone.now()
        first = _next_id(Article)
        ids = list(range(first, first + count))
        # The first FULL_PAGE generated articles are signed by the first author and mention the
        # first rare word, so her page and that search show a full page at 100 articles too:
        # the bench then compares pages of the same length at both sizes.
        before = Article.objects.filter(slug__startswith="echelle-").count()
        anchored = set(ids[:max(0, FULL_PAGE - before)])
        first_author = Author.objects.get(slug="echelle-auteur-0").pk
        columns = ["id", "title", "slug", "standfirst", "body", "body_html", "word_count",
                   "cover_image", "cover_alt", "cover_credit", "cover_caption", "focal_x", "focal_y",
                   "cover_renditions", "section_id", "status", "published_at", "created_at",
                   "updated_at", "allow_comments", "allow_ratings", "seo_title", "seo_description",
                   "version", "preview_key", "toc", "search_text"]

        published_at = {}  # what its taggings and bylines record (Article.listed_at)

        def rows():
            for pk in ids:
                body = "".join(f"<p>{self.text(60)}</p>" for _ in range(3))
                if pk in anchored:
                    body += f"<p>{RARE[0].capitalize()}.</p>"
                published = now - timedelta(minutes=10 + rng.randrange(10 * 365 * 24 * 60))
                published_at[pk] = published
                yield (pk, f"{self.text(6)[:-1]} ({pk})", f"echelle-{pk}", self.text(25), body,
                       body, 180, "", "", "", "", 0.5, 0.5, "{}", rng.choice(sections),
                       "published", published, published, published, True, True, "", "", 1, "",
                       "[]", "")

        self.stdout.write(f"  {count} articles…")
        _copy(Article, columns, rows())
        _reset_sequence(Article)
        bylines = []
        for pk in ids:
            picked = rng.sample(authors, 2 if rng.random() < 0.1 else 1)
            if pk in anchored:
                picked = [first_author, *(a for a in picked if a != first_author)]
            bylines += [(pk, author, position, published_at[pk])
                        for position, author in enumerate(picked)]
        _copy(ArticleAuthor, ["article_id", "author_id", "position", "published_at"], bylines)
        # Tags follow a long tail: a few very common, most rare.
        weights = [1 / (i + 1) for i in range(len(tags))]
        tagged = []
        for pk in ids:
            chosen = set(rng.choices(tags, weights=weights, k=3))
            tagged += [(pk, tag, published_at[pk]) for tag in chosen]
        _copy(TaggedArticle, ["content_object_id", "tag_id", "published_at"], tagged)
        return ids

    def ratings(self, article_ids, count):
        if count <= 0:
            return
        rng, now = self.rng, timezone.now()
        self.stdout.write(f"  {count} notes…")
        start = Rating.objects.count()
        popular = article_ids[: max(1, len(article_ids) // 50)]

        def rows():
            for i in range(count):
                article = rng.choice(popular) if rng.random() < 0.3 else rng.choice(article_ids)
                yield (article, f"echelle-{start + i}", f"{rng.getrandbits(64):016x}",
                       rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 5)), now, now)

        _copy(Rating,
              ["article_id", "reader_id", "ip_hash", "score", "created_at", "updated_at"], rows())

    def comments(self, article_ids, count):
        if count <= 0:
            return
        rng, now = self.rng, timezone.now()
        self.stdout.write(f"  {count} avis…")

        def rows():
            for i in range(count):
                body = self.text(25)
                status = "approved" if rng.random() < 0.9 else rng.choice(("pending", "spam", "removed"))
                yield (rng.choice(article_ids), f"Lecteur {i}", f"lecteur{i}@example.org", body,
                       f"<p>{body}</p>", f"{i:x}", status, "", False, "", "",
                       now - timedelta(minutes=rng.randrange(5 * 365 * 24 * 60)))

        _copy(Comment,
              ["article_id", "name", "email", "body", "body_html", "fingerprint", "status",
               "spam_reasons", "notify_replies", "reader_id", "ip_hash", "created_at"], rows())

    def summaries(self):
        """Every article's summary recounted from its ratings (plus the votes it imported), in
        one statement."""
        weight, mean = ranking.prior()
        counts = ", ".join(f"COUNT(*) FILTER (WHERE score = {s})" for s in range(1, 6))
        columns = ", ".join(f"count_{s}" for s in range(1, 6))
        updates = ", ".join(f"{c} = EXCLUDED.{c}"
                            for c in [*(f"count_{s}" for s in range(1, 6)), "updated_at"])
        with connection.cursor() as cursor:
            cursor.execute(f"""
                INSERT INTO ratings_ratingsummary (article_id, count, total, {columns}, imported_count,
                                                   imported_total, bayesian, updated_at)
                SELECT article_id, COUNT(*), SUM(score), {counts}, 0, 0,
                       (%s * %s + SUM(score)) / (%s + COUNT(*)), NOW()
                FROM ratings_rating GROUP BY article_id
                ON CONFLICT (article_id) DO UPDATE SET {updates},
                    count = EXCLUDED.count + ratings_ratingsummary.imported_count,
                    total = EXCLUDED.total + ratings_ratingsummary.imported_total,
                    bayesian = (%s * %s + EXCLUDED.total + ratings_ratingsummary.imported_total)
                               / (%s + EXCLUDED.count + ratings_ratingsummary.imported_count)""",
                           [weight, mean, weight, weight, mean, weight])

    def search_vectors(self, ids):
        self.stdout.write("  index de recherche…")
        step = 20_000
        for start in range(0, len(ids), step):
            chunk = ids[start:start + step]
            Article.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).update(
                search_vector=search._vector())
