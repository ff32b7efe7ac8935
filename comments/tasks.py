"""What readers' actions leave to do off the request (core/tasks.py: retried on failure)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.tasks import retried

from . import notifications
from .models import Comment


@retried
def send_erase_link(email):
    """« Effacer mes avis »: the link, if this address sent comments. Whether it did is found
    out here, never in the request: the request answers the same, as fast, for any address."""
    count = Comment.objects.from_email(email).count()
    if count:
        notifications.send_erase_link(email, count)
    return "envoyé" if count else "rien à envoyer"


@retried
def send_approval_mails(comment_pk):
    """A comment became visible: its article's authors and the answered reader are told, once.

    Claimed with a conditional update, so two moderators approving at once (two tasks) send one
    set of e-mails; a failure gives the claim back, so the next attempt sends them; a claim left
    by a worker that died before sending (older than TASK_STALE_SECONDS, when the task is run
    again) is taken over: the e-mails are sent at least once, never lost."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    claimed = Comment.objects.filter(pk=comment_pk, notified_at__isnull=True).filter(
        Q(notify_claimed_at__isnull=True) | Q(notify_claimed_at__lt=stale))
    if not claimed.update(notify_claimed_at=now):
        return "déjà envoyé"
    unclaim = Comment.objects.filter(pk=comment_pk)
    comment = (Comment.objects.select_related("article", "parent")
               .filter(pk=comment_pk).first())
    if comment is None or not comment.is_approved:
        # Erased or rejected before the worker came: nothing to tell, and a later approval
        # must still tell.
        unclaim.update(notify_claimed_at=None)
        return "plus visible"
    try:
        notifications.comment_approved(comment)
    except Exception:
        unclaim.update(notify_claimed_at=None)
        raise
    unclaim.update(notified_at=timezone.now())
    return "envoyé"
