"""{% comments_section article %}: the comments under an article in one query whatever their
number (one page of top-level comments, their replies and both counts)."""

from django import template
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import params
from core.prepared import PreparedQuery

from ..forms import CommentForm
from ..models import Comment
from ..moderation import comments_are_open, comments_close_at
from ..rendering import comments_html

register = template.Library()


# No article has that many pages of comments; a bigger number (or one that would overflow the
# database's integers) means the last page.
MAX_PAGE = 100_000


def _page_number(value):
    return params.page_number(value, MAX_PAGE)


def _count_of(queryset):
    return Coalesce(Subquery(queryset.order_by().values("article").annotate(n=Count("pk"))
                             .values("n"), output_field=IntegerField()), Value(0))


def _build_page(shape, article_id, reader=None):
    """The query of one page of comments (_comment_page): built once per process and shape
    (page size, page number, whether a reader sees her own), then only run (core.prepared)."""
    per_page, number, _for_reader = shape
    visible = Comment.objects.visible_to(reader).filter(article_id=article_id)
    top = visible.top_level().order_by("created_at", "pk")
    offset = (number - 1) * per_page
    page_ids = top.values("pk")[offset:offset + per_page]
    return (
        visible.filter(Q(pk__in=page_ids) | Q(parent__in=page_ids))
        .annotate(top_total=_count_of(top),
                  displayed_total=_count_of(Comment.objects.displayed().filter(article_id=article_id)))
        .order_by("created_at", "pk")
    )


_page_query = PreparedQuery(Comment, _build_page, plan_once=True)


def _comment_page(reader, article, number):
    """(top-level comments of page `number` with their replies, Page, displayed count).

    One query: the page's top-level comments and their replies, each row also carrying the
    two counts (uncorrelated subqueries, computed once by the database). A page past the end
    costs a count and a second try, on the last page (as Paginator.get_page does).
    """
    per_page = settings.COMMENTS_PER_PAGE
    values = {"article_id": article.pk}
    if reader:
        values["reader"] = reader
    rows = _page_query.run((per_page, number, bool(reader)), **values)
    paginator = Paginator([], per_page)
    if not rows:
        if number > 1:
            top = Comment.objects.visible_to(reader).filter(article=article).top_level()
            last = Paginator(top.order_by("created_at", "pk"), per_page).num_pages
            if last < number:  # a page past the end: show the last
                return _comment_page(reader, article, last)
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
        html = _blank_fields[key] = get_template("comments/_comment_form_fields.html").render(
            {"form": form})
    return html


_BLANK_PARENT = mark_safe('<input type="hidden" name="parent" id="id_parent">')


def _reply_pk(value):
    """The comment a reader is answering (?repondre=<id>), None for anything else."""
    return params.object_id(value)


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_section(context, article):
    """The comments and the form: the same for every reader, one fragment per page of
    comments (ratings/invalidation.py says what redraws it). `reader_id` is in the context
    only on a poster's own page after commenting without JavaScript, to show them their comment
    waiting for moderation; `comment_form` when their form comes back with errors."""
    request = context["request"]
    reader = context.get("reader_id")
    is_open = comments_are_open(article)
    number = _page_number(request.GET.get("avis"))
    reply_pk = _reply_pk(request.GET.get("repondre", ""))

    def thread():
        top_level, page, count = _comment_page(reader, article, number)
        return {"comments": top_level, "page_obj": page, "count": count}

    def replying_to():
        if reply_pk is None:
            return None
        return Comment.objects.displayed().filter(article=article, pk=reply_pk).first()

    form = context.get("comment_form")
    bound = form is not None and form.is_bound
    if form is None and is_open:
        def blank_form():
            blank = CommentForm(article=article)
            parent = replying_to_lazy
            if parent:
                blank.initial["parent"] = parent.parent_id or parent.pk
            return blank
        replying_to_lazy = SimpleLazyObject(replying_to)
        form = SimpleLazyObject(blank_form)
    else:
        replying_to_lazy = form.parent_comment if bound else None

    return {
        "article": article,
        "request": request,
        # Drawn for this request alone: a form coming back with the reader's input, or their
        # own comment waiting for moderation.
        "render_live": context.get("render_live") or bound or reader is not None,
        "thread": SimpleLazyObject(thread),
        "page_number": number,
        "reply_to": reply_pk,
        "closes_at": comments_close_at(article) if is_open else None,
        "comments_open": is_open,
        "form": form,
        "form_bound": bound,
        # Scripts fetch the fill-time token when the form is first used (static/js/comments.js);
        # a form coming back keeps the reader's own.
        "form_token": form.fresh_token() if bound else "",
        "blank_fields": (SimpleLazyObject(lambda: blank_fields(form))
                         if form is not None and not bound else ""),
        # A blank form answering nobody: its hidden « parent » field is always this, so the
        # page needs no form at all (tests/comments check it against the form's own).
        "blank_parent": _BLANK_PARENT if form is not None and not bound and reply_pk is None else "",
        "replying_to": replying_to_lazy,
        "ip_retention_days": settings.IP_HASH_RETENTION_DAYS,
    }


@register.simple_tag
def comment_list(comments, comments_open):
    """The comments and their replies (comments/rendering.py)."""
    return mark_safe(comments_html(comments, comments_open))
