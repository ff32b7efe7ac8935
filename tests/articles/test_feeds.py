"""RSS 2.0 and Atom feeds: they parse (feedparser) and carry what feed readers show."""

from datetime import timedelta

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

FEEDS = ["/flux/rss/", "/flux/atom/", "/rubrique/ville/rss/", "/rubrique/ville/atom/",
         "/mot-cle/lyon/rss/", "/mot-cle/lyon/atom/", "/auteurs/camille-durand/rss/",
         "/auteurs/camille-durand/atom/"]


def small_jpeg():
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#c2703d").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def articles():
    ville = make_section("Ville")
    camille, lou = make_author("Camille Durand"), make_author("Lou Martin")
    article = make_article("Les toits deviennent des potagers", section=ville, authors=[camille, lou],
                           standfirst="À Lyon, on cultive : salades !", tags=["Lyon", "Urbanisme"],
                           body='<h2>Sur les toits</h2><p>Texte <a href="https://exemple.fr/?a=1">complet</a>.</p>')
    article.cover_image.save("toit.jpg", ContentFile(small_jpeg()), save=True)
    make_article("Brouillon secret", section=ville, authors=[camille], status=Article.Status.DRAFT,
                 tags=["Lyon"])
    make_article("Programmé secret", section=ville, authors=[camille], tags=["Lyon"],
                 published_at=timezone.now() + timedelta(hours=2))
    return article


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_and_lists_published_articles_only(client, articles, url):
    response, feed = parse(client, url)
    expected_type = "application/atom+xml" if url.endswith("atom/") else "application/rss+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert feed.version == ("atom10" if url.endswith("atom/") else "rss20")
    assert [entry.title for entry in feed.entries] == ["Les toits deviennent des potagers"]
    assert feed.feed.title.startswith("Le Magazine")
    assert feed.feed.language == "fr"


@pytest.mark.parametrize("url", ["/flux/rss/", "/flux/atom/"])
def test_items_carry_everything_a_feed_reader_shows(client, articles, url):
    _, feed = parse(client, url)
    entry = feed.entries[0]
    assert entry.link == "http://testserver/articles/les-toits-deviennent-des-potagers/"
    assert "À Lyon, on cultive\u00a0: salades\u202f!" in entry.summary  # typeset standfirst
    assert "Sur les toits" not in entry.summary  # the body only in the full variant
    assert [author.name for author in entry.authors] == ["Camille Durand", "Lou Martin"]
    assert entry.published_parsed[:6] == articles.published_at.utctimetuple()[:6]
    if url.endswith("atom/"):
        assert entry.updated_parsed[:6] == articles.updated_at.utctimetuple()[:6]
    assert {tag.term for tag in entry.tags} == {"Ville", "Lyon", "Urbanisme"}
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.href.startswith("http://testserver/media/covers/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == articles.cover_image.size > 0


@pytest.mark.parametrize("url", ["/flux/rss/?complet=1", "/flux/atom/?complet=1"])
def test_full_text_variant_carries_the_body(client, articles, url):
    _, feed = parse(client, url)
    summary = feed.entries[0].summary
    assert "Sur les toits" in summary and 'href="https://exemple.fr/?a=1"' in summary


def test_unknown_subjects_are_404(client):
    for url in ["/rubrique/nulle/rss/", "/mot-cle/rien/atom/", "/auteurs/personne/rss/"]:
        assert client.get(url).status_code == 404


def test_feed_queries_do_not_grow_with_items(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # real renders
    section = make_section("Ville")
    make_article("Premier", section=section, tags=["a", "b"])

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/flux/rss/").status_code == 200
        return len(queries)
    count()  # the first request of a process also reads what later ones find cached
    few = count()
    for i in range(15):
        make_article(f"Article {i}", section=section, tags=["a", f"t{i}"],
                     authors=[make_author(), make_author()])
    count()  # right after a change: also the page-cache counters of the new items, once
    assert count() == few


def test_pages_announce_their_feeds(client, articles):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="Le Magazine (RSS)" href="/flux/rss/">' in home
    assert '<link rel="alternate" type="application/atom+xml" title="Le Magazine (Atom)" href="/flux/atom/">' in home
    for page, feed in [("/rubrique/ville/", "/rubrique/ville/rss/"), ("/mot-cle/lyon/", "/mot-cle/lyon/atom/"),
                       ("/auteurs/camille-durand/", "/auteurs/camille-durand/rss/")]:
        html = client.get(page).content.decode()
        assert f'href="{feed}"' in html and 'href="/flux/rss/"' in html, page
