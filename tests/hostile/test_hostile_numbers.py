"""Integer overflows and odd digits in every numeric parameter and path segment, on the
readers' pages and in the admin: never a 500 (SQLite raises OverflowError on a number beyond
64 bits; int() refuses digits str.isdigit() accepts), every refusal a French page."""

from urllib.parse import quote, urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from articles.models import Article
from comments.models import Comment

from ..comments_support import add_comment
from ..conftest import make_article
from ..newsroom_helpers import make_editor, make_journalist
from . import corpus
from .test_hostile_input import check

pytestmark = pytest.mark.django_db


def check_admin(response, url):
    """The admin's pages carry their own scripts (the reader pages' inertness rules do not
    apply): never a 500, a refusal in French."""
    assert response.status_code in (200, 302, 400, 403, 404), (response.status_code, url)
    if response.status_code >= 400 and "text/html" in response.get("Content-Type", ""):
        assert 'lang="fr"' in response.content.decode(), url

READER_PARAMETERS = [
    ("/articles/{article}/", "avis"), ("/articles/{article}/", "repondre"),
    ("/articles/{article}/", "page"), ("/articles/{article}/", "merci"),
    ("/articles/{article}/lecteur/", "avis"), ("/rubrique/{section}/", "page"),
    ("/auteurs/{author}/", "page"), ("/mot-cle/{tag}/", "page"), ("/recherche/", "page"),
    ("/sitemap-articles.xml", "p"), ("/", "page"),
]
READER_PATHS = ["/apercu/{n}/jeton/", "/articles/{n}/", "/auteurs/{n}/contact/"]


def test_overflows_in_readers_parameters_and_paths(client, magazine):
    answered = add_comment(magazine["object"], body="Un avis.")
    for number in corpus.OVERFLOWS:
        for template, name in READER_PARAMETERS:
            page = template.format(**magazine)
            check(client.get(f"{page}?{urlencode({name: number})}"), number)
        for template in READER_PATHS:
            check(client.get(template.format(n=quote(number))), number)
        # Numbers in the readers' forms: a comment's parent, a vote's score.
        response = client.post(f"/articles/{magazine['article']}/avis/",
                               {"name": "Lou", "email": "lou@exemple.fr", "body": "Bonjour",
                                "parent": number})
        check(response, number, allowed=(200, 302, 400, 403, 429))
        check(client.post(f"/articles/{magazine['article']}/noter/", {"score": number}), number,
              allowed=(200, 302, 400, 403, 429))
    # "00…01" is a number, 1; no other reply was taken.
    assert set(Comment.objects.exclude(parent=None).values_list("parent", flat=True)) <= {
        answered.pk}


ADMIN_PARAMETERS = [
    ("/admin/articles/article/", "p"), ("/admin/articles/article/", "o"),
    ("/admin/articles/article/", "section__id__exact"),
    ("/admin/articles/article/", "published_at__year"),
    ("/admin/articles/article/", "published_at__month"),
    ("/admin/articles/article/", "published_at__day"),
    ("/admin/comments/comment/", "p"), ("/admin/comments/comment/", "o"),
    ("/admin/comments/comment/", "article__id__exact"),
    ("/admin/ratings/rating/", "p"), ("/admin/authors/author/", "p"),
    ("/admin/auth/user/", "p"), ("/admin/articles/article/{pk}/history/compare/", "a"),
    ("/admin/articles/article/{pk}/history/compare/", "b"),
    ("/admin/autocomplete/", "page"),
]
ADMIN_PATHS = [
    "/admin/articles/article/{n}/change/", "/admin/articles/article/{n}/history/",
    "/admin/articles/article/{n}/delete/", "/admin/articles/article/{n}/apercu/",
    "/admin/articles/article/{n}/apercu/partager/", "/admin/articles/article/{n}/history/compare/",
    "/admin/articles/article/{pk}/history/{n}/", "/admin/comments/comment/{n}/change/",
    "/admin/authors/author/{n}/change/", "/admin/auth/user/{n}/change/",
    "/admin/auth/user/{n}/password/", "/admin/r/{ct}/{n}/", "/admin/r/{n}/{pk}/",
    "/admin/django_tasks_database/dbtaskresult/{n}/change/",
]


@pytest.mark.parametrize("role", ["editor", "journalist", "superuser"])
def test_overflows_in_the_admins_parameters_and_paths(role):
    from django.contrib.auth.models import User

    article = make_article("Un article")
    user = {"editor": make_editor, "journalist": make_journalist}.get(role, lambda: User.objects
                                                                      .create_superuser("root"))()
    client = Client()
    client.force_login(user)
    values = {"pk": article.pk, "ct": ContentType.objects.get_for_model(Article).pk}
    for number in corpus.OVERFLOWS:
        for template, name in ADMIN_PARAMETERS:
            query = {name: number}
            if name in ("a", "b"):
                query = {"a": number, "b": number}
            if template == "/admin/autocomplete/":
                query.update(app_label="articles", model_name="article", field_name="tags")
            url = f"{template.format(**values)}?{urlencode(query)}"
            check_admin(client.get(url), url)
        for template in ADMIN_PATHS:
            url = template.format(n=quote(number), **values)
            check_admin(client.get(url), url)
        url = f"/admin/articles/article/{article.pk}/change/"
        response = client.post(url, {"section": number, "title": "Un article"})
        check_admin(response, url)
        # (a bad form comes back 200 with its errors; the article is unchanged)
    article.refresh_from_db()
    assert article.title == "Un article"
