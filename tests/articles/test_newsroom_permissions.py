"""Roles in the newsroom, enforced on the server: journalist vs editor × every action,
forged requests included."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.urls import reverse

from articles.models import Article, ArticleAuthor
from authors.models import Author

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
def journalist():
    return make_journalist()


@pytest.fixture
def editor():
    return make_editor()


def signed_by(user, **kwargs):
    return make_article(authors=[user.author], **kwargs)


def test_roles_come_from_migrations():
    journalist = Group.objects.get(name="Journaliste")
    editor = Group.objects.get(name="Rédacteur en chef")
    codenames = set(journalist.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article", "delete_article"} <= codenames
    assert "publish_article" not in codenames
    assert editor.permissions.filter(codename="publish_article").exists()


def test_journalist_list_shows_own_work_and_public_articles_only(client, journalist):
    other = make_journalist()
    mine_draft = signed_by(journalist, title="Mon brouillon", status=Status.DRAFT)
    mine_live = signed_by(journalist, title="Mon article en ligne")
    other_live = signed_by(other, title="Article d'un confrère en ligne")
    hidden = [
        signed_by(other, title="Brouillon d'un confrère", status=Status.DRAFT),
        signed_by(other, title="Relecture d'un confrère", status=Status.REVIEW),
        signed_by(other, title="Programmé d'un confrère",
                  published_at=timezone.now() + timedelta(days=2)),
    ]
    client.force_login(journalist)
    response = client.get(CHANGELIST)
    shown = set(response.context["cl"].result_list)
    assert shown == {mine_draft, mine_live, other_live}
    for article in hidden:
        assert article.title not in response.content.decode()


@pytest.mark.parametrize("page", ["change", "history", "preview", "share_preview", "delete"])
def test_journalist_cannot_open_a_colleague_draft(client, journalist, page):
    draft = signed_by(make_journalist(), status=Status.DRAFT, title="Secret de confrère")
    client.force_login(journalist)
    response = client.get(reverse(f"admin:articles_article_{page}", args=[draft.pk]))
    assert response.status_code in {302, 403, 404}
    assert "Secret de confrère" not in response.content.decode()


def test_journalist_edits_own_draft_and_in_review(client, journalist):
    for status in (Status.DRAFT, Status.REVIEW):
        article = signed_by(journalist, status=status)
        client.force_login(journalist)
        response = client.post(change_url(article), form_data(article, title="Titre retravaillé"))
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert reload(article).title == "Titre retravaillé"
        assert reload(article).status == status


def test_journalist_sees_own_published_article_read_only(client, journalist):
    article = signed_by(journalist, title="Déjà en ligne")
    client.force_login(journalist)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="_transition"' not in page.content.decode()
    response = client.post(change_url(article), form_data(article, title="Réécrit en douce"))
    assert response.status_code == 403
    assert reload(article).title == "Déjà en ligne"


def test_journalist_cannot_change_a_colleague_article(client, journalist):
    colleague_draft = signed_by(make_journalist(), status=Status.DRAFT, title="Brouillon")
    colleague_live = signed_by(make_journalist(), title="En ligne")
    client.force_login(journalist)
    client.post(change_url(colleague_draft), form_data(colleague_draft, title="Piraté"))
    response = client.post(change_url(colleague_live), form_data(colleague_live, title="Piraté"))
    assert response.status_code == 403
    assert reload(colleague_draft).title == "Brouillon"
    assert reload(colleague_live).title == "En ligne"


def test_forged_status_field_is_ignored(client, journalist):
    article = signed_by(journalist, status=Status.DRAFT)
    client.force_login(journalist)
    data = form_data(article, status="published", published_at_0="2020-01-01",
                     published_at_1="10:00:00")
    client.post(change_url(article), data)
    article = reload(article)
    assert article.status == Status.DRAFT
    assert article.published_at is None


@pytest.mark.parametrize("transition", ["publish", "archive", "unpublish", "restore"])
def test_forged_publish_button_is_refused(client, journalist, transition):
    article = signed_by(journalist, status=Status.REVIEW)
    client.force_login(journalist)
    response = client.post(change_url(article), form_data(article, _transition=transition))
    assert response.status_code == 200  # the form again, with the refusal
    errors = response.context["adminform"].form.non_field_errors()
    assert errors
    assert reload(article).status == Status.REVIEW


def test_forged_publish_on_the_add_form_is_refused(client, journalist):
    client.force_login(journalist)
    data = form_data(None, title="Tentative", standfirst="Chapô", section=make_section().pk,
                     _transition="publish", authors=[journalist.author])
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "rédaction en chef" in str(response.context["adminform"].form.non_field_errors())
    assert not Article.objects.exists()


def test_journalist_submits_for_review_but_cannot_publish_from_the_list(client, journalist):
    mine = signed_by(journalist, status=Status.DRAFT)
    client.force_login(journalist)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "submit_selected" in names
    assert "publish_selected" not in names and "archive_selected" not in names

    forged = client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [mine.pk]})
    assert forged.status_code in {200, 302}
    assert reload(mine).status == Status.DRAFT

    client.post(CHANGELIST, {"action": "submit_selected", "_selected_action": [mine.pk]})
    assert reload(mine).status == Status.REVIEW


def test_bulk_submit_only_touches_what_the_journalist_may_edit(client, journalist):
    mine = signed_by(journalist, status=Status.DRAFT)
    theirs = signed_by(make_journalist(), status=Status.DRAFT)
    mine_live = signed_by(journalist)
    client.force_login(journalist)
    response = client.post(CHANGELIST, {"action": "submit_selected",
                                        "_selected_action": [mine.pk, theirs.pk, mine_live.pk]},
                           follow=True)
    assert reload(mine).status == Status.REVIEW
    assert reload(theirs).status == Status.DRAFT
    assert reload(mine_live).status == Status.PUBLISHED
    assert any("Vous ne pouvez pas modifier" in m for m in messages_of(response))


def test_journalist_deletes_own_draft_only(client, journalist):
    own_draft = signed_by(journalist, status=Status.DRAFT)
    own_live = signed_by(journalist)
    client.force_login(journalist)
    delete = lambda article: reverse("admin:articles_article_delete", args=[article.pk])  # noqa: E731

    assert client.post(delete(own_live), {"post": "yes"}).status_code == 403
    assert client.post(delete(own_draft), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=own_draft.pk).exists()
    assert Article.objects.filter(pk=own_live.pk).exists()


def test_bulk_delete_rechecks_every_article(client, journalist):
    own_draft = signed_by(journalist, status=Status.DRAFT)
    own_live = signed_by(journalist)
    client.force_login(journalist)
    response = client.post(CHANGELIST, {"action": "delete_selected", "post": "yes",
                                        "_selected_action": [own_draft.pk, own_live.pk]})
    assert response.status_code == 403
    assert Article.objects.filter(pk__in=[own_draft.pk, own_live.pk]).count() == 2


def test_editor_sees_and_edits_everything(client, editor):
    drafts = [signed_by(make_journalist(), status=status) for status in Status]
    client.force_login(editor)
    assert set(client.get(CHANGELIST).context["cl"].result_list) == set(drafts)
    for article in drafts:
        response = client.post(change_url(article), form_data(article, title="Relu par la rédaction en chef"))
        assert response.status_code == 302
        assert reload(article).title == "Relu par la rédaction en chef"


def test_editor_deletes_anything(client, editor):
    article = signed_by(make_journalist())
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_journalist_creating_an_article_signs_it(client, journalist):
    client.force_login(journalist)
    # The add form proposes their name on the byline...
    form = client.get(add_url()).content.decode()
    assert f'value="{journalist.author.pk}" selected' in form
    # ...and even if they sent none, saving puts them on it so they can keep working.
    data = form_data(None, title="Mon enquête", authors=[])
    response = client.post(add_url(), data)
    assert response.status_code == 302
    article = Article.objects.get(title="Mon enquête")
    assert [a.user for a in article.ordered_authors] == [journalist]
    assert client.get(change_url(article)).status_code == 200


def test_journalist_removing_themselves_from_the_byline_stays_on_it(client, journalist):
    colleague = make_author()
    article = signed_by(journalist, status=Status.DRAFT)
    client.force_login(journalist)
    client.post(change_url(article), form_data(article, authors=[colleague]))
    assert {a.pk for a in reload(article).ordered_authors} == {colleague.pk, journalist.author.pk}


def test_journalist_without_author_profile_gets_one(client):
    user = make_journalist(with_author=False, first_name="Inès", last_name="Nouvelle")
    client.force_login(user)
    client.post(add_url(), form_data(None, title="Premier papier"))
    author = Author.objects.get(user=user)
    assert author.name == "Inès Nouvelle"
    assert ArticleAuthor.objects.filter(author=author, article__title="Premier papier").exists()


def test_readers_and_staff_without_role_are_kept_out(client):
    article = make_article(status=Status.DRAFT)
    assert client.get(change_url(article)).status_code == 302  # to the login page
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("stagiaire", is_staff=True)
    client.force_login(nobody)
    assert client.get(change_url(article)).status_code == 403
    assert client.get(reverse("admin:articles_article_preview", args=[article.pk])).status_code in {403, 404}
