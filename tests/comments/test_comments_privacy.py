"""A reader erases their comments through an e-mailed link; editors export or erase a
reader's data; IP hashes are forgotten after the retention period."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from comments.models import Comment

from ..comments_support import add_comment, french, post  # noqa: F401 (french: autouse)
from ..conftest import counter_moves, make_article

pytestmark = pytest.mark.django_db

DATA = "/admin/comments/comment/lecteur/"


def test_stored_comment_keeps_an_ip_hash_never_the_ip(client):
    article = make_article()
    post(client, article, ip="203.0.113.77")
    comment = Comment.objects.get()
    assert len(comment.ip_hash) == 64 and "203.0.113.77" not in str(Comment.objects.values().get())


def erase_link_from_outbox():
    return re.search(r"https?://\S+/avis/effacer/\S+/", mail.outbox[-1].body).group(0)


def test_reader_erases_their_comments_with_an_emailed_link(client, settings):
    settings.SITE_URL = "https://lemagazine.example"
    article = make_article()
    mine = add_comment(article, email="lou@example.org", body="Mon avis à effacer.")
    add_comment(article, email="LOU@example.org", status=Comment.Status.PENDING)
    reply = add_comment(article, email="sam@example.org", parent=mine, body="La réponse de Sam.")
    other = add_comment(article, email="zoe@example.org", body="L'avis de Zoé.")

    form = client.get("/avis/effacer/")
    assert form.status_code == 200 and "Effacer mes avis" in form.content.decode()
    response = client.post("/avis/effacer/", {"email": " Lou@Example.org "}, follow=True)
    assert "un lien pour les effacer vient d'y être envoyé" in response.content.decode()
    assert mail.outbox[-1].to == ["lou@example.org"]
    assert "2 avis sont concernés" in mail.outbox[-1].body
    url = erase_link_from_outbox().removeprefix("https://lemagazine.example")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "2 avis envoyés avec cette adresse seront effacés" in confirm.content.decode()
    assert Comment.objects.count() == 4  # GET erases nothing

    moved = counter_moves()
    done = client.post(url)
    assert "C'est fait\u00a0: 2 avis ont été effacés." in done.content.decode()
    assert set(Comment.objects.all()) == {reply, other}
    reply.refresh_from_db()
    assert reply.parent is None  # another reader's words stay
    assert set(moved("comments")) == {f"comments:{article.pk}"}  # its page is drawn again


def test_erase_request_does_not_reveal_whether_an_address_commented(client):
    response = client.post("/avis/effacer/", {"email": "personne@example.org"}, follow=True)
    assert "un lien pour les effacer vient d'y être envoyé" in response.content.decode()
    assert mail.outbox == []


def test_erase_request_errors_and_rate_limit(client):
    response = client.post("/avis/effacer/", {"email": "pas une adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    add_comment(make_article(), email="lou@example.org")
    for _ in range(2):
        assert client.post("/avis/effacer/", {"email": "lou@example.org"}).status_code == 302
    response = client.post("/avis/effacer/", {"email": "lou@example.org"})
    assert response.status_code == 429 and "Trop de demandes" in response.content.decode()
    assert len(mail.outbox) == 2


def test_erase_link_is_signed_and_expires(client, settings):
    add_comment(make_article(), email="lou@example.org")
    assert client.get("/avis/effacer/faux-jeton/").status_code == 400
    assert client.post("/avis/effacer/faux-jeton/").status_code == 400
    client.post("/avis/effacer/", {"email": "lou@example.org"})
    url = erase_link_from_outbox().split("127.0.0.1:8000")[-1].split("lemagazine.example")[-1]
    with freeze_time(timezone.now() + timedelta(seconds=settings.COMMENTS_ERASE_LINK_MAX_AGE + 60)):
        response = client.post(url)
    assert response.status_code == 400 and "a expiré" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.fixture
def editor_client():
    editor = User.objects.create_user("chef", is_staff=True)
    editor.groups.add(Group.objects.get(name="Rédacteur en chef"))
    client = Client()
    client.force_login(editor)
    return client


def test_editor_exports_a_readers_data_as_json_and_csv(editor_client):
    article = make_article("Les toits")
    add_comment(article, email="lou@example.org", body="=HYPERLINK(\"http://x\")", name="Lou")
    add_comment(article, email="lou@example.org", body="Second avis", status=Comment.Status.SPAM)
    add_comment(article, email="zoe@example.org", body="Pas à Lou")
    page = editor_client.get(DATA, {"email": "LOU@example.org"})
    assert page.status_code == 200 and "2 avis envoyés avec lou@example.org" in page.content.decode()

    response = editor_client.get(DATA, {"email": "lou@example.org", "format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="avis-lecteur.json"'
    data = json.loads(response.content)
    assert data["email"] == "lou@example.org"
    assert [c["body"] for c in data["comments"]] == ['=HYPERLINK("http://x")', "Second avis"]
    assert data["comments"][0]["article"] == "Les toits" and data["comments"][1]["status"] == "spam"

    response = editor_client.get(DATA, {"email": "lou@example.org", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 and rows[0]["email"] == "lou@example.org"
    assert rows[0]["body"] == "'=HYPERLINK(\"http://x\")"  # never a live spreadsheet formula


def test_editor_erases_a_readers_data_after_confirming(editor_client):
    article = make_article()
    add_comment(article, email="lou@example.org")
    keep = add_comment(article, email="zoe@example.org")
    response = editor_client.post(DATA, {"email": "lou@example.org"})
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert Comment.objects.count() == 2
    response = editor_client.post(DATA, {"email": "lou@example.org", "confirm": "yes"}, follow=True)
    assert "1 avis effacé." in response.content.decode()
    assert list(Comment.objects.all()) == [keep]


def test_reader_data_page_is_linked_from_the_queue_for_editors(editor_client):
    comment = add_comment(make_article(), email="lou@example.org")
    assert 'href="/admin/comments/comment/lecteur/"' in editor_client.get("/admin/comments/comment/").content.decode()
    change = editor_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "/admin/comments/comment/lecteur/?email=lou%40example.org" in change


def test_purge_ip_hashes_after_retention(settings, capsys):
    settings.IP_HASH_RETENTION_DAYS = 30
    article = make_article()
    old = add_comment(article, ip_hash="a" * 64, created_at=timezone.now() - timedelta(days=31))
    recent = add_comment(article, ip_hash="b" * 64, created_at=timezone.now() - timedelta(days=29))
    call_command("purge_ip_hashes")
    assert "1 comment IP hash(es)" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_hash == "" and recent.ip_hash == "b" * 64
