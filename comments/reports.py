"""« Signaler cet avis »: readers' reports feed the moderation queue (comments/models.py
CommentReport)."""

from django.conf import settings
from django.db import transaction

from .models import Comment, CommentReport
from .moderation import set_status


def open_reports():
    return CommentReport.objects.filter(resolved_at__isnull=True)


def report(comment, reason, explanation="", ip_hash=""):
    """Record one reader's report of a published comment. Returns True when this report sent
    the comment back to the moderation queue."""
    with transaction.atomic():
        if ip_hash and open_reports().filter(comment=comment, ip_hash=ip_hash).exists():
            return False  # this connection reported it already: it counts once
        CommentReport.objects.create(comment=comment, reason=reason, explanation=explanation,
                                     ip_hash=ip_hash)
        if open_reports().filter(comment=comment).count() < settings.COMMENTS_REPORTS_TO_HOLD:
            return False
        # Hidden until an editor decides (no user: the reports stay open for that editor).
        return bool(set_status(Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED),
                               Comment.Status.PENDING))


def resolve(comment_ids, now):
    """An editor decided on these comments: their reports are dealt with."""
    open_reports().filter(comment_id__in=comment_ids).update(resolved_at=now)
