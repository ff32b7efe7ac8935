"""Revisions (save, list, compare, restore) and the edit conflict: nothing is lost."""

import pytest
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from ..conftest import make_article, make_author
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def editor():
    return make_editor(first_name="Claire", last_name="Rédac")


def versions(article):
    return list(Version.objects.get_for_object(article))  # newest first


def test_every_admin_save_keeps_a_revision_with_author_and_time(client, editor):
    article = make_article(title="Première version", tags=["abeilles"])
    client.force_login(editor)
    client.post(change_url(article), form_data(article, title="Deuxième version"))
    client.post(change_url(article), form_data(article, title="Troisième version"))
    kept = versions(article)
    assert [v.field_dict["title"] for v in kept] == ["Troisième version", "Deuxième version"]
    assert all(v.revision.user == editor for v in kept)

    page = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "Claire Rédac" in page
    assert page.count('name="a"') == 2  # each revision can be picked for a comparison


def test_every_save_bumps_the_version():
    article = make_article()
    first = article.version
    article.title = "Autre titre"
    article.save()
    assert reload(article).version == first + 1


def test_compare_two_revisions_shows_what_changed_in_the_body(client, editor):
    article = make_article(body="<p>Les abeilles dansent.</p><p>Rien d'autre.</p>")
    client.force_login(editor)
    client.post(change_url(article), form_data(article))
    client.post(change_url(article), form_data(
        article, title="Les abeilles <script>", body="<p>Les abeilles comptent.</p><p>Rien d'autre.</p><p>Un ajout.</p>"))
    new, old = versions(article)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    page = client.get(url, {"a": new.pk, "b": old.pk}).content.decode()
    assert "<del>dansent.</del>" in page and "<ins>comptent.</ins>" in page
    assert "<ins>Un ajout.</ins>" in page
    assert "Rien d&#x27;autre." in page
    assert "&lt;script&gt;" in page and "<script>" not in page.split("</header>")[-1].split("<svg")[0]

    wrong = make_article()
    other_version_page = client.get(url, {"a": old.pk, "b": versions_of_other(client, editor, wrong)})
    assert other_version_page.status_code == 404


def versions_of_other(client, editor, article):
    client.post(change_url(article), form_data(article))
    return versions(article)[0].pk


def test_editor_restores_a_revision_with_byline_and_tags_but_not_the_status(client, editor):
    first_author, second_author = make_author("Première plume"), make_author("Seconde plume")
    article = make_article(title="Titre d'origine", body="<p>Texte d'origine.</p>",
                           authors=[first_author], tags=["origine"])
    client.force_login(editor)
    client.post(change_url(article), form_data(article))
    original = versions(article)[0]
    client.post(change_url(article), form_data(article, title="Titre remanié", body="<p>Réécrit.</p>",
                                               tags="remanié", authors=[second_author]))
    client.post(change_url(article), form_data(article, _transition="unpublish"))
    version_before_restore = reload(article).version

    page = client.get(reverse("admin:articles_article_revision", args=[article.pk, original.pk]))
    assert "Restaurer cette version" in page.content.decode()
    response = client.post(reverse("admin:articles_article_revision", args=[article.pk, original.pk]))
    assert response.status_code == 302

    article = reload(article)
    assert article.title == "Titre d'origine" and article.body == "<p>Texte d'origine.</p>"
    assert [a.name for a in article.ordered_authors] == ["Première plume"]
    assert list(article.tags.names()) == ["origine"]
    assert article.status == Status.DRAFT  # restoring content never republishes
    assert article.version == version_before_restore + 1
    assert versions(article)[0].revision.get_comment().startswith("Version du")


def test_journalist_may_compare_but_not_restore(client, editor):
    journalist = make_journalist()
    article = make_article(status=Status.DRAFT, authors=[journalist.author])
    client.force_login(journalist)
    client.post(change_url(article), form_data(article, title="Un"))
    client.post(change_url(article), form_data(article, title="Deux"))
    new, old = versions(article)
    assert client.get(reverse("admin:articles_article_compare", args=[article.pk]),
                      {"a": old.pk, "b": new.pk}).status_code == 200
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    assert "Restaurer cette version" not in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    assert reload(article).title == "Deux"


def test_recovering_deleted_articles_is_for_editors(client, editor):
    journalist = make_journalist()
    client.force_login(journalist)
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 200


def test_second_save_of_a_stale_form_is_refused_and_keeps_the_text(client, editor):
    journalist = make_journalist(first_name="Paul", last_name="Premier")
    article = make_article(status=Status.DRAFT, authors=[journalist.author], title="Avant")
    # Both open the same version of the article...
    editor_form = form_data(article, title="Titre de la rédactrice en chef",
                            body="<p>Le texte de la rédactrice en chef.</p>")
    journalist_form = form_data(article, title="Titre du journaliste")

    # ...the journalist saves first...
    client.force_login(journalist)
    assert client.post(change_url(article), journalist_form).status_code == 302

    # ...then the editor's save must not silently overwrite it.
    client.force_login(editor)
    response = client.post(change_url(article), editor_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cet article a été modifié par Paul Premier" in page
    assert "pendant que vous l&#x27;éditiez" in page
    assert "Titre de la rédactrice en chef" in page
    assert "Le texte de la rédactrice en chef." in page
    assert reload(article).title == "Titre du journaliste"

    # Saving again is refused again; replacing is an explicit choice (tests/articles/test_coediting.py).
    assert client.post(change_url(article), editor_form).status_code == 200
    assert reload(article).title == "Titre du journaliste"
    response = client.post(change_url(article), {**editor_form,
                                                 "overwrite_version": reload(article).version})
    assert response.status_code == 302
    assert reload(article).title == "Titre de la rédactrice en chef"


def test_a_save_without_the_version_is_refused(client, editor):
    article = make_article(title="Intact")
    client.force_login(editor)
    data = form_data(article, title="Sans version")
    del data["base_version"]
    assert client.post(change_url(article), data).status_code == 200
    assert reload(article).title == "Intact"


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_are_serialized_by_the_row_lock(django_user_model):
    """Two saves racing: the second waits for the first and then sees the conflict."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serializes writers by itself (CI runs this)")
    # Not a role from the migrations: a flush between transactional tests may have removed them.
    editor = django_user_model.objects.create_user("chef", is_staff=True, is_superuser=True)
    import threading
    import time

    from django.db import transaction
    from django.forms import modelform_factory

    from articles.forms import ArticleAdminForm

    article = make_article(title="Départ")
    base = article.version
    first_checked, release = threading.Event(), threading.Event()
    outcome = {}

    def form(title):
        data = {"title": title, "slug": article.slug, "standfirst": "Chapô",
                "base_version": base, "section": article.section_id}
        form_class = modelform_factory(Article, form=ArticleAdminForm,
                                       fields=["title", "slug", "standfirst", "section"])
        return form_class(data, instance=Article.objects.get(pk=article.pk), user=editor)

    def first():
        with transaction.atomic():
            f = form("Premier")
            outcome["first_valid"] = f.is_valid()
            first_checked.set()
            release.wait(5)
            f.save()
        connection.close()

    def second():
        first_checked.wait(5)
        with transaction.atomic():
            f = form("Second")
            outcome["second_valid"] = f.is_valid()  # blocks on the lock until "first" commits
            outcome["second_errors"] = f.non_field_errors()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_checked.wait(5)
    time.sleep(0.5)  # "second" reaches the lock meanwhile (without it, it would read the old version)
    release.set()
    for thread in threads:
        thread.join(10)

    assert outcome["first_valid"] is True
    assert outcome["second_valid"] is False
    assert "a été modifié" in str(outcome["second_errors"])
    assert reload(article).title == "Premier"


def test_comparison_lines_ignore_how_the_editor_wrapped_the_text():
    from articles.revisions import body_lines

    typed = "<table><tr><th>Ville</th><th>Ruches</th></tr><tr><td>Lyon</td><td>120</td></tr></table>"
    from_editor = ("<table><tbody><tr><th><p>Ville</p></th><th><p>Ruches</p></th></tr>"
                   "<tr><td><p>Lyon</p></td><td><p>120</p></td></tr></tbody></table>")
    assert body_lines(typed) == body_lines(from_editor) == ["Ville | Ruches", "Lyon | 120"]
    assert body_lines("<p>Un&nbsp;mot</p><ul><li>a</li></ul><hr><h2>Fin</h2>") == [
        "Un mot", "a", "———", "Fin"]


def test_comparison_folds_long_unchanged_stretches():
    from articles.revisions import diff_rows

    old = [f"Paragraphe {n}" for n in range(10)]
    new = old[:5] + ["Paragraphe 5 modifié"] + old[6:]
    kinds = [row[0] for row in diff_rows(old, new)]
    assert kinds == ["skip", "equal", "changed", "equal", "skip"]
    assert diff_rows(old, new)[0][1] == 4  # four identical paragraphs folded before the change


def test_revisions_without_a_user_open_for_editors(client, editor):
    """The demo's and imports' revisions have no user, nor those of a deleted account: the
    history, a revision and a comparison still open (a 500 blocked editors)."""
    import reversion

    from django.contrib.auth.models import User

    article = make_article(title="Sans auteur")
    with reversion.create_revision():
        article.save()  # as load_demo or a command does: no user
    gone = User.objects.create_user("parti")
    with reversion.create_revision():
        reversion.set_user(gone)
        article.title = "Par un compte supprimé"
        article.save()
    gone.delete()
    client.force_login(editor)
    latest, first = versions(article)
    assert first.revision.user is None and latest.revision.user is None

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    page = client.get(reverse("admin:articles_article_revision", args=[article.pk, first.pk]))
    assert page.status_code == 200
    assert "Enregistrée sans auteur connu" in page.content.decode()
    compare = client.get(reverse("admin:articles_article_compare", args=[article.pk]),
                         {"a": latest.pk, "b": first.pk})
    assert compare.status_code == 200 and "Par un compte supprimé" in compare.content.decode()
