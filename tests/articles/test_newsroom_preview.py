"""Draft previews: staff « Aperçu » and shared links (valid, expired, revoked, wrong article)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from articles import preview
from articles.models import Article

from ..conftest import make_article
from ..newsroom_helpers import make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status


def staff_preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def share_url(article):
    return reverse("admin:articles_article_share_preview", args=[article.pk])


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_staff_preview_is_the_public_page_with_a_draft_banner(client):
    journalist = make_journalist()
    article = make_article(status=Status.DRAFT, authors=[journalist.author], title="Les ruches urbaines",
                           body="<h2>Sur les toits</h2><table><tr><td>Ruches</td><td>12</td></tr></table>")
    client.force_login(journalist)
    response = client.get(staff_preview_url(article))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert 'class="preview-banner"' in page and "Brouillon" in page
    assert "Les lecteurs ne voient pas encore cet article." in page
    assert '<h2 id="sur-les-toits">Sur les toits</h2>' in page and "<td>Ruches</td>" in page
    assert_private(response)

    # The same article once published renders the same body, without the banner.
    article.status = Status.PUBLISHED
    article.save()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "preview-banner" not in public
    assert '<h2 id="sur-les-toits">Sur les toits</h2>' in public


def test_staff_preview_follows_newsroom_visibility(client):
    article = make_article(status=Status.DRAFT, authors=[make_journalist().author])
    client.force_login(make_journalist())
    assert client.get(staff_preview_url(article)).status_code == 404
    client.force_login(make_editor())
    assert client.get(staff_preview_url(article)).status_code == 200
    client.logout()
    assert client.get(staff_preview_url(article)).status_code == 302  # to the login page


def create_link(client, article):
    response = client.post(share_url(article), {"action": "create"})
    assert response.status_code == 200
    match = re.search(r'id="share-link"[^>]*value="([^"]+)"', response.content.decode())
    return match.group(1)


def test_shared_link_shows_the_draft_to_someone_without_an_account(client):
    editor = make_editor()
    article = make_article(status=Status.REVIEW, title="Enquête sur les ruches")
    client.force_login(editor)
    link = create_link(client, article)
    assert link.startswith("http://testserver/apercu/")

    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enquête sur les ruches" in page
    assert "Ce lien est confidentiel" in page
    assert_private(response)
    assert response["Referrer-Policy"] == "no-referrer"
    assert reload(article).status == Status.REVIEW  # still invisible to readers
    assert client.get(article.get_absolute_url()).status_code == 404


def test_shared_link_expires(client, settings):
    settings.PREVIEW_LINK_DAYS = 7
    article = make_article(status=Status.DRAFT)
    link, expires = preview.make_link(article)
    assert expires - timezone.now() == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    path = link.removeprefix(settings.SITE_URL)
    with freeze_time(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(path).status_code == 200
    with freeze_time(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(path)
        assert response.status_code == 404
        assert "n'est plus valable" in response.content.decode().replace("&#x27;", "'")
        assert_private(response)


def test_revoking_kills_every_link_handed_out(client):
    editor = make_editor()
    article = make_article(status=Status.DRAFT)
    client.force_login(editor)
    old_links = [create_link(client, article), create_link(client, article)]
    client.post(share_url(article), {"action": "revoke"})
    new_link = create_link(client, article)
    client.logout()
    for link in old_links:
        assert client.get(link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_link_only_opens_its_own_article(client):
    article, other = make_article(status=Status.DRAFT), make_article(status=Status.DRAFT, title="Autre")
    link, _expires = preview.make_link(article)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("articles:preview", args=[other.pk, token])).status_code == 404
    assert client.get(reverse("articles:preview", args=[article.pk, token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("articles:preview", args=[article.pk, "nimporte-quoi"])).status_code == 404


def test_journalist_shares_own_draft_but_not_others(client):
    journalist = make_journalist()
    mine = make_article(status=Status.DRAFT, authors=[journalist.author])
    theirs = make_article(status=Status.DRAFT, authors=[make_journalist().author])
    client.force_login(journalist)
    assert client.get(share_url(mine)).status_code == 200
    assert client.post(share_url(theirs), {"action": "create"}).status_code == 404
    assert not reload(theirs).preview_key


def test_link_creation_does_not_count_as_an_edit(client):
    article = make_article(status=Status.DRAFT)
    version = article.version
    preview.make_link(article)
    assert reload(article).version == version  # an open edit form stays valid
