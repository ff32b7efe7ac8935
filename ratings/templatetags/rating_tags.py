from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from articles.models import Article
from core.prepared import PreparedQuery
from pagecache.dependencies import depends_on

from .. import ranking
from ..forms import RatingForm, score_choices
from ..models import RatingSummary, stars_label
from ..rendering import widget_html

register = template.Library()


@register.inclusion_tag("ratings/_rating.html", takes_context=True)
def rating_widget(context, article):
    """The stars under an article, the same for every reader (a fragment drawn again after
    each vote). `reader_vote` is set only on a voter's own page after voting without
    JavaScript (ratings/reader.py); scripts ask for it afterwards (static/js/rating.js)."""
    own_score = context.get("reader_vote")
    summary = RatingSummary.objects.for_article(article)
    return {
        "request": context.get("request"),
        "render_live": context.get("render_live") or own_score is not None,
        "article": article,
        "display": SimpleLazyObject(summary.display),
        # The form's own choices (ratings.forms.RatingForm), without building a form.
        "choices": SimpleLazyObject(score_choices),
        "own_score": own_score,
        "own_label": stars_label(own_score) if own_score else "",
    }


@register.simple_tag(takes_context=True)
def rating_body(context):
    """The block inside its fragment (ratings/rendering.py)."""
    return mark_safe(widget_html(context["article"], context["display"], context["choices"],
                                 context["own_score"], context["own_label"]))


@register.inclusion_tag("ratings/_top_rated_block.html", takes_context=True)
def top_rated_block(context):
    """The home page's "Les mieux notés" list: one query, of what the list shows (a title, a
    link, the stars): no text, no section. (The request goes along so that the block's
    {% constant %} title is drawn once per process, not on every home page.)"""
    depends_on("ranking", "latest-articles")
    articles = _top_rated_block_query.run(settings.RATINGS_TOP_HOME_SIZE, now=timezone.now(),
                                          min_votes=max(1, settings.RATINGS_TOP_MIN_VOTES))
    return {"articles": articles, "request": context.get("request")}


# Built and compiled once per process and block size (core.prepared), like the home's lists.
_top_rated_block_query = PreparedQuery(Article, lambda size, now, min_votes: (
    ranking.top_rated(now, min_votes).only("title", "slug", "rating_summary")[:size]), plan_once=True)


@register.simple_tag
def rating_display(article):
    """The display values of an article fetched with select_related("rating_summary")."""
    return article.rating_summary.display()
