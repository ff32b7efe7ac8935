"""Draft → review → published (now or later) → archived: buttons, bulk actions, checks,
history, scheduling."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image
from reversion.models import Version

from articles import workflow
from articles.models import Article
from comments.models import Comment
from ratings.models import RatingSummary

from ..conftest import make_article, make_author, make_section
from ..newsroom_helpers import (
    add_url,
    change_url,
    form_data,
    make_editor,
    make_journalist,
    messages_of,
    reload,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def editor():
    return make_editor()


def png(name="une.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (200, 120, 40)).save(buffer, "PNG")  # the smallest cover accepted
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def history_lines(article):
    return list(LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
                .values_list("change_message", flat=True))


def test_whole_flow_with_buttons_is_logged_in_history(client, editor):
    journalist = make_journalist()
    article = make_article(status=Status.DRAFT, authors=[journalist.author])

    client.force_login(journalist)
    response = client.post(change_url(article), form_data(article, _transition="submit"))
    assert response.status_code == 302
    assert response.url == change_url(article)  # stays on the article to show its new status
    assert reload(article).status == Status.REVIEW

    client.force_login(editor)
    client.post(change_url(article), form_data(article, _transition="publish"))
    article = reload(article)
    assert article.status == Status.PUBLISHED and article.is_published
    assert client.get(article.get_absolute_url()).status_code == 200

    client.post(change_url(article), form_data(article, _transition="archive"))
    assert reload(article).status == Status.ARCHIVED
    client.post(change_url(article), form_data(article, _transition="restore"))
    assert reload(article).status == Status.DRAFT

    lines = history_lines(article)
    for expected in ["Soumis à la relecture", "Publié", "Archivé", "Sorti des archives (en brouillon)"]:
        assert expected in lines
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(article)]
    assert any(comment.startswith("Publié") for comment in comments)
    users = {entry.user for entry in LogEntry.objects.filter(object_id=str(article.pk))}
    assert users == {journalist, editor}

    page = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "Soumis à la relecture" in page and journalist.get_full_name() in page


def test_unpublish_takes_the_article_offline(client, editor):
    article = make_article()
    client.force_login(editor)
    client.post(change_url(article), form_data(article, _transition="unpublish"))
    assert reload(article).status == Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_buttons_offered_depend_on_role_and_status(client, editor):
    journalist = make_journalist()
    draft = make_article(status=Status.DRAFT, authors=[journalist.author])
    live = make_article()

    def buttons(user, article):
        client.force_login(user)
        return [t.name for t in client.get(change_url(article)).context["workflow_buttons"]]

    assert buttons(journalist, draft) == ["submit"]
    assert buttons(editor, draft) == ["submit", "publish"]
    assert buttons(editor, live) == ["unpublish", "archive"]


@pytest.mark.parametrize("field,value,missing", [
    ("standfirst", "", "le chapô"),
    ("section", "", "la rubrique"),
])
def test_publication_check_names_what_is_missing_and_keeps_the_text(client, editor, field, value, missing):
    article = make_article(status=Status.REVIEW)
    client.force_login(editor)
    typed = "<p>Un paragraphe tapé à l'instant, à ne pas perdre.</p>"
    response = client.post(change_url(article), form_data(article, body=typed, _transition="publish",
                                                          **{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Publication impossible\u00a0: il manque" in page and missing in page
    assert "Un paragraphe tapé à l&#x27;instant, à ne pas perdre." in page  # still in the form
    article = reload(article)
    assert article.status == Status.REVIEW and "tapé à l'instant" not in article.body


def test_publication_needs_an_author(client, editor):
    article = make_article(status=Status.REVIEW)
    client.force_login(editor)
    response = client.post(change_url(article), form_data(article, authors=[], _transition="publish"))
    assert "au moins un auteur" in response.content.decode()
    assert reload(article).status == Status.REVIEW


def test_publication_lists_everything_missing_at_once(client, editor):
    client.force_login(editor)
    data = form_data(None, title="Brève", _transition="publish")
    response = client.post(add_url(), data)
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "le chapô, la rubrique et au moins un auteur" in errors
    assert not Article.objects.exists()


def test_cover_image_needs_alt_text_to_publish(client, editor):
    article = make_article(status=Status.REVIEW)
    client.force_login(editor)
    response = client.post(change_url(article), {**form_data(article, _transition="publish"),
                                                  "cover_image": png()})
    assert "le texte alternatif de l&#x27;image de une" in response.content.decode()
    assert reload(article).status == Status.REVIEW

    response = client.post(change_url(article), {
        **form_data(article, cover_alt="Une ruche au soleil", _transition="publish"),
        "cover_image": png()})
    assert response.status_code == 302
    article = reload(article)
    assert article.status == Status.PUBLISHED and article.cover_image


def test_published_article_edited_into_an_incomplete_one_is_refused(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.post(change_url(article), form_data(article, standfirst=""))
    assert response.status_code == 200
    assert reload(article).standfirst


def test_scheduling_shows_in_the_list_and_goes_live_without_cron(client, editor):
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=8, minute=30, second=0, microsecond=0)
    article = make_article(status=Status.REVIEW, title="Le programme de mars")
    client.force_login(editor)
    response = client.post(change_url(article), form_data(
        article, published_at_0=when.strftime("%Y-%m-%d"), published_at_1="08:30:00",
        _transition="publish"), follow=True)
    article = reload(article)
    assert article.status == Status.PUBLISHED and article.published_at == when
    assert any(m.startswith("Programmé pour le") for m in messages_of(response))

    listing = client.get(CHANGELIST).content.decode()
    assert "Programmé pour le" in listing and "08:30" in listing
    assert list(client.get(CHANGELIST, {"statut": "scheduled"}).context["cl"].result_list) == [article]
    assert not client.get(CHANGELIST, {"statut": "live"}).context["cl"].result_list

    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Le programme de mars" not in client.get("/").content.decode()
    with freeze_time(when + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Le programme de mars" in client.get("/").content.decode()


def test_journalist_cannot_schedule(client):
    journalist = make_journalist()
    article = make_article(status=Status.DRAFT, authors=[journalist.author])
    client.force_login(journalist)
    client.post(change_url(article), form_data(article, published_at_0="2031-01-01",
                                               published_at_1="08:00:00"))
    assert reload(article).published_at is None


def test_bulk_publish_checks_each_article(client, editor):
    ready = [make_article(status=Status.REVIEW) for _ in range(2)]
    incomplete = make_article(status=Status.REVIEW, title="Sans chapô", standfirst="")
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "publish_selected",
                                        "_selected_action": [a.pk for a in [*ready, incomplete]]},
                           follow=True)
    assert all(reload(a).status == Status.PUBLISHED for a in ready)
    assert reload(incomplete).status == Status.REVIEW
    shown = messages_of(response)
    assert "2 articles\u00a0: publié." in shown
    assert "«\u202fSans chapô\u202f»\u00a0: Publication impossible\u00a0: il manque le chapô." in shown
    # Each article gets its own revision, so restoring one never touches the other.
    revisions = {Version.objects.get_for_object(a).first().revision_id for a in ready}
    assert len(revisions) == 2


def test_the_shell_takes_the_same_steps_with_the_same_rules(editor):
    """workflow.perform is what the bulk actions call: a shell user gets the same checks, the
    same revision comment, and a publication without date dated now by the model."""
    journalist = make_journalist()
    article = make_article(status=Status.REVIEW, published_at=None, authors=[journalist.author])
    with pytest.raises(workflow.TransitionRefused, match="rédaction en chef"):
        workflow.perform(journalist, article.pk, "publish")
    incomplete = make_article(status=Status.REVIEW, standfirst="")
    with pytest.raises(workflow.TransitionRefused, match="il manque le chapô") as refused:
        workflow.perform(editor, incomplete.pk, "publish")
    assert refused.value.code == "incomplete"
    assert reload(incomplete).status == Status.REVIEW

    published, note = workflow.perform(editor, article.pk, "publish")
    assert note == "Publié"
    assert published.is_published and reload(article).published_at is not None
    latest = Version.objects.get_for_object(article).first().revision
    assert latest.get_comment() == "Publié" and latest.user == editor
    with pytest.raises(workflow.TransitionRefused, match="Impossible depuis le statut"):
        workflow.perform(editor, article.pk, "publish")


def test_one_rule_for_live_and_scheduled():
    now = timezone.now()
    live = make_article(published_at=now - timedelta(minutes=1))
    later = make_article(published_at=now + timedelta(minutes=1))
    make_article(status=Status.DRAFT)
    make_article(status=Status.ARCHIVED, published_at=now - timedelta(days=1))
    assert list(Article.objects.published(now)) == [live]
    assert list(Article.objects.scheduled(now)) == [later]
    assert live.is_live(now) and not live.is_scheduled(now)
    assert later.is_scheduled(now) and not later.is_live(now)
    assert later.is_live(now + timedelta(minutes=2))
    assert list(Article.objects.published(now + timedelta(minutes=2))) == [later, live]


def test_bulk_archive(client, editor):
    live = make_article()
    draft = make_article(status=Status.DRAFT, title="Pas encore publié")
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "archive_selected",
                                        "_selected_action": [live.pk, draft.pk]}, follow=True)
    assert reload(live).status == Status.ARCHIVED
    assert reload(draft).status == Status.DRAFT
    assert any("Pas encore publié" in m and "Brouillon" in m for m in messages_of(response))


def test_list_columns_filters_search_without_n_plus_one(client, editor, django_assert_max_num_queries):
    science = make_section("Sciences")
    alice = make_author("Alice Martin")
    for n in range(15):
        make_article(f"Article {n}", section=science if n % 2 else None,
                     authors=[alice, make_author()], tags=["abeilles"] if n % 3 == 0 else [])
    rated = Article.objects.get(title="Article 3")
    RatingSummary.objects.count_vote(rated.pk, 5)
    RatingSummary.objects.count_vote(rated.pk, 4)
    for n, status in enumerate([Comment.Status.APPROVED] * 3 + [Comment.Status.PENDING] * 2
                               + [Comment.Status.SPAM]):
        Comment.objects.create(article=rated, name=f"Lecteur {n}", email=f"l{n}@example.org",
                               body=f"Avis numéro {n}.", status=status)
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        response = client.get(CHANGELIST)
    page = response.content.decode()
    assert "Alice Martin" in page and "Sciences" in page
    assert "4,5/5 (2 votes)" in page
    assert f'?article__id__exact={rated.pk}">3 (2 en attente)</a>' in page
    queue = client.get(f"{reverse('admin:comments_comment_changelist')}?article__id__exact={rated.pk}")
    assert queue.status_code == 200 and queue.context["cl"].result_count == 6
    cl = response.context["cl"]
    assert cl.date_hierarchy == "published_at"
    assert len(client.get(CHANGELIST, {"q": "Alice Martin"}).context["cl"].result_list) == 15
    tag_filter = client.get(CHANGELIST, {"tags__id__exact": Article.objects.filter(
        tags__name="abeilles").values_list("tags__id", flat=True).first()})
    assert len(tag_filter.context["cl"].result_list) == 5
    by_section = client.get(CHANGELIST, {"section__id__exact": science.pk})
    assert len(by_section.context["cl"].result_list) == 7
    by_author = client.get(CHANGELIST, {"bylines__author__id__exact": alice.pk})
    assert len(by_author.context["cl"].result_list) == 15
