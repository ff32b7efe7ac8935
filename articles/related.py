"""Reading aids under an article: related articles and previous/next in its section.

Published articles only (`Article.objects.published()`), in a fixed number of queries whatever
the number of tags.
"""

from django.conf import settings
from django.db.models import Count, Q, prefetch_related_objects

from .models import BYLINES_PREFETCH, Article


def related_articles(article, limit=None):
    """Articles sharing the most tags with `article`, then the latest of its section.

    Two queries (one when tags fill the list) plus one for all the bylines. The article's
    tags are read from its prefetch cache when the view prefetched them.
    """
    limit = limit or settings.RELATED_ARTICLES
    tag_ids = [tag.pk for tag in article.tags.all()]
    found = []
    if tag_ids:
        found = list(
            Article.objects.published()
            .exclude(pk=article.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared_tags=Count("tags"))  # counts the shared tags only (same join)
            .select_related("section")
            .order_by("-shared_tags", "-published_at", "-id")[:limit]
        )
    if len(found) < limit and article.section_id:
        found += list(
            Article.objects.published()
            .filter(section_id=article.section_id)
            .exclude(pk__in=[article.pk, *(a.pk for a in found)])
            .select_related("section")
            .order_by("-published_at", "-id")[: limit - len(found)]
        )
    prefetch_related_objects(found, BYLINES_PREFETCH)
    return found


def section_neighbours(article):
    """(previous, next) published articles of the same section, by publication time."""
    if not article.section_id or article.published_at is None:
        return None, None
    siblings = Article.objects.published().filter(section_id=article.section_id).only(
        "title", "slug", "published_at", "section_id"
    )
    at = article.published_at
    previous = (
        siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=article.pk))
        .order_by("-published_at", "-id").first()
    )
    following = (
        siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=article.pk))
        .order_by("published_at", "id").first()
    )
    return previous, following
