"""Error reports e-mailed to ADMINS, without what they must not carry about readers.

Django's report holds the request (query string, form fields, cookies, headers with the client's
address), the local variables of every frame and the settings. The filter blanks every form
value and cookie, the headers that carry a client address, and the frame variables that hold a
reader's words or address; the reporter then masks, in the whole text, anything still shaped
like an e-mail address, an IP address or a signed token (the erase link carries the address it
was sent to). The subject, the request's path, goes through the same mask.
"""

import ipaddress
import re

from django.conf import settings
from django.http import QueryDict
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
IP_CANDIDATE = re.compile(r"(?<![\w.:])(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.:])")
# django.core.signing: value[:timestamp]:signature (43 characters of URL-safe base64).
SIGNED = re.compile(r"[\w-]+(?::[\w-]+)?:[\w-]{43}\b")

CLIENT_HEADERS = {"REMOTE_ADDR", "REMOTE_HOST", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP",
                  "HTTP_FORWARDED", "HTTP_CF_CONNECTING_IP", "HTTP_TRUE_CLIENT_IP", "HTTP_COOKIE"}
READER_VARIABLES = re.compile(r"(?i)body|text|name|e?mail|ip|addr|cookie|comment|form|data|post")


def _ip(match):
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)  # a time, a version: kept
    return "[IP masquée]"


def scrub(text):
    text = SIGNED.sub("[jeton masqué]", text)
    text = EMAIL.sub("[adresse masquée]", text)
    return IP_CANDIDATE.sub(_ip, text)


class ReaderSafeFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True  # also with DEBUG: a report may be mailed from a staging server

    def get_post_parameters(self, request):
        try:
            return {name: self.cleansed_substitute for name in request.POST}
        except Exception:  # no request, or the error is the form itself (too many fields)
            return {}

    def get_safe_cookies(self, request):
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {key: self.cleansed_substitute if key in CLIENT_HEADERS else value
                for key, value in meta.items()}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute if READER_VARIABLES.search(name) else value)
                for name, value in super().get_traceback_frame_variables(request, tb_frame)]


class ReaderSafeReporter(ExceptionReporter):
    def get_traceback_data(self):
        if self.request is not None:
            try:
                self.request.GET  # noqa: B018 (parsed here, where a failure can be handled)
            except Exception:  # the error is the query string itself (too many fields)
                self.request.GET = QueryDict()
        return super().get_traceback_data()

    def get_traceback_text(self):
        return scrub(super().get_traceback_text())

    def get_traceback_html(self):
        return scrub(super().get_traceback_html())


class ReaderSafeAdminEmailHandler(AdminEmailHandler):
    def emit(self, record):
        if settings.ADMINS:  # (Django's own early return is lost with send_mail overridden)
            super().emit(record)
    def format_subject(self, subject):
        return super().format_subject(scrub(subject))

    def send_mail(self, subject, message, *args, html_message=None, **kwargs):
        # The message starts with the log line, the request's path, outside the report.
        html_message = scrub(html_message) if html_message else html_message
        super().send_mail(subject, scrub(message), *args, html_message=html_message, **kwargs)
