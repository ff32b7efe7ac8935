"""What ratings add to an article's JSON-LD: nothing, unless RATINGS_IN_JSONLD is on.

Google shows no review stars for Article/NewsArticle, and review markup a site serves about
itself can count against it; the setting exists for the day that changes.
"""

from django.conf import settings

from .models import RatingSummary


def aggregate_rating(article, summary=None):
    """schema.org AggregateRating for `article`, or None (setting off, ratings off, no vote).

    The JSON-LD builder adds it as `"aggregateRating"` when it is not None.
    """
    if not settings.RATINGS_IN_JSONLD or not article.allow_ratings:
        return None
    if summary is None:
        summary = RatingSummary.objects.for_article(article)
    return summary.display().as_aggregate_rating()


def jsonld_addition(article):
    """articles.seo.article_jsonld_additions: the rating, when there is one to show."""
    rating = aggregate_rating(article)
    return {"aggregateRating": rating} if rating is not None else {}
