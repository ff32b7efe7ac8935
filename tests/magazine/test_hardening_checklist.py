"""The rest of the security checklist: staff sessions expire, the admin can move, deleting an
author or a section never takes articles with it, no page can be framed by another site."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models import ProtectedError
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(User.objects.create_superuser("chef", "chef@example.org"))
    return client


def test_staff_sessions_end_after_hours_without_activity_and_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 4 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
    user = User.objects.create_user("camille", is_staff=True, is_superuser=True)
    start = timezone.now()
    with freeze_time(start) as clock:
        client = Client()
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert not response.cookies["sessionid"]["expires"]  # a browser-session cookie
        clock.tick(timedelta(hours=3))
        assert client.get("/admin/").status_code == 200  # activity keeps it alive…
        clock.tick(timedelta(hours=3, minutes=59))
        assert client.get("/admin/").status_code == 200
        clock.tick(timedelta(hours=4, minutes=1))  # …four idle hours end it
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def moved_admin(settings):
    """The site as configured with ADMIN_PATH=redaction-7f3a/ (the URLconf reads it at import)."""
    import magazine.urls

    settings.ADMIN_PATH = "redaction-7f3a/"
    settings.PAGE_CACHE_SKIP_PREFIXES = ["/redaction-7f3a/", "/static/", "/media/"]
    importlib.reload(magazine.urls)
    clear_url_caches()
    yield
    settings.ADMIN_PATH = "admin/"
    importlib.reload(magazine.urls)
    clear_url_caches()


def test_the_admin_lives_where_admin_path_says(client, moved_admin):
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get("/redaction-7f3a/login/")
    assert response.status_code == 200 and "Connexion" in response.content.decode()
    assert reverse("admin:index") == "/redaction-7f3a/"


def test_deleting_a_section_or_an_author_never_deletes_articles(superuser_client):
    section = make_section("Sciences")
    author = make_author("Ana Lys")
    article = make_article("Toujours là", section=section, authors=[author])

    with pytest.raises(ProtectedError):
        section.delete()
    with pytest.raises(ProtectedError):
        author.delete()

    for url in (reverse("admin:articles_section_delete", args=[section.pk]),
                reverse("admin:authors_author_delete", args=[author.pk])):
        page = superuser_client.get(url).content.decode()
        assert "Impossible de supprimer" in page and "protégés" in page
        if "section" in url:
            assert "Toujours là" in page  # the article that stands in the way is named
        superuser_client.post(url, {"post": "yes"})
    assert Article.objects.filter(pk=article.pk, section=section).exists()
    assert article.bylines.filter(author=author).exists()


def test_no_page_can_be_framed_by_another_site(client, superuser_client):
    article = make_article()
    for response in (client.get("/"), client.get(article.get_absolute_url()),
                     client.get("/admin/login/"), superuser_client.get("/admin/"),
                     superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))):
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    # The admin's related-object pop-ups are windows, not frames: nothing there asks for
    # SAMEORIGIN framing.
    popup = superuser_client.get(reverse("admin:articles_section_add") + "?_popup=1")
    assert popup.status_code == 200 and popup["X-Frame-Options"] == "DENY"


def test_password_validators_refuse_short_common_numeric_and_personal_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(username="camille.durand", first_name="Camille", last_name="Durand",
                email="camille.durand@example.org")
    for weak, reason in [("Court-1!", "trop court"), ("123456789012", "entièrement numérique"),
                         ("password1234", "trop courant"), ("camille.durand", "trop semblable")]:
        with pytest.raises(ValidationError) as refused:
            validate_password(weak, user)
        assert reason in " ".join(refused.value.messages), refused.value.messages
    validate_password("lune-verte-sur-la-saône", user)  # a passphrase is fine
