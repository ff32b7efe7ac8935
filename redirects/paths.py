"""One way to write an address, so that a redirect typed in the admin, read from a CSV of an old
site or recorded on a rename is found by the request that asks for it.

An old address is a path as Django hands it to the middleware (`request.path_info`: no host,
percent-escapes decoded), optionally followed by its query string with its parameters sorted
(WordPress's `/?p=123`). A full URL of this site is accepted and reduced to that; a URL of
another host is refused: no request for it ever reaches us.
A target is a path written the same way, or an absolute http(s) URL elsewhere.
"""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http.request import validate_host
from django.utils.translation import gettext as _

OLD_PATH_MAX = 500
TARGET_MAX = 600  # indexed: a PostgreSQL index entry holds up to 2704 bytes


def own_hosts():
    """The host names this site answers to: SITE_URL's and ALLOWED_HOSTS (a lone "*" aside,
    which would take any host for ours)."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    site = urlsplit(settings.SITE_URL).hostname
    return [site, *hosts] if site else hosts


def is_own_host(host):
    return bool(host) and validate_host(host.lower(), own_hosts())


def query_of(pairs):
    """A query string in its one written form: parameters sorted, encoded as browsers send."""
    return urlencode(sorted(pairs))


def _path_and_query(parts):
    # One leading slash: "//host" (or a backslash after it) in a Location leaves the site.
    path = "/" + unquote(parts.path or "/").lstrip("/\\")
    query = parse_qsl(parts.query, keep_blank_values=True)
    return path + (f"?{query_of(query)}" if query else "")


def _split(value):
    value = (value or "").strip()
    if value.startswith("//"):  # a host without a scheme
        value = "http:" + value
    return value, urlsplit(value)


def normalize_old_path(value):
    """The old address as stored; ValidationError (in French) when it cannot be one."""
    value, parts = _split(value)
    if not value:
        raise ValidationError(_("Indiquez l'ancienne adresse."), code="required")
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(
                _("L'ancienne adresse doit être un chemin (/articles/…) ou une adresse de ce "
                  "site."),
                code="invalid")
        if not is_own_host(parts.hostname):
            raise ValidationError(
                _("L'ancienne adresse doit être sur ce site (%(host)s n'en fait pas partie).")
                % {"host": parts.hostname}, code="other_host")
    path = _path_and_query(parts)
    if path.split("?")[0].startswith(f"/{settings.ADMIN_PATH}"):
        raise ValidationError(_("Les adresses de l'administration ne se redirigent pas."),
                              code="admin")
    if len(path) > OLD_PATH_MAX:
        raise ValidationError(_("L'ancienne adresse est trop longue (%(max)d caractères au plus).")
                              % {"max": OLD_PATH_MAX}, code="max_length")
    return path


def normalize_target(value):
    """The new address as stored: "" (the content is gone: 410), a path, or an absolute
    http(s) URL of another site (one of this site becomes a path)."""
    value, parts = _split(value)
    if not value:
        return ""
    if parts.scheme or parts.netloc:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError(
                _("La nouvelle adresse doit être un chemin (/articles/…) ou une adresse "
                  "http(s) complète."), code="invalid") from None
        if not is_own_host(parts.hostname):
            target = value
        else:
            target = _path_and_query(parts) + (f"#{parts.fragment}" if parts.fragment else "")
    else:
        target = _path_and_query(parts) + (f"#{parts.fragment}" if parts.fragment else "")
    if len(target) > TARGET_MAX:
        raise ValidationError(_("La nouvelle adresse est trop longue (%(max)d caractères au plus).")
                              % {"max": TARGET_MAX}, code="max_length")
    return target


def split_old_path(old_path):
    """(path, parameter names) of a stored old address; names empty without a query."""
    path, _sep, query = old_path.partition("?")
    return path, frozenset(name for name, _value in parse_qsl(query, keep_blank_values=True))
