"""Moderation rules: who waits for review, when comments close, and what a decision triggers.

Every change of what readers see goes through `set_status()` (admin actions, the change form)
or `publish()` (a comment approved on arrival), so page caches are told and e-mails leave
exactly once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from magazine.signals import content_changed

from . import notifications
from .models import Comment

logger = logging.getLogger(__name__)


def comments_are_open(article, now=None):
    """Open unless closed on the article or older than COMMENTS_CLOSE_AFTER_DAYS."""
    if not article.allow_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.published_at:
        return (now or timezone.now()) < article.published_at + timedelta(days=days)
    return True


def is_trusted(email):
    """An address an editor already approved a comment from, and never caught spamming."""
    earlier = Comment.objects.from_email(email)
    return (
        earlier.filter(status=Comment.Status.APPROVED).exists()
        and not earlier.filter(status=Comment.Status.SPAM).exists()
    )


def initial_status(comment, spam_reasons):
    """Status of a new comment: spam if a check said so, approved if its author is trusted."""
    if spam_reasons:
        return Comment.Status.SPAM
    if settings.COMMENTS_HOLD_ALL or not is_trusted(comment.email):
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def publish(comment):
    """A new comment was approved on arrival: tell caches, send the e-mails."""
    content_changed.send(sender=Comment, article=comment.article)
    _notify_once(comment)


def _notify_once(comment):
    if comment.notified_at is not None:
        return
    # Claimed with a conditional update, so two moderators approving at once send one e-mail.
    if not Comment.objects.filter(pk=comment.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    ):
        return
    comment.notified_at = timezone.now()
    try:
        notifications.comment_approved(comment)
    except Exception:  # a mail server down must never undo or break a moderation decision
        logger.exception("Comment %s: approval e-mails failed", comment.pk)


def set_status(comments, status, user=None):
    """Apply a moderation decision to a queryset of comments; returns how many changed."""
    changed = list(
        comments.exclude(status=status).select_related("article", "parent")
        .prefetch_related("article__bylines__author")
    )
    if not changed:
        return 0
    now = timezone.now()
    Comment.objects.filter(pk__in=[c.pk for c in changed]).update(
        status=status, moderated_at=now, moderated_by=user
    )
    articles = {}
    for comment in changed:
        was_visible = comment.is_approved
        comment.status, comment.moderated_at, comment.moderated_by = status, now, user
        if comment.is_approved or was_visible:
            articles[comment.article_id] = comment.article
        if comment.is_approved:
            _notify_once(comment)
    # One signal per article whose page changed, however many comments were moderated.
    for article in articles.values():
        content_changed.send(sender=Comment, article=article)
    return len(changed)
