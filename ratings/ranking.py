"""How "Les mieux notés" ranks articles: a Bayesian average.

A plain average lets one 5★ vote beat two hundred votes at 4,7. The Bayesian average starts
every article with C imaginary votes at the prior mean m, then lets real votes take over:

    score = (C·m + total) / (C + count)

- C (settings.RATINGS_PRIOR_WEIGHT, default 10): how many votes it takes before an article's
  own votes weigh as much as the prior. One 5★ vote: (10·3,5 + 5) / 11 ≈ 3,64; two hundred votes
  at 4,7: (10·3,5 + 940) / 210 ≈ 4,64.
- m (settings.RATINGS_PRIOR_MEAN, default 3,5): a FIXED mean, not the live site-wide average, so a
  vote updates its own article's score in the same UPDATE as its counters (F() expressions) and
  no vote ever reads or rewrites other articles. With an index on the stored score, the ranking
  is one index walk whatever the number of articles.

The score is stored on RatingSummary.bayesian. After changing C or m, run
`manage.py recompute_ratings` to rescore every article.
"""

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField, Value

from articles.models import Article


def prior():
    """(C, m) from the settings."""
    return float(settings.RATINGS_PRIOR_WEIGHT), float(settings.RATINGS_PRIOR_MEAN)


def bayesian_average(total, count):
    """The score of an article with `count` votes adding up to `total` stars."""
    weight, mean = prior()
    return (weight * mean + total) / (weight + count)


def prior_score():
    """The score of an article nobody has rated yet: the prior mean."""
    return bayesian_average(0, 0)


def bayesian_expression(total_delta=0, count_delta=0):
    """The same formula in SQL, for an UPDATE that also adds `total_delta` and `count_delta`.

    In an SQL UPDATE every SET expression reads the row as it was before the statement, so the
    deltas are added here as well: the score matches the counters written by the same statement.
    """
    weight, mean = prior()
    numerator = Value(weight * mean + total_delta) + F("total")
    denominator = Value(weight + count_delta) + F("count")
    return ExpressionWrapper(numerator / denominator, output_field=FloatField())


def top_rated(now=None, min_votes=None):
    """Published articles open to ratings, best Bayesian score first (index walk, no sort)."""
    if min_votes is None:
        min_votes = max(1, settings.RATINGS_TOP_MIN_VOTES)
    return (
        Article.objects.published(now)
        .filter(allow_ratings=True, rating_summary__count__gte=min_votes)
        .select_related("rating_summary")
        .order_by("-rating_summary__bayesian", "-rating_summary__count", "-pk")
    )
