"""A reader's own comments waiting for moderation (articles/reader_state.py): shown on the
page a reader without JavaScript is sent back to (core/after_action.py), and given to scripts
on later visits. Nobody else sees them."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import after_action

from .models import Comment
from .rendering import comment_html

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


def heading_text(count, shows_own=False):
    """The comments' heading, as templates/comments/_comments.html writes it. Above only the
    reader's own comment awaiting review, it does not say there is none."""
    if not count:
        return _("Aucun avis publié pour l'instant") if shows_own else _("Aucun avis pour l'instant")
    return ngettext("%(counter)s avis", "%(counter)s avis", count) % {"counter": count}


def state(request, article, reader):
    pending = []
    if reader is not None:
        waiting = (Comment.objects.filter(article=article, reader_id=reader,
                                          status__in=Comment.AWAITING).order_by("created_at", "pk"))
        pending = [{
            "id": comment.pk,
            "parent": comment.parent_id,
            "html": comment_html(comment, comments_open=False),
        } for comment in waiting]
    if pending:  # the heading above them, so it does not say there is none
        return {"pending": pending, "comments_heading": heading_text(
            Comment.objects.displayed().filter(article=article).count(), shows_own=True)}
    return {"pending": pending}
