"""Everything tied to a commenter's e-mail address: export it, erase it, and forget IP hashes."""

import csv
import io
import json
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import ratelimit

from .comment_text import normalize_email
from .models import Comment, Rating

EXPORT_FIELDS = ["id", "article", "article_url", "parent_id", "name", "email", "body", "status",
                 "created_at", "notify_replies", "ip_hash"]


def comments_of(email):
    return Comment.objects.from_email(email).select_related("article").order_by("created_at", "pk")


def export_rows(email):
    for comment in comments_of(email):
        yield {
            "id": comment.pk,
            "article": comment.article.title,
            "article_url": settings.SITE_URL + comment.article.get_absolute_url(),
            "parent_id": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "body": comment.body,
            "status": comment.status,
            "created_at": comment.created_at.isoformat(),
            "notify_replies": comment.notify_replies,
            "ip_hash": comment.ip_hash,
        }


def export_json(email):
    return json.dumps({"email": normalize_email(email), "comments": list(export_rows(email))},
                      ensure_ascii=False, indent=2)


def _csv_cell(value):
    # A reader's text starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(email):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in export_rows(email):
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def erase(email):
    """Delete every comment sent with this address; replies others wrote to them stay.

    Returns how many comments were erased. Pages showing one of them are redrawn (each
    deletion moves its article's counter, ratings/invalidation.py).
    """
    comments = Comment.objects.from_email(email)
    count = comments.count()
    comments.delete()
    return count


def purge_ip_hashes(now=None):
    """Forget the IP hashes older than IP_HASH_RETENTION_DAYS, wherever the app keeps them:
    comments and votes (blanked: the contribution stays) and failed admin logins (django-axes
    keeps the salted hash of the client; those records are long past their cool-off).

    Also the finished background tasks (their arguments may hold a reader's e-mail: an erase
    request), after TASK_RESULTS_DAYS; and expired rate-limit counters.

    Returns {"comments": n, "ratings": n, "login_attempts": n, "tasks": n, "rate_counters": n}.
    """
    now = now or timezone.now()
    limit = now - timedelta(days=settings.IP_HASH_RETENTION_DAYS)
    return {
        "comments": Comment.objects.filter(created_at__lt=limit).exclude(ip_hash="")
        .update(ip_hash=""),
        # The hash is refreshed when a reader changes their vote: the last vote's date counts.
        "ratings": Rating.objects.filter(updated_at__lt=limit).exclude(ip_hash="").update(ip_hash=""),
        "login_attempts": AccessAttempt.objects.filter(attempt_time__lt=limit).delete()[0],
        "tasks": DBTaskResult.objects.finished().filter(
            finished_at__lt=now - timedelta(days=settings.TASK_RESULTS_DAYS)).delete()[0],
        "rate_counters": ratelimit.purge_expired(),
    }
