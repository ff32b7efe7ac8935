from django import template
from django.conf import settings
from django.utils.functional import SimpleLazyObject

from magazine.readers import reader_id

from .. import ranking
from ..forms import RatingForm
from ..models import Rating, RatingSummary, stars_label

register = template.Library()


@register.inclusion_tag("ratings/_rating.html", takes_context=True)
def rating_widget(context, article):
    """The stars under an article, rendered on the server from the database.

    The reader's own vote comes from their `lecteur` cookie; the page cache lets requests
    carrying that cookie through, so whoever has voted always sees totals with their vote.
    """
    request = context.get("request")
    reader = reader_id(request) if request is not None else None
    own_score = None
    if reader is not None:
        own_score = (Rating.objects.filter(article=article, reader_id=reader)
                     .values_list("score", flat=True).first())
    summary = RatingSummary.objects.for_article(article)
    return {
        # Everything but the CSRF token is the same for every reader who has not voted, until
        # the next vote (the feedback generation is in the key).
        "rating_key": context.get("feedback_key") if own_score is None else None,
        "request": request,
        "article": article,
        "display": SimpleLazyObject(summary.display),
        "choices": SimpleLazyObject(lambda: RatingForm().fields["score"].choices),
        "own_score": own_score,
        "own_label": stars_label(own_score) if own_score else "",
    }


@register.inclusion_tag("ratings/_top_rated_block.html")
def top_rated_block():
    """The home page's "Les mieux notés" list: one query."""
    articles = ranking.top_rated().select_related("section")[: settings.RATINGS_TOP_HOME_SIZE]
    return {"articles": articles}


@register.simple_tag
def rating_display(article):
    """The display values of an article fetched with select_related("rating_summary")."""
    return article.rating_summary.display()
