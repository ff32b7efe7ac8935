"""sitemap.xml, the Google News sitemap and robots.txt: valid, same host, published only."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Tag

from ..conftest import COUNTER_READS, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locs(tree):
    return [loc.text for loc in tree.iterfind(".//s:loc", NS)]


@pytest.fixture
def magazine():
    ville, vide = make_section("Ville"), make_section("Vide")
    camille, absent = make_author("Camille Durand"), make_author("Auteur Sans Article")
    fresh = make_article("Tout frais", section=ville, authors=[camille], tags=["Lyon"])
    old = make_article("Ancien", section=ville, authors=[camille], tags=["Lyon"],
                       published_at=timezone.now() - timedelta(days=5))
    make_article("Brouillon", section=vide, authors=[absent], tags=["Secret"],
                 status=Article.Status.DRAFT)
    make_article("Programmé", section=vide, authors=[absent], tags=["Secret"],
                 published_at=timezone.now() + timedelta(hours=3))
    return fresh, old


@override_settings(ALLOWED_HOSTS=["lemagazine.example"])
def test_index_lists_one_sitemap_per_kind_on_the_request_host(client, magazine):
    tree = xml(client, "/sitemap.xml", HTTP_HOST="lemagazine.example")
    assert tree.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert locs(tree) == [f"http://lemagazine.example/sitemap-{name}.xml"
                          for name in ["articles", "rubriques", "mots-cles", "auteurs", "pages"]]


@override_settings(ALLOWED_HOSTS=["lemagazine.example"])
def test_sitemaps_list_published_things_only_with_lastmod(client, magazine):
    fresh, old = magazine
    expected = {
        "articles": ["/articles/tout-frais/", "/articles/ancien/"],
        "rubriques": ["/rubrique/ville/"],
        "mots-cles": ["/mot-cle/lyon/"],
        "auteurs": ["/auteurs/camille-durand/"],
    }
    for name, paths in expected.items():
        tree = xml(client, f"/sitemap-{name}.xml", HTTP_HOST="lemagazine.example")
        assert locs(tree) == [f"http://lemagazine.example{path}" for path in paths], name
        lastmods = [node.text for node in tree.iterfind(".//s:lastmod", NS)]
        assert len(lastmods) == len(paths) and all(lastmods), name
    assert client.get("/sitemap-inconnu.xml", HTTP_HOST="lemagazine.example").status_code == 404


def test_news_sitemap_has_the_last_48_hours_in_the_news_namespace(client, magazine):
    tree = xml(client, "/sitemap-actualites.xml")
    urls = tree.findall("s:url", NS)
    assert [url.find("s:loc", NS).text for url in urls] == ["http://testserver/articles/tout-frais/"]
    news = urls[0].find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Le Magazine"
    assert news.find("news:publication/news:language", NS).text == "fr"
    assert news.find("news:title", NS).text == "Tout frais"
    published = news.find("news:publication_date", NS).text
    assert published.startswith(timezone.localtime(magazine[0].published_at).strftime("%Y-%m-%dT%H:%M"))


def test_news_sitemap_is_never_empty_after_a_quiet_spell(client):
    make_article("Vieux de trois jours", published_at=timezone.now() - timedelta(days=3))
    make_article("Vieux de quatre jours", published_at=timezone.now() - timedelta(days=4))
    tree = xml(client, "/sitemap-actualites.xml")
    assert locs(tree) == ["http://testserver/articles/vieux-de-trois-jours/"]


def test_sitemap_queries_do_not_grow_with_items(client, settings, django_assert_max_num_queries):
    section = make_section("Rubrique")
    for i in range(20):
        make_article(f"Article {i}", section=section, tags=[f"tag {i}"])
    for name in ["articles", "rubriques", "mots-cles", "auteurs"]:
        with django_assert_max_num_queries(3 + COUNTER_READS):  # the first time after a change
            assert client.get(f"/sitemap-{name}.xml").status_code == 200
        settings.PAGE_CACHE_SECONDS = 0  # a real render again
        with django_assert_max_num_queries(3):
            assert client.get(f"/sitemap-{name}.xml").status_code == 200
        settings.PAGE_CACHE_SECONDS = 600
    assert Tag.objects.count() == 20


def test_robots_txt_points_to_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /recherche/" in text and "Disallow: /en/recherche/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-actualites.xml" in text


def test_robots_txt_never_reveals_a_custom_admin_path(client, settings):
    settings.ADMIN_PATH = "redaction-7f3a/"
    text = client.get("/robots.txt").content.decode()
    assert "redaction-7f3a" not in text and "admin" not in text
