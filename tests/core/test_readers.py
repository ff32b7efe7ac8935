import pytest
"""Reader identity without accounts: signed cookie, salted and rotating IP hashes, shared limits."""

from django.http import HttpResponse
from django.test import RequestFactory

from core import ratelimit
from core.readers import client_ip, ip_hash, new_reader_id, reader_id, set_reader_cookie


def request_from(ip, **extra):
    return RequestFactory().get("/", REMOTE_ADDR=ip, **extra)


def test_reader_cookie_is_signed_httponly_and_round_trips(settings):
    response = set_reader_cookie(HttpResponse(), new_reader_id())
    morsel = response.cookies[settings.READER_COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    request = RequestFactory().get("/")
    request.COOKIES[settings.READER_COOKIE_NAME] = morsel.value
    assert reader_id(request) and reader_id(request) in morsel.value


def test_forged_reader_cookie_is_ignored(settings):
    request = RequestFactory().get("/")
    request.COOKIES[settings.READER_COOKIE_NAME] = "quelquun-dautre"
    assert reader_id(request) is None


def test_ip_hash_never_contains_the_ip_and_rotates_with_the_period(settings):
    settings.IP_HASH_ROTATION_HOURS = 24
    request = request_from("203.0.113.7")
    today = ip_hash(request, now=1_800_000_000)
    assert "203.0.113.7" not in today and len(today) == 64
    assert ip_hash(request, now=1_800_000_000 + 60) == today
    assert ip_hash(request, now=1_800_000_000 + 86_400) != today
    assert ip_hash(request_from("203.0.113.8"), now=1_800_000_000) != today


def test_ipv6_neighbours_in_one_64_count_as_one_reader():
    assert client_ip(request_from("2001:db8::1")) == client_ip(request_from("2001:db8::ffff"))


def test_forwarded_for_is_only_trusted_behind_a_configured_proxy(settings):
    request = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(request_from("not-an-ip")) == "unknown"


@pytest.mark.django_db  # counters live in a database table without Redis
def test_rate_limit_counts_per_key_within_the_window():
    assert all(ratelimit.hit("test", "a", limit=3, window_seconds=60) for _ in range(3))
    assert not ratelimit.hit("test", "a", limit=3, window_seconds=60)
    assert ratelimit.hit("test", "b", limit=3, window_seconds=60)
