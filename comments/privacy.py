"""Everything tied to a commenter's e-mail address: export it, erase it."""

import csv
import io
import json

from django.conf import settings

from .models import Comment
from .text import normalize_email

EXPORT_FIELDS = ["id", "article", "article_url", "parent_id", "name", "email", "website", "body", "status",
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
            "website": comment.website,
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
    deletion moves its article's counter, comments/invalidation.py).
    """
    comments = Comment.objects.from_email(email)
    count = comments.count()
    comments.delete()
    return count
