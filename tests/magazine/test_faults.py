"""Faults a reader may meet: the database or the cache going away. Never a stack trace."""

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import include, path

from core import ratelimit

from ..conftest import make_article

DEAD_REDIS = {
    "default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        # Nothing listens on port 1: every operation fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def bug(request):
    raise ZeroDivisionError


from magazine.urls import handler500  # noqa: E402,F401  (the site's real error handler)

urlpatterns = [
    path("panne/", database_down),
    path("bug/", bug),
    path("", include("articles.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_database_outage_is_a_french_503_that_says_to_retry():
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Le Magazine revient dans un instant" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_are_a_french_500():
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == 500
    assert "Un incident est survenu" in response.content.decode()


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS)
def test_pages_are_served_when_redis_is_down():
    article = make_article("Toujours lisible")
    client = Client(raise_request_exception=False)
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Toujours lisible" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db  # counted in the database meanwhile
@override_settings(CACHES=DEAD_REDIS)
def test_rate_limits_still_limit_when_redis_is_down():
    assert all(ratelimit.hit("panne", "lecteur", limit=2, window_seconds=60) for _ in range(2))
    assert not ratelimit.hit("panne", "lecteur", limit=2, window_seconds=60)


@pytest.mark.django_db
def test_cached_pages_are_still_served_while_the_database_is_down(monkeypatch):
    from pagecache import generations

    article = make_article("Déjà en cache")
    never_read = make_article("Jamais lu")
    client = Client(raise_request_exception=False)
    client.get(article.get_absolute_url())

    def refused(*args, **kwargs):
        raise OperationalError("Connection refused")

    # Every read of the counters fails: the copy this process last knew still serves readers
    # (nothing can change while the database is away).
    monkeypatch.setattr(generations.counters.backend(), "refresh", refused)
    monkeypatch.setattr(generations, "_load", refused)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "stale"
    assert "Déjà en cache" in response.content.decode()
    # A page nobody had stored is drawn, or fails as the French 503: never a 500.
    assert client.get(never_read.get_absolute_url()).status_code in (200, 503)