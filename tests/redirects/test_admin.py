"""Editors manage redirects in the admin: the list (hits, last visit, a 410 filter, search), a
form that refuses loops and other sites, and a CSV import that keeps every good line and says
in French why each bad one was refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from redirects.models import Redirect

from ..conftest import make_article, text
from ..newsroom_helpers import make_editor, make_journalist

pytestmark = pytest.mark.django_db

LIST = reverse("admin:redirects_redirect_changelist")
ADD = reverse("admin:redirects_redirect_add")
IMPORT = reverse("admin:redirects_redirect_import")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return logged_in(make_editor())


def upload(client, content, name="redirections.csv"):
    data = content if isinstance(content, bytes) else content.encode()
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_journalists_do_not_manage_redirects():
    journalist = logged_in(make_journalist())
    for url in (LIST, ADD, IMPORT):
        assert journalist.get(url).status_code == 403


def test_the_list_shows_hits_and_filters_what_is_gone(editor, client):
    Redirect.objects.create(old_path="/vieux-billet/", new_path="/articles/neuf/")
    Redirect.objects.create(old_path="/page-retiree/", new_path="")
    client.get("/vieux-billet/")
    page = text(editor.get(LIST))
    assert "/vieux-billet/" in page and "/page-retiree/" in page
    assert "410 — « Cet article a été retiré »" in page
    assert "Importer un fichier CSV" in page
    gone = text(editor.get(LIST, {"reponse": "410"}))
    assert "/page-retiree/" in gone and "/vieux-billet/" not in gone
    found = text(editor.get(LIST, {"q": "billet"}))
    assert "/vieux-billet/" in found and "/page-retiree/" not in found
    assert Redirect.objects.get(old_path="/vieux-billet/").hits == 1


def test_the_form_refuses_a_loop_and_another_site_in_french(editor):
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    response = editor.post(ADD, {"old_path": "/b/", "new_path": "/a/", "note": ""})
    assert response.status_code == 200
    assert "Cette redirection ferait une boucle" in text(response)
    response = editor.post(ADD, {"old_path": "https://autre-site.example/x/", "new_path": "/",
                                 "note": ""})
    assert "L'ancienne adresse doit être sur ce site (autre-site.example n'en fait pas partie)." \
        in text(response)
    response = editor.post(ADD, {"old_path": "/a/", "new_path": "/c/", "note": ""})
    assert "Une redirection part déjà de cette adresse." in text(response)
    assert Redirect.objects.count() == 1


def test_the_form_saves_a_redirect_that_works_at_once(editor, client):
    article = make_article("Destination")
    response = editor.post(ADD, {"old_path": "http://testserver/ancien/", "new_path":
                                 article.get_absolute_url(), "note": "Ancien site"})
    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/ancien/" and redirect.origin == Redirect.Origin.MANUAL
    assert client.get("/ancien/")["Location"] == article.get_absolute_url()


def test_a_csv_import_keeps_the_good_lines_and_names_the_bad_ones(editor, client):
    article = make_article("Importé")
    target = article.get_absolute_url()
    csv = (
        "\ufeffancienne_adresse;nouvelle_adresse\n"  # BOM and header, as a spreadsheet saves it
        f"/?p=123;{target}\n"                                       # 2: kept
        f"http://testserver/2019/05/billet/;{target}\n"            # 3: our host: kept as a path
        "/page-retiree/;\n"                                         # 4: gone
        "https://ancien-site.example/x/;/\n"                        # 5: another host
        "/trois;/colonnes/;de trop\n"                               # 6: three columns
        "/?p=123;/ailleurs/\n"                                      # 7: twice in the file
        "/lien;javascript:alert(1)\n"                               # 8: not a web address
        "\n"                                                        # blank: skipped
        "/a/;/b/\n"                                                 # 10: kept
        "/b/;/a/\n"                                                 # 11: a loop
    )
    response = upload(editor, csv)
    page = text(response)
    assert response.status_code == 200
    assert "4 redirections importées (nouvelles : 4, mises à jour : 0) ; 5 lignes refusées." in page
    for number, message in [
        (5, "l'ancienne adresse doit être sur ce site (ancien-site.example n'en fait pas partie)."),
        (6, "trois colonnes ou plus"),
        (7, "l'adresse /?p=123 figure déjà ligne 2."),
        (8, "la nouvelle adresse doit être un chemin"),
        (11, "cette redirection ferait une boucle"),
    ]:
        assert f"Ligne {number} : " in page and message.lower() in page.lower(), number
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/?p=123": target, "/2019/05/billet/": target, "/page-retiree/": "", "/a/": "/b/"}
    assert set(Redirect.objects.values_list("origin", flat=True)) == {Redirect.Origin.IMPORT}
    assert client.get("/?p=123")["Location"] == target
    assert client.get("/page-retiree/").status_code == 410


def test_a_second_import_updates_and_commas_without_header_work(editor):
    upload(editor, "/x/,/y/\n/z/,/y/\n")
    response = upload(editor, "/x/,/w/\r\n/n/,\r\n")
    assert "2 redirections importées (nouvelles : 1, mises à jour : 1)." in text(response)
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/x/": "/w/", "/z/": "/y/", "/n/": ""}


def test_a_file_that_is_not_utf8_is_refused_with_a_french_message(editor):
    response = upload(editor, "/caf\xe9/;/\n".encode("latin-1"))
    assert "Le fichier n'est pas en UTF-8" in text(response)
    assert not Redirect.objects.exists()
    response = editor.post(IMPORT, {})
    assert response.status_code == 200 and not Redirect.objects.exists()


def test_an_imported_chain_collapses(editor, client):
    upload(editor, "/a/;/b/\n/b/;/c/\n/c/;/articles/fin/\n")
    assert set(Redirect.objects.values_list("new_path", flat=True)) == {"/articles/fin/"}
    assert client.get("/a/")["Location"] == "/articles/fin/"
