"""First-comment hold and auto-approval, the admin queue and who may moderate what,
e-mails on approval, replies and one-click unsubscribe."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from comments import notifications
from comments.models import Comment
from comments.moderation import set_status

from ..comments_support import add_comment, become_trusted, french, post  # noqa: F401 (french: autouse)
from ..conftest import counter_moves, make_article, make_author


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commits")]

QUEUE = "/admin/comments/comment/"


def staff(username, group):
    # No password: tests log in with force_login (hashing a password costs a third of a second).
    user = User.objects.create_user(username, f"{username}@lemagazine.example", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def newsroom():
    """A journalist who signs one article, another article, an editor."""
    journalist = staff("camille", "Journaliste")
    editor = staff("chef", "Rédacteur en chef")
    own = make_article("Article de Camille", authors=[make_author("Camille D.", user=journalist)])
    other = make_article("Article de quelqu'un d'autre",
                         authors=[make_author("Lou M.", email="lou@lemagazine.example")])
    return {"journalist": journalist, "editor": editor, "own": own, "other": other}


# --- hold and auto-approval ---------------------------------------------------------------

def test_first_comment_waits_then_the_reader_is_trusted(client):
    article = make_article()
    post(client, article, body="Mon tout premier avis.")
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    post(client, article, body="Un deuxième, toujours en attente.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING
    set_status(Comment.objects.filter(pk=first.pk), Comment.Status.APPROVED)
    post(client, article, body="Le troisième paraît tout de suite.", email="autre@example.org")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_trust_goes_with_the_readers_cookie_never_with_a_typed_address(client):
    """The audit: from a fresh IP, no cookie, posting as Thomas@Exemple.fr (an address an
    editor had approved) published at once, link included."""
    from django.test import Client

    article = make_article()
    add_comment(article, email="thomas@exemple.fr", name="Thomas", reader_id="lecteur-thomas")
    impostor = Client(HTTP_SEC_FETCH_SITE="same-origin")
    for address in ("Thomas@Exemple.fr", "thomas@exemple.fr", " THOMAS@EXEMPLE.FR "):
        post(impostor, article, email=address, ip="198.51.100.66",
             body=f"Achetez ici https://arnaque.example/ ({address})")
        assert Comment.objects.latest("pk").status == Comment.Status.PENDING, address
    # A forged reader cookie is no better (signed: it is ignored, a new reader is made).
    forger = Client(HTTP_SEC_FETCH_SITE="same-origin")
    forger.cookies["lecteur"] = "lecteur-thomas"
    post(forger, article, email="thomas@exemple.fr", body="Avec un faux cookie.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING
    assert Comment.objects.latest("pk").reader_id != "lecteur-thomas"


def test_hold_all_setting(client, settings):
    article = make_article()
    become_trusted(client, article)
    settings.COMMENTS_HOLD_ALL = True
    post(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_a_reader_caught_spamming_is_held_again(client):
    article = make_article()
    first = become_trusted(client, article)
    add_comment(article, reader_id=first.reader_id, status=Comment.Status.SPAM, body="Pub.")
    post(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


# --- the queue: editors see everything, journalists their articles ------------------------

def test_editor_sees_every_comment_with_history_and_email(client, newsroom):
    add_comment(newsroom["own"], body="Sur l'article de Camille.", email="a@example.org")
    add_comment(newsroom["other"], body="Sur l'autre article.", email="a@example.org",
                status=Comment.Status.PENDING)
    client.force_login(newsroom["editor"])
    html = client.get(QUEUE, {"status__exact": "tout"}).content.decode()  # « Tout »
    assert "Sur l&#x27;article de Camille." in html and "Sur l&#x27;autre article." in html
    assert "a@example.org" in html
    # « 1 : 1 publié », not « 1 (1 publiés, 0 indésirables) » (\s: the colon's no-break space).
    assert "premier avis" in html and re.search(r">1\s:\s1 publié<", html)


def test_queue_is_annotated_without_a_query_per_row(client, newsroom, django_assert_max_num_queries):
    for i in range(3):
        add_comment(newsroom["own"], email=f"r{i}@example.org")
    client.force_login(newsroom["editor"])
    with django_assert_max_num_queries(40) as few:
        client.get(QUEUE)
    for i in range(30):
        add_comment(newsroom["other"], email=f"r{i % 4}@example.org", status=Comment.Status.PENDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).status_code == 200


def test_queue_filters_and_search(client, newsroom):
    add_comment(newsroom["own"], body="Publié depuis longtemps.")
    add_comment(newsroom["own"], body="Un indésirable.", status=Comment.Status.SPAM)
    add_comment(newsroom["other"], body="Sur l'autre article.")
    client.force_login(newsroom["editor"])
    html = client.get(QUEUE, {"status__exact": "spam"}).content.decode()
    assert "Un indésirable." in html and "Publié depuis longtemps." not in html
    html = client.get(QUEUE, {"q": "longtemps"}).content.decode()
    assert "Publié depuis longtemps." in html and "Un indésirable." not in html
    html = client.get(QUEUE, {"article__id__exact": newsroom["other"].pk}).content.decode()
    assert "Publié depuis longtemps." not in html and "Sur l&#x27;autre article." in html


def test_journalist_sees_only_comments_on_their_articles_and_no_email(client, newsroom):
    mine = add_comment(newsroom["own"], body="Sur mon article.", email="secret@example.org")
    theirs = add_comment(newsroom["other"], body="Pas pour moi.")
    client.force_login(newsroom["journalist"])
    html = client.get(QUEUE, {"status__exact": "tout"}).content.decode()
    assert "Sur mon article." in html and "Pas pour moi." not in html
    assert "secret@example.org" not in html
    assert client.get(f"{QUEUE}{mine.pk}/change/").status_code == 200
    assert "secret@example.org" not in client.get(f"{QUEUE}{mine.pk}/change/").content.decode()
    # Someone else's comment does not exist for them.
    response = client.get(f"{QUEUE}{theirs.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # Searching by e-mail is for editors.
    assert "Sur mon article." not in client.get(QUEUE, {"q": "secret@example.org"}).content.decode()


def test_journalist_reads_but_cannot_moderate_their_own_comments(client, newsroom):
    moved = counter_moves()
    """Moderation is the editor's: a journalist cannot hide criticism of their own article."""
    mine = add_comment(newsroom["own"], status=Comment.Status.PENDING, body="Une critique.")
    client.force_login(newsroom["journalist"])
    queue = client.get(QUEUE).content.decode()
    assert "Une critique." in queue and 'value="approve"' not in queue
    client.post(QUEUE, {"action": "approve", "_selected_action": [mine.pk]})
    client.post(f"{QUEUE}{mine.pk}/change/", {"name": "x", "body": "effacé", "status": "removed"})
    mine.refresh_from_db()
    assert mine.status == Comment.Status.PENDING and mine.body == "Une critique."
    assert mine.moderated_by is None and moved("comments") == {}


def test_forged_action_on_another_article_changes_nothing(client, newsroom):
    theirs = add_comment(newsroom["other"], status=Comment.Status.PENDING)
    client.force_login(newsroom["journalist"])
    client.post(QUEUE, {"action": "approve", "_selected_action": [theirs.pk]})
    client.post(f"{QUEUE}{theirs.pk}/change/", {"name": "x", "body": "piraté", "status": "approved"})
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.PENDING and theirs.body == "Un avis déjà là."


def test_journalist_cannot_delete_or_reach_reader_data(client, newsroom):
    mine = add_comment(newsroom["own"])
    client.force_login(newsroom["journalist"])
    client.post(QUEUE, {"action": "delete_selected", "_selected_action": [mine.pk], "post": "yes"})
    assert Comment.objects.filter(pk=mine.pk).exists()
    assert client.get(f"{QUEUE}{mine.pk}/delete/").status_code == 403
    assert client.get(f"{QUEUE}lecteur/").status_code == 403


def test_readers_and_staff_without_role_are_kept_out(client, newsroom):
    comment = add_comment(newsroom["own"], status=Comment.Status.PENDING)
    assert client.get(QUEUE).status_code == 302  # to the login page
    nobody = User.objects.create_user("stagiaire", is_staff=True)
    client.force_login(nobody)
    assert client.get(QUEUE).status_code == 403
    client.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_bulk_actions_for_editors(client, newsroom):
    a = add_comment(newsroom["own"], status=Comment.Status.PENDING, email="a@example.org")
    b = add_comment(newsroom["other"], status=Comment.Status.PENDING, email="b@example.org")
    c = add_comment(newsroom["other"], email="c@example.org")
    moved = counter_moves()
    client.force_login(newsroom["editor"])
    response = client.post(QUEUE, {"action": "approve", "_selected_action": [a.pk, b.pk]},
                           follow=True)
    assert "2 avis publiés." in response.content.decode()
    client.post(QUEUE, {"action": "mark_spam", "_selected_action": [a.pk]})
    client.post(QUEUE, {"action": "remove", "_selected_action": [c.pk]})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "spam", b.pk: "approved", c.pk: "removed"}
    # Each decision moves the comments counter of each article page it changed, once:
    # approve (both articles), spam a (own), remove c (other).
    own, other = newsroom["own"].pk, newsroom["other"].pk
    assert moved("comments") == {f"comments:{own}": 2, f"comments:{other}": 2}


def test_status_change_in_the_form_is_a_moderation_decision(client, newsroom):
    comment = add_comment(newsroom["own"], status=Comment.Status.PENDING, body="Avant.")
    moved = counter_moves()
    client.force_login(newsroom["editor"])
    response = client.post(f"{QUEUE}{comment.pk}/change/", {
        "name": "Lou", "body": "Après correction.", "status": "approved",
    })
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.body_html == "<p>Après correction.</p>"
    assert comment.moderated_by == newsroom["editor"]
    assert moved("comments") == {f"comments:{newsroom['own'].pk}": 1}
    assert len(mail.outbox) == 1  # the article's author, once


def test_removed_comment_leaves_the_page_even_a_cached_one(client, newsroom):
    comment = add_comment(newsroom["own"], body="Bientôt retiré.")
    assert "Bientôt retiré." in client.get(newsroom["own"].get_absolute_url()).content.decode()
    assert client.get(newsroom["own"].get_absolute_url())["X-Page-Cache"] == "hit"
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.REMOVED)
    assert "Bientôt retiré." not in client.get(newsroom["own"].get_absolute_url()).content.decode()


def test_editors_delete_comments_and_caches_hear_of_it(client, newsroom):
    comment = add_comment(newsroom["own"])
    moved = counter_moves()
    client.force_login(newsroom["editor"])
    client.post(QUEUE, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"})
    assert not Comment.objects.exists()
    assert moved("comments") == {f"comments:{newsroom['own'].pk}": 1}


def test_nobody_adds_comments_in_the_admin(client, newsroom):
    client.force_login(User.objects.create_superuser("root", "root@example.org"))
    assert client.get(f"{QUEUE}add/").status_code == 403


# --- notifications --------------------------------------------------------------------------

def test_authors_get_an_email_for_each_approved_comment_once(newsroom, settings):
    settings.SITE_URL = "https://lemagazine.example"
    comment = add_comment(newsroom["other"], status=Comment.Status.PENDING, name="Sam",
                          body="Quel beau reportage.")
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lou@lemagazine.example"]
    # Set in French typography, like the pages.
    assert message.subject == "Nouvel avis sur «\u202fArticle de quelqu’un d’autre\u202f»"
    assert "Sam a publié un avis" in message.body and "Quel beau reportage." in message.body
    assert f"https://lemagazine.example{newsroom['other'].get_absolute_url()}#avis-{comment.pk}" in message.body
    assert "lou@example.org" not in message.body  # the commenter's address is not passed on
    # Removed then approved again: no second e-mail.
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.REMOVED)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert len(mail.outbox) == 1


def test_author_account_address_and_setting_to_turn_off(newsroom, settings):
    comment = add_comment(newsroom["own"], status=Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert mail.outbox[0].to == ["camille@lemagazine.example"]  # from the linked account
    settings.COMMENTS_NOTIFY_AUTHORS = False
    other = add_comment(newsroom["own"], status=Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=other.pk), Comment.Status.APPROVED)
    assert len(mail.outbox) == 1


def test_auto_approved_comment_notifies_at_once(client, newsroom):
    become_trusted(client, newsroom["other"])
    mail.outbox.clear()
    post(client, newsroom["other"])
    assert [m.to for m in mail.outbox] == [["lou@lemagazine.example"]]


def test_a_mail_failure_never_breaks_moderation(newsroom, settings):
    settings.EMAIL_BACKEND = "tests.comments.test_comments_moderation.BrokenBackend"
    comment = add_comment(newsroom["other"], status=Comment.Status.PENDING)
    assert set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED) == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_reply_notifies_the_subscribed_parent_with_unsubscribe_link(client, newsroom, settings):
    settings.COMMENTS_NOTIFY_AUTHORS = False
    settings.SITE_URL = "https://lemagazine.example"
    article = newsroom["other"]
    parent = add_comment(article, name="Lou", email="lou@example.org", notify_replies=True)
    post(client, article, parent=str(parent.pk), body="Je vous réponds.", name="Sam",
         email="sam@example.org")
    reply = Comment.objects.latest("pk")
    assert reply.status == Comment.Status.PENDING and mail.outbox == []  # not before approval
    set_status(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lou@example.org"]
    assert message.subject == "Sam a répondu à votre avis sur «\u202fArticle de quelqu’un d’autre\u202f»"
    assert "Je vous réponds." in message.body and "sam@example.org" not in message.body
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.startswith("https://lemagazine.example/avis/desabonnement/") and url in message.body

    # GET (a link scanner, or the reader) only asks; POST unsubscribes.
    path = url.removeprefix("https://lemagazine.example")
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer le désabonnement" in page.content.decode()
    parent.refresh_from_db()
    assert parent.notify_replies
    # A mail client's one-click POST (RFC 8058): no CSRF token, no cookie.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "C'est fait" in response.content.decode()
    parent.refresh_from_db()
    assert not parent.notify_replies
    another = add_comment(article, parent=parent, email="zoe@example.org",
                          status=Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=another.pk), Comment.Status.APPROVED)
    assert len(mail.outbox) == 1


def test_no_reply_email_when_not_asked_or_answering_oneself(newsroom, settings):
    settings.COMMENTS_NOTIFY_AUTHORS = False
    article = newsroom["other"]
    quiet = add_comment(article, email="quiet@example.org", notify_replies=False)
    loud = add_comment(article, email="loud@example.org", notify_replies=True)
    replies = [
        add_comment(article, parent=quiet, email="x@example.org", status="pending"),
        add_comment(article, parent=loud, email="loud@example.org", status="pending"),
    ]
    set_status(Comment.objects.filter(pk__in=[r.pk for r in replies]), Comment.Status.APPROVED)
    assert mail.outbox == []


def test_forged_unsubscribe_link(client):
    assert client.get("/avis/desabonnement/faux/").status_code == 400
    assert client.post("/avis/desabonnement/faux/").status_code == 400
    assert notifications.comment_from_unsubscribe_token("faux") is None


def test_bookmarks_from_before_the_comments_app_still_open(client, newsroom):
    """The comment queue lived at /admin/ratings/comment/ before comments had their own app."""
    comment = add_comment(newsroom["own"], body="Un avis d'avant.", status=Comment.Status.PENDING)
    response = client.get("/admin/ratings/comment/", {"status__exact": "pending"})
    assert response.status_code == 301
    assert response["Location"] == f"{QUEUE}?status__exact=pending"
    response = client.get(f"/admin/ratings/comment/{comment.pk}/change/")
    assert response["Location"] == f"{QUEUE}{comment.pk}/change/"

    client.force_login(newsroom["editor"])
    page = client.get(f"/admin/ratings/comment/{comment.pk}/change/", follow=True)
    assert page.status_code == 200 and "Un avis d&#x27;avant." in page.content.decode()


def test_approval_mails_left_unsent_by_a_dead_worker_are_sent_when_the_task_runs_again(settings):
    from datetime import timedelta

    from django.utils import timezone

    from comments.tasks import send_approval_mails

    settings.TASK_STALE_SECONDS = 600
    author = make_author("Plume", email="plume@lemagazine.example")
    comment = add_comment(make_article(authors=[author]), body="Un avis à signaler à l'autrice.")
    # A worker claimed the sending a minute ago and may still be at it: not twice.
    Comment.objects.filter(pk=comment.pk).update(notify_claimed_at=timezone.now() - timedelta(minutes=1))
    assert send_approval_mails.call(comment.pk) == "déjà envoyé"
    assert mail.outbox == []
    # Its worker died before sending (the task was put back in the queue): sent now.
    Comment.objects.filter(pk=comment.pk).update(notify_claimed_at=timezone.now() - timedelta(hours=1))
    assert send_approval_mails.call(comment.pk) == "envoyé"
    assert [message.to for message in mail.outbox] == [["plume@lemagazine.example"]]
    assert Comment.objects.get(pk=comment.pk).notified_at is not None
    assert send_approval_mails.call(comment.pk) == "déjà envoyé"


def test_select_all_then_publish_on_the_default_queue_publishes_only_what_waits(client, newsroom):
    """« Sélectionner les N avis » then « Publier » on the queue as it opens (« En attente »):
    spam and removed comments stay where they are."""
    article = newsroom["other"]
    waiting = add_comment(article, status=Comment.Status.PENDING, body="En attente.")
    spam = add_comment(article, status=Comment.Status.SPAM, body="Achetez maintenant.")
    removed = add_comment(article, status=Comment.Status.REMOVED, body="Retiré.")
    client.force_login(newsroom["editor"])
    response = client.post(QUEUE, {"action": "approve", "select_across": "1", "index": "0",
                                   "_selected_action": [waiting.pk]})
    assert response.status_code == 302
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: Comment.Status.APPROVED, spam.pk: Comment.Status.SPAM,
                        removed.pk: Comment.Status.REMOVED}
