"""What an outside audit of the newsroom got through (issue "Newsroom and reader privacy"),
each pinned: it fails on the code the audit ran against."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from ratings.models import Rating

from ..comments_support import add_comment
from ..conftest import make_article, make_author
from ..newsroom_helpers import make_editor, make_journalist

pytestmark = pytest.mark.django_db

COMMENTS = "/admin/comments/comment/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def journalist_with_comments():
    journalist = make_journalist()
    article = make_article(authors=[journalist.author])
    add_comment(article, email="martine@exemple.fr", name="Martine", reader_id="lecteur-martine",
                ip_hash="a" * 64)
    return journalist, article


# -- 1. No lookup, search or sorting on a field the role cannot see ----------------------------


@pytest.mark.parametrize("lookup", ["email__startswith=m", "email__startswith=martine@",
                                    "email=martine@exemple.fr", "ip_hash__startswith=a",
                                    "reader_id__startswith=lecteur", "email__regex=^m",
                                    "EMAIL__startswith=m", "email__isnull=False"])
def test_a_journalist_cannot_probe_commenters_hidden_fields(journalist_with_comments, lookup):
    journalist, _article = journalist_with_comments
    client = logged_in(journalist)
    assert client.get(COMMENTS).status_code == 200  # they do read their articles' comments
    response = client.get(f"{COMMENTS}?{lookup}")
    # Refused (400), or, for a name that is no field, ignored: never a different answer for a
    # good guess and a bad one.
    assert response.status_code in (400, 302), lookup
    assert "martine@" not in response.content.decode()


def test_the_probe_of_the_audit_learns_nothing(journalist_with_comments):
    """The audit spelled the address out letter by letter from the list's answers."""
    journalist, _article = journalist_with_comments
    client = logged_in(journalist)
    answers = {client.get(f"{COMMENTS}?email__startswith={letter}").status_code
               for letter in "abcdefghijklmnopqrstuvwxyz"}
    assert answers == {400}


def test_editors_filter_on_what_they_see_and_not_on_ip_hashes_or_reader_ids(journalist_with_comments):
    editor = make_editor()
    client = logged_in(editor)
    response = client.get(f"{COMMENTS}?email=martine@exemple.fr")
    assert response.status_code == 200 and "Martine" in response.content.decode()
    for lookup in ("ip_hash__startswith=a", "reader_id__startswith=lecteur", "fingerprint__gt="):
        assert client.get(f"{COMMENTS}?{lookup}").status_code == 400, lookup


def test_searches_only_touch_visible_fields(journalist_with_comments):
    journalist, _article = journalist_with_comments
    client = logged_in(journalist)
    page = client.get(f"{COMMENTS}?q=martine@exemple.fr").content.decode()
    assert "Martine" not in page  # the journalist's search has no e-mail field
    editor_page = logged_in(make_editor()).get(f"{COMMENTS}?q=martine@exemple.fr").content.decode()
    assert "Martine" in editor_page


def test_every_admin_of_the_project_refuses_hidden_lookups():
    """Every registered model admin, ours and those of the libraries we use."""
    from django.contrib.admin.sites import site

    from magazine.admin_site import OnlyVisibleFields

    assert site._registry and all(isinstance(model_admin, OnlyVisibleFields)
                                  for model_admin in site._registry.values())
    editor = make_editor()
    client = logged_in(editor)
    make_article(preview_key="secret-key")
    for lookup in ("preview_key__startswith=s", "search_text__contains=a", "body_html__contains=a"):
        assert client.get(f"/admin/articles/article/?{lookup}").status_code == 400, lookup
    for lookup in ("ip_hash__startswith=a", "reader_id__startswith=a"):
        assert client.get(f"/admin/ratings/ratingsummary/?article__ratings__{lookup}").status_code == 400
    Rating.objects.vote(make_article(), "lecteur-x", "f" * 64, 4)


# -- 2. The "view on site" shortcut reveals no hidden article ----------------------------------


def test_view_on_site_redirects_only_to_what_the_user_may_see():
    journalist, other = make_journalist(), make_journalist()
    content_type = ContentType.objects.get_for_model(Article).pk
    hidden = [
        make_article("Programmé d'un confrère", authors=[other.author],
                     published_at=timezone.now() + timedelta(days=1)),
        make_article("Brouillon d'un confrère", authors=[other.author], status=Article.Status.DRAFT),
        make_article("Archivé d'un confrère", authors=[other.author], status=Article.Status.ARCHIVED),
    ]
    visible = [make_article("En ligne", authors=[other.author]),
               make_article("Mon brouillon", authors=[journalist.author], status=Article.Status.DRAFT)]
    client = logged_in(journalist)
    for article in hidden:
        response = client.get(f"/admin/r/{content_type}/{article.pk}/")
        assert response.status_code == 404, article.title
        assert article.slug not in response.get("Location", "")
    # Looping over ids learns nothing either: unknown ids answer the same.
    assert client.get(f"/admin/r/{content_type}/999999/").status_code == 404
    assert client.get(f"/admin/r/{content_type}/abc/").status_code == 404
    for article in visible:
        response = client.get(f"/admin/r/{content_type}/{article.pk}/")
        assert response.status_code == 302 and response["Location"].endswith(article.get_absolute_url())
    # Not logged in: the login page, as for the whole admin.
    assert Client().get(f"/admin/r/{content_type}/{hidden[0].pk}/").status_code == 302
    assert "login" in Client().get(f"/admin/r/{content_type}/{hidden[0].pk}/")["Location"]


def test_view_on_site_of_a_model_without_admin_is_a_404():
    editor = make_editor()
    comment = add_comment(make_article())
    rating_type = ContentType.objects.get_for_model(Rating).pk
    assert admin.site._registry.get(Rating) is None
    Rating.objects.vote(comment.article, "r", "h", 3)
    assert logged_in(editor).get(f"/admin/r/{rating_type}/1/").status_code == 404


def test_authors_are_unchanged_for_the_shortcut():
    editor = make_editor()
    author = make_author("Ana Lys")
    content_type = ContentType.objects.get_for_model(author).pk
    response = logged_in(editor).get(f"/admin/r/{content_type}/{author.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(author.get_absolute_url())
    assert Comment.objects.count() == 0


# -- 4. Shared preview links die with the draft ---------------------------------------------------


def test_a_shared_preview_link_dies_when_its_article_is_published_then_archived(client):
    """The audit: a link made while the article was in review still showed it, with the banner
    « Archivé », after it was published and then archived."""
    from articles import preview

    article = make_article("En relecture", status=Article.Status.REVIEW)
    link = preview.make_link(article)[0].removeprefix(settings_site_url())
    assert client.get(link).status_code == 200
    article.status = Article.Status.PUBLISHED
    article.save()
    article.status = Article.Status.ARCHIVED
    article.save()
    response = client.get(link)
    assert response.status_code == 404 and "Archivé" not in response.content.decode()


@pytest.mark.parametrize("back_to", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED])
def test_unpublishing_kills_the_links_too(client, back_to):
    from articles import preview

    article = make_article("Publié")
    link = preview.make_link(article)[0].removeprefix(settings_site_url())
    assert client.get(link).status_code == 200
    fresh = Article.objects.get(pk=article.pk)
    fresh.status = back_to
    fresh.save(update_fields=["status"])
    assert client.get(link).status_code == 404
    # A new link works again (a new key).
    again = preview.make_link(Article.objects.get(pk=article.pk))[0].removeprefix(settings_site_url())
    assert client.get(again).status_code == 200


def test_an_editor_revokes_every_link_in_one_click():
    from articles import preview

    editor, journalist = make_editor(), make_journalist()
    articles = [make_article(f"Brouillon {n}", status=Article.Status.DRAFT) for n in range(3)]
    links = [preview.make_link(article)[0].removeprefix(settings_site_url()) for article in articles]
    assert all(Client().get(link).status_code == 200 for link in links)
    # Journalists may not; a GET does nothing.
    assert logged_in(journalist).post("/admin/articles/article/apercus/revoquer/").status_code == 403
    assert logged_in(editor).get("/admin/articles/article/apercus/revoquer/").status_code == 405
    assert all(Client().get(link).status_code == 200 for link in links)
    page = logged_in(editor).get("/admin/articles/article/").content.decode()
    assert "Révoquer tous les liens d'aperçu" in page
    response = logged_in(editor).post("/admin/articles/article/apercus/revoquer/", follow=True)
    assert "Les liens d&#x27;aperçu de 3 articles sont révoqués." in response.content.decode()
    assert all(Client().get(link).status_code == 404 for link in links)


def settings_site_url():
    from django.conf import settings

    return settings.SITE_URL
