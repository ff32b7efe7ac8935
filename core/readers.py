"""Who a reader is, without accounts and without storing their IP address.

- A signed, HttpOnly, first-party cookie holds a random reader id. Ratings and comments both
  use it: one vote per reader, "your comment awaits moderation" shown only to its poster.
- The IP address is only ever kept as a salted hash. The salt is derived from SECRET_KEY and the
  current period, so it rotates every IP_HASH_ROTATION_HOURS: hashes from different periods
  cannot be linked, and once a period is over, nobody can recompute its hashes from an IP
  without the secret key.
"""

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings

READER_COOKIE_SALT = "magazine.reader-id"


def reader_id(request):
    """The reader id from the signed cookie, or None (missing, forged or expired)."""
    return request.get_signed_cookie(
        settings.READER_COOKIE_NAME,
        default=None,
        salt=READER_COOKIE_SALT,
        max_age=settings.READER_COOKIE_AGE,
    )


def new_reader_id():
    return secrets.token_urlsafe(18)


def set_reader_cookie(response, value):
    response.set_signed_cookie(
        settings.READER_COOKIE_NAME,
        value,
        salt=READER_COOKIE_SALT,
        max_age=settings.READER_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the proxy-reported one behind trusted proxies.

    With TRUSTED_PROXY_COUNT = N, the N-th address from the right of X-Forwarded-For is the
    client (each proxy appends the address it received the request from).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            remote = forwarded[-settings.TRUSTED_PROXY_COUNT]
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return "unknown"
    if address.version == 6:
        # One person usually holds a whole /64.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def current_salt_period(now=None):
    return int((now or time.time()) // (settings.IP_HASH_ROTATION_HOURS * 3600))


def ip_hash(request, now=None):
    """Salted hash of the client's IP for the current period (64 hex characters)."""
    return hash_address(client_ip(request), now)


def hash_address(address, now=None):
    """The salted hash of an IP address (as client_ip() gives it) for the period of `now`
    (a timestamp; the current period by default). Imported comments hash their old address
    with the salt of the day they were written, as if they had been posted here."""
    key = f"{settings.SECRET_KEY}:ip-salt:{current_salt_period(now)}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def login_client_address(request):
    """The client of an admin login attempt, for django-axes, without storing its IP.

    django-axes keeps the client in a GenericIPAddressField; the salted hash is shaped as an
    IPv6 address (first 128 bits of the hash) so it fits that column on every database.
    """
    return str(ipaddress.IPv6Address(int(ip_hash(request)[:32], 16)))
