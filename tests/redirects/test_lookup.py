"""Redirects made by editors: followed where nothing else answers, 410 for what is gone, one
query for an address asked the first time and none after, nothing on ordinary pages; and a
redirect with a query string (WordPress's `/?p=123`) wins over the cached page of its path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from redirects.models import Redirect

from ..conftest import make_article, text
from ..pagecache.test_page_cache import front  # noqa: F401  (the WSGI front door, a fixture)

pytestmark = pytest.mark.django_db


def redirect_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured if "redirects_redirect" in q["sql"]]


def test_an_old_address_answers_301_and_counts_its_visits(client):
    article = make_article("Le nouveau site")
    Redirect.objects.create(old_path="/2019/05/ancien-billet.html",
                            new_path=article.get_absolute_url())
    response = client.get("/2019/05/ancien-billet.html")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    response = client.head("/2019/05/ancien-billet.html")
    assert response.status_code == 301
    redirect = Redirect.objects.get()
    assert redirect.hits == 2 and redirect.last_hit_at is not None


def test_an_address_without_its_final_slash_is_found_before_append_slash(client):
    Redirect.objects.create(old_path="/articles/vieux", new_path="/articles/neuf/")
    response = client.get("/articles/vieux")
    assert response.status_code == 301 and response["Location"] == "/articles/neuf/"


def test_a_gone_address_answers_410_in_french(client):
    Redirect.objects.create(old_path="/rubrique/supprimee/", new_path="")
    response = client.get("/rubrique/supprimee/")
    assert response.status_code == 410
    assert "Cet article a été retiré" in text(response)
    assert not response.cookies
    # Like the 404 page: the site's headers, kept by nobody.
    assert "Content-Security-Policy" in response and "no-cache" in response["Cache-Control"]


def test_content_wins_over_a_redirect_from_its_address(client):
    article = make_article("Toujours là")
    Redirect.objects.create(old_path=article.get_absolute_url(), new_path="/ailleurs/")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_absolute_target_elsewhere_is_kept_and_ours_becomes_a_path(client):
    elsewhere = Redirect.objects.create(old_path="/partenaire/",
                                        new_path="https://exemple.org/page")
    ours = Redirect.objects.create(old_path="http://127.0.0.1:8000/a-propos.php?lang=fr",
                                   new_path="http://127.0.0.1:8000/confidentialite/")
    assert elsewhere.new_path == "https://exemple.org/page"
    assert (ours.old_path, ours.new_path) == ("/a-propos.php?lang=fr", "/confidentialite/")
    assert client.get("/partenaire/")["Location"] == "https://exemple.org/page"


@pytest.mark.parametrize("old, message", [
    ("https://ancien-site.example/page/", "doit être sur ce site"),
    ("javascript:alert(1)", "doit être un chemin"),
    ("/admin/", "administration"),
    ("", "Indiquez l'ancienne adresse"),
])
def test_an_old_address_that_cannot_be_ours_is_refused(old, message):
    redirect = Redirect(old_path=old, new_path="/")
    with pytest.raises(ValidationError) as error:
        redirect.full_clean()
    assert message in str(error.value.message_dict["old_path"])


def test_loops_are_refused_and_chains_collapse():
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    with pytest.raises(ValidationError) as error:
        Redirect(old_path="/b/", new_path="/a/").full_clean()
    assert "boucle" in str(error.value.message_dict["new_path"])
    with pytest.raises(ValidationError):
        Redirect(old_path="/c/", new_path="/c/").full_clean()
    # /b/ → /c/ makes /a/ → /c/; /z/ → /a/ goes straight to /c/.
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    Redirect.objects.create(old_path="/z/", new_path="/a/")
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/a/": "/c/", "/b/": "/c/", "/z/": "/c/"}
    # Gone is the end of a chain too.
    Redirect.objects.create(old_path="/c/", new_path="")
    assert set(Redirect.objects.values_list("new_path", flat=True)) == {""}


def test_a_lookup_is_one_query_then_none_and_a_change_is_seen_at_once(client):
    client.get("/")  # the first request of a process learns which paths have query redirects
    response, queries = redirect_queries(client, "/introuvable/")
    assert response.status_code == 404 and len(queries) == 1
    response, queries = redirect_queries(client, "/introuvable/")
    assert response.status_code == 404 and queries == []
    Redirect.objects.create(old_path="/introuvable/", new_path="/trouve/")
    assert client.get("/introuvable/")["Location"] == "/trouve/"
    redirect = Redirect.objects.get()
    redirect.new_path = "/trouve-ailleurs/"
    redirect.save()
    assert client.get("/introuvable/")["Location"] == "/trouve-ailleurs/"
    redirect.delete()
    assert client.get("/introuvable/").status_code == 404


def test_ordinary_pages_never_ask_for_redirects(client):
    article = make_article("Une page ordinaire")
    Redirect.objects.create(old_path="/ailleurs/", new_path="/")
    client.get("/")  # the first request of a process learns which paths have query redirects
    for url in ["/", article.get_absolute_url(), "/?page=2", article.get_absolute_url() + "?x=1"]:
        response, queries = redirect_queries(Client(), url)
        assert response.status_code == 200 and queries == [], url


def test_a_query_string_redirect_wins_over_the_cached_home_page():
    article = make_article("Un article importé de WordPress")
    home = Client().get("/")
    assert home.status_code == 200 and Client().get("/")["X-Page-Cache"] == "hit"
    assert Client().get("/?p=123")["X-Page-Cache"] == "hit"  # any parameter: the same page

    Redirect.objects.create(old_path="/?p=123", new_path=article.get_absolute_url())
    response = Client().get("/?p=123")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    # The home page is stored again, reading p: /?p=123 is never answered from it.
    assert Client().get("/").status_code == 200
    assert Client().get("/")["X-Page-Cache"] == "hit"
    for url in ["/?p=123", "/?utm_source=flux&p=123"]:
        response = Client().get(url)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    other = Client().get("/?p=999")
    assert other.status_code == 200 and "Un article importé de WordPress" in text(other)
    # Gone, or removed: the home page again.
    Redirect.objects.filter(old_path="/?p=123").update(new_path="")
    Redirect.objects.get().save()  # (update() skips save: the admin and the import save)
    assert Client().get("/?p=123").status_code == 410
    Redirect.objects.all().delete()
    assert Client().get("/?p=123").status_code == 200


def test_the_most_specific_query_redirect_wins(client):
    Redirect.objects.create(old_path="/?p=7", new_path="/articles/sept/")
    Redirect.objects.create(old_path="/?preview=true&p=7", new_path="/articles/sept-apercu/")
    Redirect.objects.create(old_path="/?page_id=2", new_path="/confidentialite/")
    assert client.get("/?p=7&preview=true")["Location"] == "/articles/sept-apercu/"
    assert client.get("/?p=7")["Location"] == "/articles/sept/"
    assert client.get("/?page_id=2")["Location"] == "/confidentialite/"


def test_a_path_with_a_query_string_redirect_elsewhere_than_home(client):
    Redirect.objects.create(old_path="/index.php?option=com_content&id=4", new_path="/")
    assert client.get("/index.php?id=4&option=com_content")["Location"] == "/"
    assert client.get("/index.php?id=5&option=com_content").status_code == 404


def test_the_front_door_never_answers_a_query_redirect_with_the_home_page(front):
    article = make_article("Importé, servi par la porte d'entrée")
    front("/")
    assert front("/")[1]["x-page-cache"] == ["hit"]
    Redirect.objects.create(old_path="/?p=42", new_path=article.get_absolute_url())
    for _attempt in range(2):  # before and after the home page is stored again
        status, headers, _body = front("/", QUERY_STRING="utm_medium=rss&p=42")
        assert status.startswith("301") and headers["location"] == [article.get_absolute_url()]
        assert front("/")[0] == "200 OK"
    assert front("/")[1]["x-page-cache"] == ["hit"]
