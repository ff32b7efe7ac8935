"""{% comments_section article %}: the comments under an article in one query whatever their
number (one page of top-level comments, their replies and both counts)."""

from django import template
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, pgettext

from magazine.readers import reader_id

from .. import spam
from ..comment_forms import CommentForm
from ..models import Comment
from ..moderation import comments_are_open

register = template.Library()


def _page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _comment_page(visible, article, number):
    """(top-level comments of page `number` with their replies, Page, displayed count).

    One query: the page's top-level comments and their replies, each row also carrying the
    two counts (uncorrelated subqueries, computed once by the database). A page past the end
    costs a count and a second try, on the last page (as Paginator.get_page does).
    """
    per_page = settings.COMMENTS_PER_PAGE
    top = visible.top_level().order_by("created_at", "pk")
    offset = (number - 1) * per_page
    page_ids = top.values("pk")[offset:offset + per_page]
    count_of = lambda queryset: Coalesce(Subquery(  # noqa: E731
        queryset.order_by().values("article").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField()), Value(0))
    rows = list(
        visible.filter(Q(pk__in=page_ids) | Q(parent__in=page_ids))
        .annotate(top_total=count_of(top),
                  displayed_total=count_of(Comment.objects.displayed().filter(article=article)))
        .order_by("created_at", "pk")
    )
    paginator = Paginator([], per_page)
    if not rows:
        if number > 1:
            last = Paginator(top, per_page).num_pages  # a page past the end: show the last
            if last < number:
                return _comment_page(visible, article, last)
        paginator.count = 0
        return [], Page([], 1, paginator), 0
    paginator.count = rows[0].top_total
    top_level = [comment for comment in rows if comment.parent_id is None]
    replies = {}
    for comment in rows:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in top_level:
        comment.visible_replies = replies.get(comment.pk, [])
    return top_level, Page(top_level, number, paginator), rows[0].displayed_total


_blank_fields = {}


def blank_fields(form):
    """The HTML of an empty comment form's fields: the same for every reader of every article
    (per language and length limits), so rendered once per process rather than per page."""
    key = (get_language(), settings.COMMENTS_MIN_LENGTH, settings.COMMENTS_MAX_LENGTH)
    html = _blank_fields.get(key)
    if html is None:
        html = _blank_fields[key] = get_template("ratings/_comment_form_fields.html").render(
            {"form": form})
    return html


def thread_key(comments_key, request, article, is_open=None):
    """The key of the comment thread's fragment: None for a reader with pending comments of
    their own (only they see them)."""
    if not comments_key or reader_id(request) is not None:
        return None
    if is_open is None:
        is_open = comments_are_open(article)
    return comments_key.child(_page_number(request.GET.get("avis")), is_open)


@register.inclusion_tag("ratings/_comments.html", takes_context=True)
def comments_section(context, article):
    request = context["request"]
    reader = reader_id(request)
    is_open = comments_are_open(article)

    number = _page_number(request.GET.get("avis"))

    def thread():
        visible = Comment.objects.visible_to(reader).filter(article=article)
        top_level, page, count = _comment_page(visible, article, number)
        return {"comments": top_level, "page_obj": page, "count": count}

    form = context.get("comment_form")
    replying_to = None
    pk = request.GET.get("repondre", "")
    fresh = form is None and is_open and not pk.isdigit()
    if fresh:
        # An empty form: built only if its fragment (below) is not cached.
        form = SimpleLazyObject(lambda: CommentForm(article=article))
    elif form is None and is_open:
        form = CommentForm(article=article)
        if pk.isdigit():
            replying_to = Comment.objects.displayed().filter(article=article, pk=pk).first()
            if replying_to:
                form.initial["parent"] = replying_to.parent_id or replying_to.pk
    elif form is not None and form.is_bound:
        replying_to = form.parent_comment

    return {
        "article": article,
        # Rendered once per state of the thread ({% fragment %}), except for a reader who has
        # posted (their pending comments show to them alone) and re-rendered forms.
        "thread": SimpleLazyObject(thread),
        "thread_key": thread_key(context.get("comments_key"), request, article, is_open),
        # The form's fields after the tokens, the same for every reader of the article until
        # someone's form comes back with their input or a reply is started.
        "form_key": context.get("fragment_key") if fresh else None,
        "comments_open": is_open,
        "form": form,
        "form_bound": not fresh and form is not None and form.is_bound,
        "form_token": spam.form_token(article) if fresh else form.fresh_token() if form is not None else "",
        "blank_fields": (SimpleLazyObject(lambda: blank_fields(form)) if fresh
                         else blank_fields(form) if form is not None and not form.is_bound else ""),
        "replying_to": replying_to,
        "csrf_token": context.get("csrf_token"),
        "ip_retention_days": settings.IP_HASH_RETENTION_DAYS,
        "request": request,
    }


@register.filter
def comment_date(value):
    """« 28 novembre 2026 à 14 h 05 », « 1er décembre 2026 à 9 h 00 » (French typography)."""
    local = timezone.localtime(value)
    if local.day == 1:
        fmt = pgettext("date d'un avis, premier du mois", "j\\e\\r F Y à G \\h i")
    else:
        fmt = pgettext("date d'un avis", "j F Y à G \\h i")
    return date_filter(local, fmt)
