"""Head metadata: canonical URL, OpenGraph, Twitter card and JSON-LD that extruct extracts."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import extruct
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from articles import seo

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


def jpeg(size=(1200, 675)):
    import io
    buffer = io.BytesIO()
    Image.new("RGB", size, "#6f9a3c").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def article():
    ville = make_section("Ville")
    camille = make_author("Camille Durand", job_title="reporter", website="https://camille.example")
    lou = make_author("Lou Martin")
    article = make_article(
        "Les toits deviennent des potagers", section=ville, authors=[camille, lou],
        standfirst="À Lyon, les toits se couvrent de légumes.", tags=["Lyon", "Urbanisme"],
        published_at=datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("Europe/Paris")),
        cover_alt="Des bacs de légumes sur un toit.",
    )
    article.cover_image.save("toit.jpg", ContentFile(jpeg()), save=True)
    return article


def extract(html):
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"],
                           uniform=True, errors="strict")
    by_type = {}
    for item in data["json-ld"]:
        by_type.setdefault(item["@type"], []).append(item)
    return data, by_type


def test_article_json_ld_is_a_complete_news_article(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    data, items = extract(html)
    news = items["NewsArticle"][0]
    url = "http://testserver/articles/les-toits-deviennent-des-potagers/"
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Les toits deviennent des potagers"
    assert news["description"] == "À Lyon, les toits se couvrent de légumes."
    assert news["datePublished"] == "2026-11-28T09:30:00+01:00"
    assert datetime.fromisoformat(news["dateModified"]) >= datetime.fromisoformat(news["datePublished"])
    assert news["image"] == [{"@type": "ImageObject", "url": "http://testserver" + article.cover_image.url,
                              "width": 1200, "height": 675}]
    assert news["author"] == [
        {"@type": "Person", "name": "Camille Durand", "url": "http://testserver/auteurs/camille-durand/",
         "jobTitle": "reporter"},
        {"@type": "Person", "name": "Lou Martin", "url": "http://testserver/auteurs/lou-martin/",
         "jobTitle": "journaliste"},
    ]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Le Magazine"
    assert publisher["logo"] == {"@type": "ImageObject", "url": "http://testserver/static/img/logo.png",
                                 "width": 512, "height": 512}
    assert news["articleSection"] == "Ville"
    assert news["keywords"] == ["Lyon", "Urbanisme"]
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["inLanguage"] == "fr"
    assert "aggregateRating" not in news  # only with RATINGS_IN_JSONLD

    crumbs = items["BreadcrumbList"][0]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Accueil", "http://testserver/"),
        (2, "Ville", "http://testserver/rubrique/ville/"),
        (3, "Les toits deviennent des potagers", url),
    ]


def test_article_has_canonical_opengraph_and_twitter_card(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    opengraph = extruct.extract(html, syntaxes=["opengraph"], errors="strict")["opengraph"]
    properties = [prop for item in opengraph for prop in item["properties"]]
    og = dict(properties)
    url = "http://testserver/articles/les-toits-deviennent-des-potagers/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="À Lyon, les toits se couvrent de légumes.">' in html
    assert og["og:type"] == "article" and og["og:url"] == url
    assert og["og:title"] == "Les toits deviennent des potagers"
    assert og["og:image"] == "http://testserver" + article.cover_image.url
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")
    assert og["article:published_time"] == "2026-11-28T09:30:00+01:00"
    assert og["article:section"] == "Ville"
    assert [value for key, value in properties if key == "article:tag"] == ["Lyon", "Urbanisme"]
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="http://testserver{article.cover_image.url}">' in html


def test_english_interface_points_to_the_french_canonical_page(client, article):
    html = client.get("/en" + article.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/les-toits-deviennent-des-potagers/">' in html


def test_article_without_cover_uses_the_logo_image(client):
    article = make_article("Sans image")
    _, items = extract(client.get(article.get_absolute_url()).content.decode())
    assert items["NewsArticle"][0]["image"][0]["url"] == "http://testserver/static/img/logo.png"


def test_json_ld_cannot_be_broken_out_of(client):
    title = '</script><script>alert("x")</script> & <!-- ça'
    article = make_article(title, standfirst="Chapô </SCRIPT> fin")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == title


def test_author_page_has_a_person(client, article):
    camille = article.ordered_authors[0]
    camille.portrait.save("camille.jpg", ContentFile(jpeg((300, 300))), save=True)
    html = client.get("/auteurs/camille-durand/").content.decode()
    _, items = extract(html)
    person = items["ProfilePage"][0]["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Camille Durand" and person["jobTitle"] == "reporter"
    assert person["url"] == "http://testserver/auteurs/camille-durand/"
    assert person["image"] == "http://testserver" + camille.portrait.url
    assert person["sameAs"] == ["https://camille.example"]
    assert person["worksFor"]["name"] == "Le Magazine"
    assert '<link rel="canonical" href="http://testserver/auteurs/camille-durand/">' in html


def test_home_and_lists_have_canonical_urls_and_valid_json_ld(client, article):
    for url, kind in [("/", "WebSite"), ("/rubrique/ville/", "BreadcrumbList"),
                      ("/mot-cle/lyon/", "BreadcrumbList")]:
        html = client.get(url).content.decode()
        _, items = extract(html)
        assert kind in items, url
        assert f'<link rel="canonical" href="http://testserver{url}">' in html
    _, items = extract(client.get("/").content.decode())
    action = items["WebSite"][0]["potentialAction"]
    assert action["target"]["urlTemplate"] == "http://testserver/recherche/?q={search_term_string}"


def test_publisher_logo_is_a_real_png_of_at_least_112_pixels():
    path = Path(settings.BASE_DIR) / "static" / seo.LOGO
    with Image.open(path) as logo:
        assert logo.format == "PNG"
        assert logo.size == (seo.LOGO_SIZE, seo.LOGO_SIZE) and seo.LOGO_SIZE >= 112


def test_aggregate_rating_joins_the_news_article_only_when_the_setting_is_on(client, settings, article):
    from ratings.models import RatingSummary

    RatingSummary.objects.create(article=article, count=3, total=14, count_5=2, count_4=1)
    settings.RATINGS_IN_JSONLD = True
    _, items = extract(client.get(article.get_absolute_url()).content.decode())
    rating = items["NewsArticle"][0]["aggregateRating"]
    assert rating["@type"] == "AggregateRating"
    assert (rating["ratingValue"], rating["ratingCount"], rating["bestRating"]) == ("4.7", 3, "5")


@given(text=st.text(alphabet="aeé\u0301 …œ\U0001f600", max_size=40),
       length=st.integers(min_value=1, max_value=30))
def test_short_texts_skip_the_truncators_walk_with_the_same_result(text, length):
    """seo._chars: Truncator's output, normalised, cut or not (combining accents do not count)."""
    assert seo._chars(text, length) == Truncator(text).chars(length)
