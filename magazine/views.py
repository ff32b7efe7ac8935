"""Error pages that never depend on the database or the cache, the privacy page, and the
redirects of admin addresses that moved."""

import sys
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView


@requires_csrf_token
def server_error(request):
    """500, or 503 when the database is unreachable (a restart, a failover).

    Django calls this handler while the exception is being handled, so sys.exc_info() tells
    which one it is. Both templates are static: nothing here may touch the database again.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the French refusal page (templates/403_csrf.html). Only staff forms
    carry CSRF tokens; readers' forms are checked by origin (core/anonymous_forms.py)."""
    response = HttpResponse(loader.get_template("403_csrf.html").render(), status=403)
    response["Cache-Control"] = "no-store"
    return response


class PrivacyView(TemplateView):
    """« Confidentialité »: what the magazine keeps about readers, why, and for how long. The
    figures come from the settings that enforce them, so the page cannot drift from them."""

    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reader_cookie_days=settings.READER_COOKIE_AGE // (24 * 3600),
            ip_hash_rotation_hours=settings.IP_HASH_ROTATION_HOURS,
            ip_hash_retention_days=settings.IP_HASH_RETENTION_DAYS,
            erase_link_hours=settings.COMMENTS_ERASE_LINK_MAX_AGE // 3600,
            task_results_days=settings.TASK_RESULTS_DAYS,
            newsroom_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            erase_url=reverse("comments:erase_request"),
            **kwargs,
        )


def moved_admin_address(request, rest, app_label, model_name):
    """A newsroom bookmark from before an app move (comments left `ratings` for their own app):
    the same admin page at its new address, query string kept. Permanent: the move is done."""
    url = reverse(f"admin:{app_label}_{model_name}_changelist") + quote(rest)
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)


def favicon(request):
    """/favicon.ico, asked for by browsers and crawlers whatever the page says: the icon's
    static file (hashed name, long-cached), so the address never answers 404."""
    from django.templatetags.static import static

    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
