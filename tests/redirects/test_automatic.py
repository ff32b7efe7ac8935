"""A rename keeps the old address working: 301 to the new one, for articles, sections, tags and
authors, in French and in English, without chains and without loops. A withdrawn article
answers 410."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Article, Section, Tag
from authors.models import Author
from redirects.models import Redirect

from ..conftest import make_article, make_author, make_section, text

pytestmark = pytest.mark.django_db


def url_in(obj, language):
    with translation.override(language):
        return obj.get_absolute_url()


def rename(obj, slug):
    obj = type(obj).objects.get(pk=obj.pk)
    obj.slug = slug
    obj.save()
    return obj


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def subjects():
    """One published object of each tracked kind, the article's list pages included."""
    section = make_section("Jardins partagés")
    author = make_author("Lou Martin")
    article = make_article("Les toits deviennent des potagers", section=section, authors=[author],
                           tags=["potagers urbains"])
    return {"article": article, "section": section, "tag": Tag.objects.get(name="potagers urbains"),
            "author": author}


@pytest.mark.parametrize("kind", ["article", "section", "tag", "author"])
def test_a_new_slug_keeps_the_old_address_in_both_languages(client, kind):
    obj = subjects()[kind]
    old = {language: url_in(obj, language) for language in ("fr", "en")}
    for url in old.values():
        assert client.get(url).status_code == 200
    obj = rename(obj, "nouvelle-adresse")
    for language in ("fr", "en"):
        new = url_in(obj, language)
        assert new != old[language]
        assert_moved(client, old[language], new)


def test_the_query_string_follows_and_hits_are_counted(client):
    article = make_article("Premier titre")
    old = article.get_absolute_url()
    article = rename(article, "second-titre")
    response = client.get(old + "?utm_source=lettre")
    assert response.status_code == 301
    assert response["Location"] == "/articles/second-titre/?utm_source=lettre"
    client.get(old)
    redirect = Redirect.objects.get(old_path=old)
    assert redirect.hits == 2 and redirect.last_hit_at is not None
    assert redirect.origin == Redirect.Origin.AUTOMATIC


def test_what_readers_never_saw_leaves_no_redirect(client):
    draft = make_article("Brouillon", status=Article.Status.DRAFT)
    scheduled = make_article("Programmé", published_at=timezone.now() + timedelta(days=1))
    for article in (draft, scheduled):
        old = article.get_absolute_url()
        rename(article, f"{article.slug}-bis")
        assert not Redirect.objects.filter(old_path=old).exists()
        assert client.get(old).status_code == 404


def test_an_edit_that_keeps_the_address_records_nothing():
    article = make_article("Un titre")
    article.title = "Un titre corrigé"
    article.save()
    Section.objects.get(pk=article.section_id).save()
    assert not Redirect.objects.exists()


def test_chains_collapse_to_the_last_address(client):
    article = make_article("Premier")
    a = article.get_absolute_url()
    article = rename(article, "deuxieme")
    b = article.get_absolute_url()
    article = rename(article, "troisieme")
    c = article.get_absolute_url()
    # One hop from each old address, never A → B → C.
    assert_moved(client, a, c)
    assert_moved(client, b, c)
    assert set(Redirect.objects.filter(new_path=c).values_list("old_path", flat=True)) == {a, b}


def test_renaming_back_removes_the_redirect_from_the_address_in_use(client):
    article = make_article("Aller")
    a = article.get_absolute_url()
    article = rename(article, "retour")
    b = article.get_absolute_url()
    article = rename(article, "aller")
    assert article.get_absolute_url() == a
    assert client.get(a).status_code == 200
    assert_moved(client, b, a)
    paths = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert a not in paths and paths[b] == a
    # And again, many times: never a loop, never a redirect to itself.
    for slug in ["retour", "aller", "ailleurs", "aller"]:
        article = rename(article, slug)
    paths = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert all(old != new and new not in paths for old, new in paths.items())
    assert client.get(a).status_code == 200
    for old in paths:
        response = client.get(old)
        assert response.status_code == 301 and client.get(response["Location"]).status_code == 200


def test_content_published_at_a_redirected_address_takes_it_back(client):
    first = make_article("Ancien sujet")
    old = first.get_absolute_url()
    rename(first, "ancien-sujet-2019")
    assert client.get(old).status_code == 301
    make_article("Ancien sujet")  # the same title: the freed slug
    assert client.get(old).status_code == 200
    assert not Redirect.objects.filter(old_path=old).exists()


def test_an_archived_article_answers_410_without_a_word_of_it(client):
    article = make_article("Le secret de l'article retiré", standfirst="Un chapô très discret.")
    article.status = Article.Status.ARCHIVED
    article.save()
    for url in (url_in(article, "fr"), url_in(article, "en")):
        response = client.get(url)
        assert response.status_code == 410
        page = text(response)
        assert "Le secret de l'article retiré" not in page and "Un chapô très discret." not in page
        assert "Archivé" not in page
    assert "Cet article a été retiré" in text(client.get(url_in(article, "fr")))
    assert "This article has been withdrawn" in text(client.get(url_in(article, "en")))


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_other_unpublished_articles_stay_404(client, status):
    article = make_article("Pas encore", status=status)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get("/articles/jamais-existe/").status_code == 404


def test_an_editors_redirect_wins_over_the_410_of_an_archived_article(client):
    article = make_article("Version périmée")
    replacement = make_article("Version à jour")
    article.status = Article.Status.ARCHIVED
    article.save()
    Redirect.objects.create(old_path=article.get_absolute_url(),
                            new_path=replacement.get_absolute_url())
    assert_moved(client, article.get_absolute_url(), replacement.get_absolute_url())


def test_a_renamed_author_still_signs_at_the_old_address_in_bylines():
    """The byline links use the new address at once (the page cache is told by the rename)."""
    author = make_author("Alex Dupont")
    article = make_article("Signé", authors=[author])
    client_page = article.get_absolute_url()
    from django.test import Client

    reader = Client()
    assert "/auteurs/alex-dupont/" in reader.get(client_page).content.decode()
    rename(Author.objects.get(pk=author.pk), "alex-dupont-martin")
    page = reader.get(client_page).content.decode()
    assert "/auteurs/alex-dupont-martin/" in page and "/auteurs/alex-dupont/" not in page
    assert_moved(reader, "/auteurs/alex-dupont/", "/auteurs/alex-dupont-martin/")
