"""Reading aids under an article: related articles and previous/next in its section.

Published articles only (`Article.objects.published()`), in a fixed number of queries whatever
the number of tags: the related articles are one query, carrying the neighbours (four scalar
subqueries on the section/publication-time index), and their bylines one more (shared with
the article's own byline when the view asks).
"""

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, JSONArray
from django.utils import timezone

from core.prepared import PreparedQuery

from .models import CARD_FIELDS, Article, TaggedArticle, attach_bylines

_NEIGHBOUR_FIELDS = ("id", "title", "slug")

# How many of each tag's latest articles may be related: the ones sharing the most tags are
# found among them. Enough for a tag's recent articles sharing two or three of its tags;
# bounded, so an old article in a tag of tens of thousands is drawn as fast as a new one.
CANDIDATES_PER_TAG = 50


def _neighbours(section_id, published_at, article_id, now):
    """The article's previous and next published article in its section (by publication
    time, then id), each as [id, title, slug] in an uncorrelated scalar subquery on the
    section/publication-time index: the database computes each once, whatever query they
    ride along with (one JSON array each: a third of the subqueries of one per column)."""
    siblings = Article.objects.published(now).filter(section_id=section_id)
    at, pk = published_at, article_id
    # The redundant bound on the date starts the index walk at the article itself: the OR
    # alone is a filter, and the walk from the newest reached an old article through all the
    # section's articles after it (10 000 rows at 100 000 articles).
    previous = siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk),
                               published_at__lte=at).order_by("-published_at", "-id")
    following = siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk),
                                published_at__gte=at).order_by("published_at", "id")
    return {
        f"_{name}": Subquery(candidates.annotate(_row=JSONArray(*_NEIGHBOUR_FIELDS))
                             .values("_row")[:1])
        for name, candidates in (("previous", previous), ("next", following))
    }


def _neighbour(article, name):
    row = getattr(article, f"_{name}")
    if not row:
        return None
    pk, title, slug = row
    return Article(pk=pk, title=title, slug=slug, section_id=article.section_id)


def _neighbour_id(row):
    return row[0] if row else None


def section_neighbours(article):
    """(previous, next) published articles of the same section, by publication time.

    Free after `related_articles(article)`; one query otherwise.
    """
    if not article.section_id or article.published_at is None:
        return None, None
    if not hasattr(article, "_previous"):
        rows = _neighbours_query.run((), section_id=article.section_id, article_id=article.pk,
                                     published_at=article.published_at, now=timezone.now())
        row = rows[0] if rows else {}
        for name in ("previous", "next"):
            setattr(article, f"_{name}", row.get(f"_{name}"))
    return _neighbour(article, "previous"), _neighbour(article, "next")


def _build_neighbours(shape, section_id, article_id, published_at, now):
    return Article.objects.filter(pk=article_id).values(
        **_neighbours(section_id, published_at, article_id, now))[:1]


def _build_related(limit, article_id, now, tag_ids, section_id=None, published_at=None):
    """The related articles' query (related_articles() says what it finds); built once per
    shape and process (core.prepared), then only run with new values."""
    published = Article.objects.published(now).exclude(pk=article_id)
    # One IN over a UNION ALL of the candidate sets (an OR of INs would make PostgreSQL scan
    # every article); each LIMIT sits in a nested subquery, which SQLite allows.
    parts = []
    for tag_id in tag_ids:
        # The tag's latest, from one range of its index: a tag of 40 000 articles costs no
        # more than one of 40 (counting the shared tags of all of them took 450 ms).
        latest = (TaggedArticle.objects.filter(tag_id=tag_id, published_at__lte=now)
                  .order_by("-published_at", "-content_object_id")
                  .values("content_object_id")[:CANDIDATES_PER_TAG])
        parts.append(Article.objects.filter(pk__in=latest).order_by().values_list("pk", flat=True))
    if section_id is not None:
        latest = (published.filter(section_id=section_id)
                  .order_by("-published_at", "-id").values("pk")[:limit])
        parts.append(Article.objects.filter(pk__in=latest).order_by().values_list("pk", flat=True))
    candidates = Q(pk__in=parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
    shared = (TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
              .order_by().values("content_object").annotate(n=Count("pk")).values("n"))
    neighbours = (_neighbours(section_id, published_at, article_id, now)
                  if published_at is not None and section_id is not None else {})
    return (
        published.filter(candidates)
        .annotate(shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)),
                  **neighbours)
        .select_related("section")
        .only(*CARD_FIELDS)
        .order_by("-shared_tags", "-published_at", "-id")[:limit]
    )


def _build_related_ids(limit, **values):
    """The same query, giving only what the witness compares: each related article's id and
    the neighbours' rows, of which it keeps the ids (no article columns to convert, no
    instances)."""
    neighbours = (("_previous", "_next") if "published_at" in values and "section_id" in values
                  else ())
    return _build_related(limit, **values).values_list("pk", *neighbours)


_related_query = PreparedQuery(Article, _build_related, plan_once=True)
_related_ids_query = PreparedQuery(Article, _build_related_ids, plan_once=True)
_neighbours_query = PreparedQuery(Article, _build_neighbours, plan_once=True)


def _find(article_id, tag_ids, section_id, published_at, limit, query=_related_query):
    if not tag_ids and not section_id:
        return []
    values = {"article_id": article_id, "now": timezone.now(), "tag_ids": list(tag_ids)}
    if section_id:
        values["section_id"] = section_id
    if published_at:
        values["published_at"] = published_at
    return query.run(limit, **values)


def related_articles(article, limit=None, bylines_for=()):
    """Articles sharing the most tags with `article`, then the latest of its section.

    One query for the articles, one for all the bylines (of `bylines_for` too: the view
    passes the article itself, whose byline then costs nothing more). The article's tags are
    read from its prefetch cache when the view prefetched them.

    The candidates are the CANDIDATES_PER_TAG latest of each of its tags plus the `limit`
    latest of the section; ranked by shared tags, then date, the section's latest fill the
    places the tags leave.

    The article's neighbours in its section ride along (section_neighbours() is then free):
    whenever it has one, its section has another published article, so this query returns
    at least one row to carry them.
    """
    limit = limit or settings.RELATED_ARTICLES
    tag_ids = [tag.pk for tag in article.tags.all()]
    found = _find(article.pk, tag_ids, article.section_id, article.published_at, limit)
    if article.section_id and article.published_at:
        for name in ("previous", "next"):
            setattr(article, f"_{name}", getattr(found[0], f"_{name}") if found else None)
    attach_bylines([*bylines_for, *found], whole_authors=bool(bylines_for))
    return found



# -- what the block shows of the lists, for the page cache ------------------------------------

WITNESS = "related"


def _shown(found):
    """What the block shows of the section's and tags' lists: the related articles in order,
    the previous and the next article (what each of them says is theirs: article:<id>)."""
    first = found[0] if found else None
    return (tuple(item.pk for item in found), _neighbour_id(getattr(first, "_previous", None)),
            _neighbour_id(getattr(first, "_next", None)))


def shown_now(article_id, tag_ids, section_id, published_at, limit):
    """_shown() of the block as it would be drawn now (the witness registered in apps.py),
    from the ids alone."""
    rows = _find(article_id, tag_ids, section_id, published_at, limit, _related_ids_query)
    neighbours = rows[0][1:] if rows and len(rows[0]) == 3 else (None, None)
    return (tuple(row[0] for row in rows), *(_neighbour_id(row) for row in neighbours))


def witness(article, found, limit=None):
    """The page cache's witness of the block drawn with `found` (related_articles(article)):
    a publication moves the lists of its section and tags, and with them this block's
    counters on every page of those lists, but changes only the blocks it enters; the others
    are checked with one query instead of being drawn again (pagecache.dependencies.witness).
    None when the block shows no list."""
    tag_ids = tuple(tag.pk for tag in article.tags.all())
    if not tag_ids and not article.section_id:
        return None
    covers = [f"tag-articles:{tag_id}" for tag_id in tag_ids]
    if article.section_id:
        covers.append(f"section-articles:{article.section_id}")
    args = (article.pk, tag_ids, article.section_id, article.published_at,
            limit or settings.RELATED_ARTICLES)
    return WITNESS, args, _shown(found), covers
