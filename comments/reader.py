"""A reader's own comments waiting for moderation (articles/reader_state.py): shown on the
page a reader without JavaScript is sent back to (core/after_action.py), and given to scripts
on later visits. Nobody else sees them."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import after_action

from .models import Comment

COMMENT_PUBLISHED, COMMENT_PENDING, COMMENT_DUPLICATE = (
    "comment-published", "comment-pending", "comment-duplicate")


def comment_message(code):
    if code == COMMENT_PUBLISHED:
        return _("Merci ! Votre avis est publié.")
    if code == COMMENT_DUPLICATE:
        return _("Votre avis avait déjà été reçu.")
    # Pending and suspected spam get the same answer: a bot learns nothing.
    return _("Merci ! Votre avis est en attente de modération : il sera publié après relecture.")


def page_context(request, article):
    data = after_action.read(request, article)
    if data is None or data["code"] not in (COMMENT_PUBLISHED, COMMENT_PENDING, COMMENT_DUPLICATE):
        return None
    return {"reader_page": True, "reader_message": comment_message(data["code"]),
            "reader_id": data["reader"]}


def state(request, article, reader):
    pending = []
    if reader is not None:
        waiting = (Comment.objects.filter(article=article, reader_id=reader,
                                          status__in=Comment.AWAITING).order_by("created_at", "pk"))
        pending = [{
            "id": comment.pk,
            "parent": comment.parent_id,
            "html": render_to_string("comments/_comment.html", {
                "comment": comment, "article": article, "comments_open": False,
            }, request=request),
        } for comment in waiting]
    return {"pending": pending}
