"""The page cache serves anonymous readers fast and never shows them something wrong."""

import gzip
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.core.signals import request_started
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from freezegun import freeze_time

from articles.models import Article
from magazine.signals import content_changed
from ratings import spam
from ratings.models import Rating

from .conftest import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)

FORM = engines["django"].from_string(
    '<form method="post" action="/envoyer/">{% csrf_token %}<button>Voter</button></form>'
    "<p>{{ n }}</p>"
)
rendered = {"count": 0}


def form_page(request):
    rendered["count"] += 1
    return HttpResponse(FORM.render({"n": rendered["count"]}, request))


def receive(request):
    return HttpResponse("reçu")


@never_cache
def private_page(request):
    return HttpResponse("privé")


urlpatterns = [
    path("formulaire/", form_page),
    path("envoyer/", receive),
    path("prive/", private_page),
    path("", include("articles.urls")),
]


def test_second_anonymous_view_is_served_from_cache_without_queries(client, django_assert_num_queries):
    article = make_article("Un article en cache")
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    # The article page carries the rating form: each copy gets its own masked CSRF token.
    csrf_value = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+')
    assert csrf_value.sub(rb"\1", second.content) == csrf_value.sub(rb"\1", first.content)
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_editing_and_unpublishing_show_at_once(client):
    section = make_section("Ville")
    make_article("Premier", section=section)
    assert "Deuxième" not in client.get("/").content.decode()

    second = make_article("Deuxième", section=section)
    assert "Deuxième" in client.get("/").content.decode()

    second.title = "Deuxième, corrigé"
    second.save()
    assert "Deuxième, corrigé" in client.get(second.get_absolute_url()).content.decode()
    assert "Deuxième, corrigé" in client.get("/").content.decode()

    second.status = Article.Status.ARCHIVED
    second.save()
    assert "Deuxième" not in client.get("/").content.decode()
    assert client.get(second.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_in_cached_lists_when_its_time_comes(client):
    go_live = timezone.now() + timedelta(hours=1)
    article = make_article("Programmé", published_at=go_live)
    make_article("Déjà là")
    assert "Programmé" not in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    with freeze_time(go_live + timedelta(seconds=1)):
        page = client.get("/")
        assert "Programmé" in page.content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_reader_feedback_refreshes_that_article_and_lists_only(client):
    voted = make_article("Noté")
    other = make_article("Autre")
    client.get(voted.get_absolute_url())
    client.get(other.get_absolute_url())
    client.get("/")

    content_changed.send(sender=Article, article=voted)

    assert client.get(voted.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("cookie", ["sessionid", "lecteur", "messages"])
def test_readers_with_a_session_or_reader_cookie_always_get_a_fresh_page(client, cookie):
    article = make_article()
    client.get(article.get_absolute_url())
    client.cookies[cookie] = "x"
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response


@override_settings(ROOT_URLCONF=__name__)
def test_private_responses_are_never_cached(client):
    client.get("/prive/")
    assert "X-Page-Cache" not in client.get("/prive/")


@override_settings(ROOT_URLCONF=__name__)
def test_cached_form_gets_the_readers_own_csrf_token():
    first_reader = Client(enforce_csrf_checks=True)
    first_reader.get("/formulaire/")

    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/formulaire/")
    assert page["X-Page-Cache"] == "hit"
    assert "__csrf_token_placeholder__" not in page.content.decode()
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert reader.cookies["csrftoken"].value
    assert reader.post("/envoyer/", {"csrfmiddlewaretoken": token}).status_code == 200
    # The token of someone else's page does not work for this reader.
    assert Client(enforce_csrf_checks=True).post("/envoyer/", {"csrfmiddlewaretoken": token}).status_code == 403


def test_conditional_get_answers_304(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH='"autre"').status_code == 200


def test_pages_without_forms_are_cdn_cacheable():
    make_article()
    response = Client().get("/")
    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    assert "stale-while-revalidate=" in response["Cache-Control"]


def test_query_strings_and_languages_are_cached_separately(client):
    section = make_section("Culture")
    for i in range(3):
        make_article(f"Culture {i}", section=section)
    with override_settings(ARTICLES_PER_PAGE=2):
        page_1 = client.get("/rubrique/culture/").content
        page_2 = client.get("/rubrique/culture/?page=2").content
    assert page_1 != page_2
    assert '<html lang="en">' in client.get("/en/rubrique/culture/").content.decode()


def test_errors_are_not_cached(client):
    client.get("/articles/nope/")
    assert "X-Page-Cache" not in client.get("/articles/nope/")


# -- The WSGI front door (magazine.wsgi): hits answered before Django builds a request -------

@pytest.fixture
def front():
    """magazine.wsgi's application: PageCacheApp in front of Django's handler."""
    from django.core.handlers.wsgi import WSGIHandler

    from magazine.cache import PageCacheApp

    app = PageCacheApp(WSGIHandler())

    def get(path, **environ):
        captured = {}

        def start_response(status, headers):
            captured["status"], captured["headers"] = status, headers

        body = app({"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
                    "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SCRIPT_NAME": "",
                    "wsgi.url_scheme": "http", "wsgi.input": BytesIO(b""), **environ},
                   start_response)
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        headers = {}
        for name, value in captured["headers"]:
            headers.setdefault(name.lower(), []).append(value)
        return captured["status"], headers, content

    return get


def _field(content, name):
    return re.search(rf'name="{name}" value="([^"]+)"'.encode(), content)[1].decode()


def test_front_door_serves_a_hit_that_works_like_a_rendered_page(front):
    article = make_article("Servi par la porte d'entrée")
    status, headers, first = front(article.get_absolute_url())
    assert headers["x-page-cache"] == ["miss"]

    started = []

    def on_request_started(**kwargs):
        started.append(kwargs)

    request_started.connect(on_request_started)
    try:
        status, headers, page = front(article.get_absolute_url())
    finally:
        request_started.disconnect(on_request_started)
    assert status == "200 OK" and headers["x-page-cache"] == ["hit"]
    assert started == []  # answered before Django's handler started a request
    assert "Servi par la porte" in page.decode()
    # The headers the whole middleware stack added are there, and the length is right.
    assert headers["content-security-policy"] and headers["x-frame-options"] == ["DENY"]
    assert headers["content-length"] == [str(len(page))]
    # A CSRF cookie of the reader's own, and forms whose token matches it: the vote goes through
    # Django's CSRF check.
    cookie = headers["set-cookie"][0].split(";")[0].split("=", 1)[1]
    assert _field(page, "csrfmiddlewaretoken") == cookie
    assert _field(first, "csrfmiddlewaretoken") != cookie
    reader = Client(enforce_csrf_checks=True)
    reader.cookies["csrftoken"] = cookie
    vote = reader.post(reverse("ratings:vote", args=[article.slug]),
                       {"score": "4", "csrfmiddlewaretoken": cookie})
    assert vote.status_code in (200, 302, 303)
    assert Rating.objects.filter(article=article, score=4).count() == 1


def test_front_door_keeps_the_readers_csrf_cookie(front):
    article = make_article()
    front(article.get_absolute_url())
    secret = "A" * 32
    status, headers, page = front(article.get_absolute_url(), HTTP_COOKIE=f"csrftoken={secret}")
    assert headers["x-page-cache"] == ["hit"]
    assert "set-cookie" not in headers
    assert _field(page, "csrfmiddlewaretoken") == secret


def test_front_door_never_serves_an_invalidated_copy(front):
    article = make_article("Version une")
    front(article.get_absolute_url())
    assert front(article.get_absolute_url())[1]["x-page-cache"] == ["hit"]

    article.title = "Version deux"
    article.save()
    status, headers, page = front(article.get_absolute_url())
    assert headers["x-page-cache"] == ["miss"]
    assert "Version deux" in page.decode()

    content_changed.send(sender=Article, article=article)  # a vote or a comment
    assert front(article.get_absolute_url())[1]["x-page-cache"] == ["miss"]


@pytest.mark.parametrize("cookie", ["sessionid=x", "lecteur=x", "messages=x"])
def test_front_door_lets_staff_and_readers_with_a_cookie_through(front, cookie):
    article = make_article()
    front(article.get_absolute_url())
    assert "x-page-cache" not in front(article.get_absolute_url(), HTTP_COOKIE=cookie)[1]


def test_front_door_lets_posts_through(front):
    article = make_article()
    front(article.get_absolute_url())
    status, headers, page = front(article.get_absolute_url(), REQUEST_METHOD="POST")
    assert status.startswith("403")  # Django's CSRF check answered, not the cache
    assert "x-page-cache" not in headers


def test_front_door_gzips_hits_without_django_and_leaves_conditional_requests_to_it(front):
    article = make_article("Compressé à la volée")
    url = article.get_absolute_url()
    plain = front(url)[2]
    started = []

    def on_request_started(**kwargs):
        started.append(kwargs)

    request_started.connect(on_request_started)
    try:
        status, headers, body = front(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    finally:
        request_started.disconnect(on_request_started)
    assert started == [] and headers["x-page-cache"] == ["hit"]
    assert headers["content-encoding"] == ["gzip"] and headers["content-length"] == [str(len(body))]
    page = gzip.decompress(body)  # checks the CRC and the length too
    assert len(body) < len(page) / 3
    cookie = headers["set-cookie"][0].split(";")[0].split("=", 1)[1]
    assert _field(page, "csrfmiddlewaretoken") == cookie
    token = re.compile(rb'name="(?:csrfmiddlewaretoken|jeton)" value="[^"]+"')
    assert token.sub(b"", page) == token.sub(b"", plain)
    assert headers["etag"][0].startswith("W/")
    # A revalidation with that ETag is Django's to answer (PageCacheMiddleware): 304.
    assert front(url, HTTP_IF_NONE_MATCH=headers["etag"][0],
                 HTTP_ACCEPT_ENCODING="gzip")[0].startswith("304")


def test_cached_hits_through_django_are_gzipped_too(client):
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert article.title in page
    assert _field(page.encode(), "csrfmiddlewaretoken") == client.cookies["csrftoken"].value


def test_cached_comment_form_gets_a_fresh_form_token(client):
    article = make_article()
    with freeze_time(timezone.now()) as clock:
        client.get(article.get_absolute_url())  # stored
        clock.tick(timedelta(minutes=5))
        page = client.get(article.get_absolute_url())
        assert page["X-Page-Cache"] == "hit"
        token = _field(page.content, "jeton")
        assert spam.check_token(token, article) == spam.Token.TOO_FAST  # served just now
        clock.tick(timedelta(seconds=settings.COMMENTS_MIN_FILL_SECONDS + 1))
        assert spam.check_token(token, article) == spam.Token.OK
