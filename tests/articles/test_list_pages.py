"""Section, tag and author lists and the home page: what a reader sees on each page, counted
only from what readers may see, and on time when a scheduled article goes out (the lists'
queries are built once per process and only run again with the clock and the subject)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article, ArticleAuthor

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


def cards(html):
    """The titles of the cards, in page order."""
    return [part.split("</a>")[0].rsplit(">", 1)[-1]
            for part in html.split('class="card__title"')[1:]]


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def lists(settings):
    """Five live articles by Camille on « jardins » in « Ville », the newest first, and others
    with the same tag, author and section that no reader may see yet."""
    settings.ARTICLES_PER_PAGE = 2
    now = timezone.now()
    city, camille = make_section("Ville"), make_author("Camille Durand")
    live = [make_article(f"Jardin {n}", section=city, authors=[camille], tags=["jardins"],
                         published_at=now - timedelta(hours=n + 1)) for n in range(5)]
    for status in (Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED):
        make_article(f"Pas pour les lecteurs ({status})", status=status, section=city,
                     authors=[camille], tags=["jardins"])
    scheduled = make_article("Jardin programmé", section=city, authors=[camille], tags=["jardins"],
                             published_at=now + timedelta(hours=2))
    return live, scheduled


LIST_URLS = ["/rubrique/ville/", "/mot-cle/jardins/", "/auteurs/camille-durand/"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_list_pages_through_live_articles_only_newest_first(client, lists, url):
    first = page(client, url)
    assert cards(first) == ["Jardin 0", "Jardin 1"]
    assert "Page 1 sur 3" in first
    assert cards(page(client, url, page=2)) == ["Jardin 2", "Jardin 3"]
    last = page(client, url, page=3)
    assert cards(last) == ["Jardin 4"] and "Page 3 sur 3" in last
    assert cards(page(client, url, page="last")) == ["Jardin 4"]
    for beyond in ("4", "0", "dernier"):
        assert client.get(url, {"page": beyond}).status_code == 404
    assert "programmé" not in first and "Pas pour les lecteurs" not in first


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_scheduled_article_heads_its_lists_when_its_time_comes(client, lists, url):
    page(client, url)  # the list's query is built, then only run again
    with freeze_time(timezone.now() + timedelta(hours=3)):
        html = page(client, url)
    assert cards(html) == ["Jardin programmé", "Jardin 0"]
    assert "Page 1 sur 3" in html


def test_cards_show_their_section_and_every_author_in_byline_order(client, settings):
    city, science = make_section("Ville"), make_section("Sciences")
    camille, lou = make_author("Camille Durand"), make_author("Lou Martin")
    make_article("À deux voix", section=science, authors=[lou, camille], tags=["enquête"])
    make_article("Seule", section=city, authors=[camille], tags=["enquête"])
    for url in ("/mot-cle/enquete/", "/auteurs/camille-durand/", "/"):
        html = page(client, url)
        duo = html[html.index("À deux voix"):]
        duo = duo[:duo.index("</article>")]
        assert duo.index("Lou Martin") < duo.index("Camille Durand"), url
        card = html[:html.index("À deux voix")].rsplit('<article class="card', 1)[-1]
        assert 'href="/rubrique/sciences/"' in card or url == "/", url
    section_page = page(client, "/rubrique/sciences/")
    assert cards(section_page) == ["À deux voix"]
    assert "Lou Martin" in section_page and "Camille Durand" in section_page


def test_the_home_page_leads_with_the_pinned_article_then_each_sections_newest(client):
    now = timezone.now()
    sections = [make_section(f"Rubrique {n}") for n in range(3)]
    for n in range(12):
        make_article(f"Article {n}", section=sections[n % 3], published_at=now - timedelta(hours=n + 1))
    make_article("Le dossier", section=sections[0], published_at=now - timedelta(days=60),
                 featured=True)
    make_article("Brouillon épinglé", section=sections[0], status=Article.Status.DRAFT,
                 featured=True)
    html = page(client, "/")
    shown = cards(html)
    assert shown[:7] == ["Le dossier", *(f"Article {n}" for n in range(6))]
    # Then each section's newest that are not already among the latest, in menu order.
    assert shown[7:] == ["Article 6", "Article 9", "Article 7", "Article 10", "Article 8",
                         "Article 11"]
    assert "Brouillon épinglé" not in html


@pytest.mark.parametrize("url", ["/mot-cle/jardins/", "/auteurs/camille-durand/"])
def test_tag_and_author_lists_follow_each_edit_of_an_article(client, settings, url):
    """The tag's and the author's lists are ordered and counted from what the taggings and
    bylines record of their article: every save that moves its publication moves them."""
    settings.ARTICLES_PER_PAGE = 1
    now = timezone.now()
    camille, lou = make_author("Camille Durand"), make_author("Lou Martin")
    make_article("Ancien", authors=[camille], tags=["jardins"], published_at=now - timedelta(days=2))
    draft = make_article("Nouveau", authors=[camille], tags=["jardins"], status=Article.Status.DRAFT)

    def shown():
        html = page(client, url)
        return cards(html), html.split("Page 1 sur ")[1][0] if "Page 1 sur " in html else "1"

    assert shown() == (["Ancien"], "1")
    draft.status, draft.published_at = Article.Status.PUBLISHED, now - timedelta(hours=1)
    draft.save()
    assert shown() == (["Nouveau"], "2")
    draft.published_at = now - timedelta(days=3)
    draft.save(update_fields=["published_at"])
    assert shown() == (["Ancien"], "2")
    draft.published_at = now + timedelta(days=1)
    draft.save()
    assert shown() == (["Ancien"], "1")
    draft.published_at = now - timedelta(minutes=5)
    draft.save()
    assert shown() == (["Nouveau"], "2")
    draft.status = Article.Status.ARCHIVED
    draft.save()
    assert shown() == (["Ancien"], "1")

    # A byline or a tag added to an article already out puts it in the list at its date.
    later = make_article("Ajouté", authors=[lou], published_at=now - timedelta(hours=2))
    ArticleAuthor.objects.create(article=Article.objects.get(pk=later.pk), author=camille, position=1)
    Article.objects.get(pk=later.pk).tags.add("jardins")
    assert shown() == (["Ajouté"], "2")
