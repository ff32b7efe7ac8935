"""Work done off the request: the erase-my-comments mail and the approval mails leave from the
task worker (`manage.py db_worker`), are tried again when the mail server refuses, and what was
given up is listed in the admin for editors. A reader's request never waits for, nor fails on,
the mail server."""

import logging
import smtplib
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from comments.models import Comment

from ..comments_support import add_comment, french  # noqa: F401 (french: autouse)
from ..conftest import make_article, reader_client

pytestmark = pytest.mark.django_db

TASKS_LIST = "/admin/django_tasks_database/dbtaskresult/"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service non disponible")


@pytest.fixture(autouse=True)
def queue(settings):
    """The production set-up: a queue in the database, run by the worker command."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    settings.TASK_RETRY_SECONDS = 0  # the retries are due at once: one batch runs them all
    settings.TASK_MAX_ATTEMPTS = 3


def run_worker():
    # The worker drops stale connections between tasks; here the connection holds the test's
    # transaction (and its data): it is kept.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def erase_request(email):
    client = reader_client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/avis/effacer/", {"email": email})
    return response, len(queries)


def test_erase_request_answers_the_same_for_any_address_and_the_worker_sends_the_mail():
    add_comment(make_article(), email="martine@exemple.fr")
    known, known_queries = erase_request("Martine@Exemple.fr")
    unknown, unknown_queries = erase_request("personne@exemple.fr")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/avis/effacer/?envoye=1"
    # The same work in the request, whoever asks: nothing to time either.
    assert known_queries == unknown_queries
    assert mail.outbox == []  # nothing left inside the request
    assert DBTaskResult.objects.ready().count() == 2

    run_worker()
    assert [message.to for message in mail.outbox] == [["martine@exemple.fr"]]
    assert DBTaskResult.objects.successful().count() == 2


def test_a_refusing_mail_server_is_logged_retried_then_listed_for_editors(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    add_comment(make_article(), email="martine@exemple.fr")
    response = reader_client().post("/avis/effacer/", {"email": "martine@exemple.fr"}, follow=True)
    assert response.status_code == 200  # never a 500 for the reader
    assert "un lien pour les effacer vient d'y être envoyé" in response.content.decode()

    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        run_worker()
    retries = [r for r in caplog.records if "trying again" in r.getMessage()]
    assert len(retries) == 2 and "Service non disponible" in retries[0].getMessage()
    assert any("given up" in r.getMessage() for r in caplog.records)
    assert DBTaskResult.objects.count() == 3
    failed = DBTaskResult.objects.failed().get()
    assert failed.task_path == "comments.tasks.send_erase_link"
    assert "SMTPConnectError" in failed.exception_class_path

    editor = User.objects.create_user("chef", is_staff=True)
    editor.groups.add(Group.objects.get(name="Rédacteur en chef"))
    client = Client()
    client.force_login(editor)
    listing = client.get(TASKS_LIST, {"status__exact": "FAILED"})
    assert listing.status_code == 200
    assert "E-mail « Effacer mes avis »" in listing.content.decode()
    assert "Abandonnée (échec)" in listing.content.decode()
    detail = client.get(f"{TASKS_LIST}{failed.pk}/change/")
    assert detail.status_code == 200 and "Service non disponible" in detail.content.decode()

    journalist = User.objects.create_user("plume", is_staff=True)
    journalist.groups.add(Group.objects.get(name="Journaliste"))
    client.force_login(journalist)
    # A task's arguments may hold a reader's address: journalists do not see them.
    assert client.get(TASKS_LIST).status_code == 403


def test_approval_mails_leave_from_the_worker_once_and_survive_a_mail_server_outage(
        settings, django_capture_on_commit_callbacks):
    from comments import moderation

    def set_status(comments, status):
        with django_capture_on_commit_callbacks(execute=True):  # the decision commits
            return moderation.set_status(comments, status)

    article = make_article()
    author = article.bylines.get().author
    author.email = "plume@lemagazine.example"
    author.save()
    comment = add_comment(article, email="lou@exemple.fr", status=Comment.Status.PENDING)

    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.TASK_MAX_ATTEMPTS = 1
    assert set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED) == 1
    run_worker()
    assert DBTaskResult.objects.failed().count() == 1
    comment.refresh_from_db()
    assert comment.is_approved and comment.notified_at is None  # the claim was given back

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # An editor approves again after a rejection: the mail is owed, and sent once.
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    run_worker()
    assert [message.to for message in mail.outbox] == [["plume@lemagazine.example"]]


def test_the_daily_job_deletes_finished_tasks_after_their_retention(settings, capsys):
    from datetime import timedelta

    from django.utils import timezone

    from comments import tasks

    settings.TASK_RESULTS_DAYS = 7
    for _ in range(3):
        tasks.send_erase_link.enqueue("martine@exemple.fr")
    run_worker()
    waiting = tasks.send_erase_link.enqueue("lou@exemple.fr")
    old, recent = DBTaskResult.objects.successful()[:2]
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    DBTaskResult.objects.filter(pk=recent.pk).update(
        finished_at=timezone.now() - timedelta(days=6))

    call_command("purge_ip_hashes")
    assert "1 finished task(s)" in capsys.readouterr().out
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=waiting.id).exists()  # not run yet: kept
    assert DBTaskResult.objects.count() == 3
