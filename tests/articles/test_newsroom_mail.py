"""The newsroom's e-mails: editors hear of a submission, the writer of a publication or of a
piece sent back (with the editor's note); each once the step is committed, never for a step
that failed, never to whoever took it; French, typeset, absolute links."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from articles import workflow
from articles.models import Article

from ..conftest import make_article, make_section
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://lemagazine.example"


@pytest.fixture
def newsroom(site):
    journalist = make_journalist(email="camille@lemagazine.example")
    chief = make_editor(email="chef@lemagazine.example")
    deputy = make_editor(email="adjointe@lemagazine.example")
    make_editor(email="parti@lemagazine.example", is_active=False)  # left the magazine
    make_journalist(email="lou@lemagazine.example")  # another journalist: not an editor
    article = make_article("Les abeilles des toits", status=Status.DRAFT,
                           authors=[journalist.author])
    return {"journalist": journalist, "chief": chief, "deputy": deputy, "article": article}


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_editors_are_told_of_a_submission_with_a_link_to_the_article(
        client, newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    client.force_login(newsroom["journalist"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(article), form_data(article, _transition="submit"))
    assert response.status_code == 302 and reload(article).status == Status.REVIEW

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "adjointe@lemagazine.example", "chef@lemagazine.example"]  # active editors, one mail each
    message = mails_to("chef@lemagazine.example")[0]
    assert message.subject == f"À relire{NBSP}: «{NNBSP}Les abeilles des toits{NNBSP}»"
    assert newsroom["journalist"].get_full_name() in message.body
    assert f"https://lemagazine.example/admin/articles/article/{article.pk}/change/" in message.body
    assert " :" not in message.body and "« " not in message.body and " »" not in message.body


def test_a_superuser_is_an_editor_and_nobody_is_told_of_their_own_step(
        newsroom, django_capture_on_commit_callbacks):
    boss = get_user_model().objects.create_superuser("boss", "boss@lemagazine.example")
    article = make_article("Un papier du patron", status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(newsroom["chief"], article.pk, "submit")
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "adjointe@lemagazine.example", boss.email]


def test_the_writer_hears_of_the_publication_with_the_public_link(
        client, newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    workflow.perform(newsroom["journalist"], article.pk, "submit")
    mail.outbox.clear()
    client.force_login(newsroom["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), form_data(article, _transition="publish"))
    article = reload(article)
    assert article.is_published
    assert [m.to for m in mail.outbox] == [["camille@lemagazine.example"]]
    message = mail.outbox[0]
    assert message.subject == f"Publié{NBSP}: «{NNBSP}Les abeilles des toits{NNBSP}»"
    assert newsroom["chief"].get_full_name() in message.body
    assert f"https://lemagazine.example{article.get_absolute_url()}" in message.body


def test_a_scheduled_publication_says_when(newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(newsroom["chief"], article.pk, "publish")
    message = mails_to("camille@lemagazine.example")[0]
    assert message.subject.startswith("Programmé")
    assert workflow.format_datetime(reload(article).published_at) in message.body
    assert reload(article).get_absolute_url() not in message.body  # not online yet


def test_sent_back_with_the_editors_note(newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    workflow.perform(newsroom["journalist"], article.pk, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(newsroom["chief"], article.pk, "to_draft",
                         note="Le chapô est trop long: coupez-le de moitié!")
    assert [m.to for m in mail.outbox] == [["camille@lemagazine.example"]]
    message = mail.outbox[0]
    assert message.subject == f"Renvoyé en brouillon{NBSP}: «{NNBSP}Les abeilles des toits{NNBSP}»"
    # The note as written, typeset like every French text the site sends.
    assert f"Le chapô est trop long{NBSP}: coupez-le de moitié{NNBSP}!" in message.body
    assert "https://lemagazine.example/admin/articles/article/" in message.body


def test_a_journalist_withdrawing_their_own_submission_tells_nobody(
        newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    workflow.perform(newsroom["journalist"], article.pk, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(newsroom["journalist"], article.pk, "to_draft")
    assert mail.outbox == []


def test_no_mail_for_a_step_that_was_rolled_back(newsroom, django_capture_on_commit_callbacks):
    article = newsroom["article"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.perform(newsroom["journalist"], article.pk, "submit")
    assert callbacks and mail.outbox == []  # waits for the commit
    refused_article = make_article("Sans chapô", status=Status.DRAFT, standfirst="")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(workflow.TransitionRefused):
            workflow.perform(newsroom["chief"], refused_article.pk, "publish")
    assert mail.outbox == []


def test_a_step_undone_before_the_worker_came_sends_nothing(
        newsroom, django_capture_on_commit_callbacks):
    from articles.notifications import send_step_mails

    article = newsroom["article"]
    workflow.perform(newsroom["journalist"], article.pk, "submit")
    workflow.perform(newsroom["journalist"], article.pk, "to_draft")
    mail.outbox.clear()
    result = send_step_mails.call(article.pk, "submit", newsroom["journalist"].pk, "")
    assert mail.outbox == [] and "entre-temps" in result


def test_a_new_article_submitted_at_once_tells_the_editors(
        client, newsroom, django_capture_on_commit_callbacks):
    from ..newsroom_helpers import add_url

    section = make_section("Sciences")
    client.force_login(newsroom["journalist"])
    data = form_data(None, title="Tout neuf", standfirst="Chapô.", section=section.pk,
                     authors=[newsroom["journalist"].author], _transition="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(), data)
    assert response.status_code == 302
    assert len(mails_to("chef@lemagazine.example")) == 1
    new = Article.objects.get(title="Tout neuf")
    body = mails_to("chef@lemagazine.example")[0].body
    assert f"/admin/articles/article/{new.pk}/change/" in body


def test_the_history_keeps_the_note(newsroom):
    article = newsroom["article"]
    workflow.perform(newsroom["journalist"], article.pk, "submit")
    _article, comment = workflow.perform(newsroom["chief"], article.pk, "to_draft",
                                         note="Revoir la fin.")
    assert comment == f"Renvoyé en brouillon — note{NBSP}: «{NNBSP}Revoir la fin.{NNBSP}»"


class RefusingOnce:
    """A mail server that refuses the second message it is given, once."""

    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            RefusingOnce.sent.append(message.to)
            if len(RefusingOnce.sent) == 2:
                raise ConnectionRefusedError("421 Service non disponible")
            mail.outbox.append(message)
        return len(messages)


def test_a_refused_address_is_retried_alone_and_nobody_gets_two_copies(
        client, newsroom, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOnce"
    RefusingOnce.sent.clear()
    article = newsroom["article"]
    client.force_login(newsroom["journalist"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), form_data(article, _transition="submit"))
    assert len(RefusingOnce.sent) == 3  # one refusal, tried again
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "adjointe@lemagazine.example", "chef@lemagazine.example"]  # each once, the refused one too
