"""{% comments_section article %}: the comments under an article, in a constant number of
queries whatever their number (count, one page of top-level comments, their replies)."""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import pgettext

from magazine.readers import reader_id

from ..comment_forms import CommentForm
from ..models import Comment
from ..moderation import comments_are_open

register = template.Library()


@register.inclusion_tag("ratings/_comments.html", takes_context=True)
def comments_section(context, article):
    request = context["request"]
    reader = reader_id(request)
    is_open = comments_are_open(article)

    visible = Comment.objects.visible_to(reader).filter(article=article)
    paginator = Paginator(visible.top_level().order_by("created_at", "pk"),
                          settings.COMMENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("avis"))
    top_level = list(page.object_list)
    replies = {}
    for reply in visible.filter(parent__in=[c.pk for c in top_level]).order_by("created_at", "pk"):
        replies.setdefault(reply.parent_id, []).append(reply)
    for comment in top_level:
        comment.visible_replies = replies.get(comment.pk, [])

    form = context.get("comment_form")
    replying_to = None
    if form is None and is_open:
        form = CommentForm(article=article)
        pk = request.GET.get("repondre", "")
        if pk.isdigit():
            replying_to = Comment.objects.displayed().filter(article=article, pk=pk).first()
            if replying_to:
                form.initial["parent"] = replying_to.parent_id or replying_to.pk
    elif form is not None and form.is_bound:
        replying_to = form.parent_comment

    return {
        "article": article,
        "count": Comment.objects.displayed().filter(article=article).count(),
        "comments": top_level,
        "page_obj": page,
        "comments_open": is_open,
        "form": form,
        "form_token": form.fresh_token() if form is not None else "",
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
