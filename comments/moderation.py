"""Moderation rules: who waits for review, when comments close, and what a decision triggers.

Every change of what readers see goes through `set_status()` (admin actions, the change form)
or `publish()` (a comment approved on arrival), so e-mails leave exactly once, after the
decision has committed. Pages showing the comments are told in the same transaction
(ratings/invalidation.py).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import tasks
from .invalidation import comments_changed
from .models import Comment


def comments_close_at(article):
    """When comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS after publication), or
    None if they never do."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.published_at:
        return article.published_at + timedelta(days=days)
    return None


def comments_are_open(article, now=None):
    """Open unless closed on the article or older than COMMENTS_CLOSE_AFTER_DAYS."""
    if not article.allow_comments:
        return False
    closes_at = comments_close_at(article)
    return closes_at is None or (now or timezone.now()) < closes_at


def is_trusted(reader_id):
    """A reader (their signed `lecteur` cookie: something they hold, never an address anyone
    can type) an editor already approved a comment from, and never caught spamming."""
    if not reader_id:
        return False
    earlier = Comment.objects.filter(reader_id=reader_id)
    return (
        earlier.filter(status=Comment.Status.APPROVED).exists()
        and not earlier.filter(status=Comment.Status.SPAM).exists()
    )


def initial_status(comment, spam_reasons, held_reasons=()):
    """Status of a new comment: spam if a check said so, pending if something holds it for an
    editor, approved if its author is trusted."""
    if spam_reasons:
        return Comment.Status.SPAM
    if held_reasons or settings.COMMENTS_HOLD_ALL or not is_trusted(comment.reader_id):
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def publish(comment):
    """A new comment was approved on arrival (its save told the caches): the e-mails leave
    once it has committed."""
    transaction.on_commit(lambda: _notify(comment))


def _notify(comment):
    # Sent by the task worker (comments/tasks.py), tried again if the mail server refuses: a
    # reader's post or a moderator's click never waits for, nor breaks on, the mail server.
    if comment.notified_at is None:
        tasks.send_approval_mails.enqueue(comment.pk)


def set_status(comments, status, user=None):
    """Apply a moderation decision to a queryset of comments; returns how many changed."""
    with transaction.atomic():
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
        shown = set()
        for comment in changed:
            was_visible = comment.is_approved
            comment.status, comment.moderated_at, comment.moderated_by = status, now, user
            if comment.is_approved or was_visible:
                shown.add(comment.article_id)
        if user is not None:  # an editor's decision answers the readers' reports too
            from .reports import resolve

            resolve([comment.pk for comment in changed], now)
        # Each article whose page changed, once, however many comments were moderated.
        comments_changed(*shown)
        approved = [comment for comment in changed if comment.is_approved]
        transaction.on_commit(lambda: [_notify(comment) for comment in approved])
    return len(changed)
