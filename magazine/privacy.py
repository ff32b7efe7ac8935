"""The daily forgetting the privacy page promises (`manage.py purge_ip_hashes`), across apps."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, CommentReport
from core import ratelimit
from pagecache import purge
from ratings.models import Rating


def purge_ip_hashes(now=None):
    """Forget the IP hashes older than IP_HASH_RETENTION_DAYS, wherever the app keeps them:
    comments and votes (blanked: the contribution stays) and failed admin logins (django-axes
    keeps the salted hash of the client; those records are long past their cool-off).

    Also the finished background tasks (their arguments may hold a reader's e-mail: an erase
    request), after TASK_RESULTS_DAYS; expired rate-limit counters; and the addresses of the
    purge list no cache in front may still hold (pagecache.purge.prune).

    Returns {"comments": n, "comment_reports": n, "ratings": n, "login_attempts": n, "tasks": n,
    "rate_counters": n, "purge_addresses": n}.
    """
    now = now or timezone.now()
    limit = now - timedelta(days=settings.IP_HASH_RETENTION_DAYS)
    return {
        "comments": Comment.objects.filter(created_at__lt=limit).exclude(ip_hash="")
        .update(ip_hash=""),
        "comment_reports": CommentReport.objects.filter(created_at__lt=limit).exclude(ip_hash="")
        .update(ip_hash=""),
        # The hash is refreshed when a reader changes their vote: the last vote's date counts.
        "ratings": Rating.objects.filter(updated_at__lt=limit).exclude(ip_hash="").update(ip_hash=""),
        "login_attempts": AccessAttempt.objects.filter(attempt_time__lt=limit).delete()[0],
        "tasks": DBTaskResult.objects.finished().filter(
            finished_at__lt=now - timedelta(days=settings.TASK_RESULTS_DAYS)).delete()[0],
        "rate_counters": ratelimit.purge_expired(),
        "purge_addresses": purge.prune(now),
    }
