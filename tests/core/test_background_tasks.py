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
    assert "E-mail «\u202fEffacer mes avis\u202f»" in listing.content.decode()
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


def test_a_task_left_running_by_a_dead_worker_is_run_again_by_the_next_one(settings):
    """A worker killed mid-task leaves its task RUNNING: the next worker puts it back in the
    queue once the dead one has been silent for TASK_STALE_SECONDS, and runs it. A long task
    of a worker still alive, or one just started, is left alone."""
    from datetime import timedelta

    from django.utils import timezone

    from comments import tasks
    from core.models import WorkerHeartbeat

    settings.TASK_STALE_SECONDS = 600
    add_comment(make_article(), email="martine@exemple.fr")
    long_ago = timezone.now() - timedelta(seconds=900)
    dead = tasks.send_erase_link.enqueue("martine@exemple.fr")
    alive = tasks.send_erase_link.enqueue("lou@exemple.fr")
    fresh = tasks.send_erase_link.enqueue("sam@exemple.fr")
    for result, worker, started in ((dead, "mort", long_ago), (alive, "vivant", long_ago),
                                    (fresh, "neuf", timezone.now())):
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=started, worker_ids=[worker])
    WorkerHeartbeat.objects.create(worker_id="mort", seen_at=long_ago)  # then killed
    WorkerHeartbeat.objects.create(worker_id="vivant", seen_at=timezone.now())  # a long task

    run_worker()

    dead_row = DBTaskResult.objects.get(pk=dead.id)
    assert dead_row.status == "SUCCESSFUL" and dead_row.worker_ids[0] == "mort"
    assert len(dead_row.worker_ids) == 2  # taken again by the new worker
    assert [message.to for message in mail.outbox] == [["martine@exemple.fr"]]
    assert DBTaskResult.objects.get(pk=alive.id).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=fresh.id).status == "RUNNING"
    # The new worker noted it is alive, so its own tasks are not taken from it.
    assert WorkerHeartbeat.objects.exclude(worker_id__in=["mort", "vivant"]).count() == 1


def test_a_worker_restarted_under_the_same_id_takes_back_what_it_held_at_once(settings):
    from django.utils import timezone

    from comments import tasks

    add_comment(make_article(), email="martine@exemple.fr")
    held = tasks.send_erase_link.enqueue("martine@exemple.fr")
    DBTaskResult.objects.filter(pk=held.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["worker-1"])
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0,
                     worker_id="worker-1")
    assert DBTaskResult.objects.get(pk=held.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


def test_a_task_carries_the_id_of_the_request_that_queued_it(settings):
    """The erase request's id (the balancer's X-Request-ID) travels with the task: its log
    lines, in the worker, carry it, and so does its retry."""
    from core.request_log import RequestIdFilter, request_id

    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.TASK_MAX_ATTEMPTS = 2
    add_comment(make_article(), email="martine@exemple.fr")
    token = request_id.set("lb-1234")  # as core.request_log.RequestLog sets it for a request
    try:
        reader_client().post("/avis/effacer/", {"email": "martine@exemple.fr"})
    finally:
        request_id.reset(token)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"_request_id": "lb-1234"}

    ids = []

    class Collect(logging.Handler):
        def emit(self, record):
            ids.append((record.levelname, record.request_id))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    task_logger = logging.getLogger("core.tasks")
    task_logger.addHandler(handler)
    try:
        run_worker()
    finally:
        task_logger.removeHandler(handler)
    assert ("WARNING", "lb-1234") in ids and ("ERROR", "lb-1234") in ids  # retried, given up
    assert {rid for _, rid in ids} == {"lb-1234"}
    assert [row.args_kwargs["kwargs"].get("_request_id")
            for row in DBTaskResult.objects.all()] == ["lb-1234", "lb-1234"]
    assert request_id.get() == ""  # nothing left behind in the worker
