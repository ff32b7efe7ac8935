"""The legal notice (LCEN, art. 6-III) on « Mentions légales », its one admin screen, the
warning editors get while it is incomplete, and pages edited in the admin with revisions."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from reversion.models import Version

from pages.demo import LEGAL_NOTICE, create_demo_content
from pages.models import LegalNotice, Page

from ..conftest import make_article, text
from ..newsroom_helpers import make_editor, make_journalist

pytestmark = pytest.mark.django_db

WARNING = "Informations légales incomplètes."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def fill_notice(**overrides):
    notice = LegalNotice.load()
    for name, value in {**LEGAL_NOTICE, **overrides}.items():
        setattr(notice, name, value)
    notice.save()
    return notice


# -- « Mentions légales » ------------------------------------------------------------------


def test_the_mentions_legales_page_shows_the_notice_and_follows_its_edits():
    create_demo_content()
    page = text(Client().get("/mentions-legales/"))
    for value in ("Le Magazine SAS", "Société par actions simplifiée", "12 rue des Imprimeurs",
                  "04 78 00 00 00", "contact@lemagazine.example", "RCS Lyon 900 000 000",
                  "Claire Fontaine", "Hébergeur Exemple SARL", "59100 Roubaix", "03 20 00 00 00"):
        assert value in page, value
    assert "Propriété intellectuelle" in page  # and the page's own text
    assert Client().get("/mentions-legales/")["X-Page-Cache"] == "hit"

    fill_notice(publication_director="Jeanne Martin")
    page = text(Client().get("/mentions-legales/"))
    assert "Jeanne Martin" in page and "Claire Fontaine" not in page
    # Other pages do not show it.
    assert "Le Magazine SAS" not in text(Client().get("/a-propos/"))


def test_the_demo_content_can_be_loaded_twice():
    create_demo_content()
    create_demo_content()
    assert Page.objects.published().count() == 5
    assert [p.title for p in Page.objects.in_footer()] == [
        "À propos", "Contact", "Mentions légales", "Conditions d'utilisation",
        "Charte des commentaires"]
    assert LegalNotice.objects.get().is_complete


# -- The one settings screen ---------------------------------------------------------------


def test_the_legal_notice_is_one_screen_editors_fill_in():
    editor = logged_in(make_editor())
    response = editor.get("/admin/pages/legalnotice/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/legalnotice/1/change/"
    assert editor.get("/admin/pages/legalnotice/add/").status_code == 403
    assert editor.get("/admin/pages/legalnotice/1/delete/").status_code == 403
    data = {**LEGAL_NOTICE, "email": "pas une adresse"}
    refused = editor.post("/admin/pages/legalnotice/1/change/", data)
    assert refused.status_code == 200 and "Saisissez une adresse de courriel valide." in text(refused)
    saved = editor.post("/admin/pages/legalnotice/1/change/", LEGAL_NOTICE)
    assert saved.status_code == 302
    assert LegalNotice.objects.get().publication_director == "Claire Fontaine"
    assert LegalNotice.objects.count() == 1
    assert logged_in(make_journalist()).get("/admin/pages/legalnotice/").status_code == 403


def test_editors_are_warned_on_every_admin_page_while_a_field_is_empty():
    editor = logged_in(make_editor())
    for url in ("/admin/", "/admin/articles/article/", "/admin/pages/page/"):
        response = editor.get(url)
        assert WARNING in text(response), url
        assert 'href="/admin/pages/legalnotice/"' in response.content.decode()
    fill_notice(host_phone="")
    page = text(editor.get("/admin/"))
    assert WARNING in page and "téléphone de l'hébergeur" in page
    assert "adresse du siège" not in page  # only what is missing is named
    fill_notice()
    assert WARNING not in text(editor.get("/admin/"))
    superuser = logged_in(User.objects.create_superuser("chef", "chef@example.org"))
    fill_notice(registration="")
    assert WARNING in text(superuser.get("/admin/"))


def test_the_warning_is_never_on_reader_pages_nor_for_journalists():
    article = make_article("Un article")
    editor = logged_in(make_editor())
    for client in (Client(), editor):
        for url in ("/", article.get_absolute_url()):
            assert WARNING not in text(client.get(url)), url
    assert WARNING not in text(logged_in(make_journalist()).get("/admin/"))


# -- Pages in the admin ------------------------------------------------------------------------


def page_form(**fields):
    data = {"title": "", "slug": "", "parent": "", "body": "", "status": "draft",
            "footer_position": "", "seo_description": ""}
    data.update(fields)
    return data


def test_editors_create_pages_with_the_editor_and_each_save_is_a_revision():
    editor = logged_in(make_editor())
    form = editor.get("/admin/pages/page/add/")
    assert form.status_code == 200
    assert "prose-editor" in form.content.decode()  # the articles' rich-text editor
    response = editor.post("/admin/pages/page/add/", page_form(
        title="À propos", slug="a-propos", body="<p>Bonjour <script>alert(1)</script></p>",
        status="published", footer_position="1"))
    assert response.status_code == 302, text(response)
    page = Page.objects.get(slug="a-propos")
    assert "script" not in page.body and "Bonjour" in page.body_html
    response = editor.post(f"/admin/pages/page/{page.pk}/change/", page_form(
        title="À propos", slug="a-propos", body="<p>Deuxième version.</p>", status="published",
        footer_position="1"))
    assert response.status_code == 302
    versions = Version.objects.get_for_object(page)
    assert versions.count() == 2
    assert "Bonjour" in versions.last().field_dict["body"]
    history = editor.get(f"/admin/pages/page/{page.pk}/history/")
    assert history.status_code == 200
    assert "Deuxième version." in text(Client().get("/a-propos/"))
    # Restoring the first version (reversion's form, filled with it) brings its text back.
    first = versions.last()
    restore = editor.get(f"/admin/pages/page/{page.pk}/history/{first.pk}/")
    assert restore.status_code == 200 and "Bonjour" in text(restore)
    response = editor.post(f"/admin/pages/page/{page.pk}/history/{first.pk}/", page_form(
        title="À propos", slug="a-propos", body=first.field_dict["body"], status="published",
        footer_position="1"))
    assert response.status_code == 302
    assert "Bonjour" in text(Client().get("/a-propos/"))
    assert Version.objects.get_for_object(page).count() == 3


def test_the_admin_refuses_a_reserved_slug_in_french_and_keeps_the_text():
    editor = logged_in(make_editor())
    response = editor.post("/admin/pages/page/add/", page_form(
        title="Mes articles", slug="articles", body="<p>Un texte à ne pas perdre.</p>"))
    assert response.status_code == 200
    assert "adresse réservée du site" in text(response)
    assert "Un texte à ne pas perdre." in text(response)
    assert not Page.objects.exists()


def test_journalists_do_not_manage_pages():
    journalist = logged_in(make_journalist())
    assert journalist.get("/admin/pages/page/").status_code == 403
    assert journalist.get("/admin/pages/page/add/").status_code == 403
