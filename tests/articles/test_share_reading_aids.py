"""« Partagez maintenant » and the reading aids of an article page (TOC, related, prev/next)."""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from articles.related import related_articles
from articles.toc import add_heading_ids

from ..conftest import make_article, make_section

pytestmark = pytest.mark.django_db

URL = "http://testserver/articles/la-cite-a-l-heure-d-ete/"


class Resources(HTMLParser):
    """Every URL the browser would fetch while loading the page (not links the reader clicks)."""

    def __init__(self):
        super().__init__()
        self.loaded, self.links = [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "video", "audio", "embed"} and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in {"stylesheet", "preload", "icon", "modulepreload"}:
            self.loaded.append(attrs["href"])
        if tag == "img" and attrs.get("srcset"):
            self.loaded.extend(part.split()[0] for part in attrs["srcset"].split(","))
        if tag == "a" and "share__link" in attrs.get("class", ""):
            self.links[attrs["class"].split("--")[-1]] = attrs["href"]


def page(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    parser = Resources()
    parser.feed(html)
    return html, parser


def test_share_links_carry_the_canonical_url_and_title(client):
    article = make_article("La cité à l'heure d'été", slug="la-cite-a-l-heure-d-ete")
    html, parser = page(client, article)
    assert "Partagez maintenant" in html
    links = parser.links
    assert set(links) == {"facebook", "x", "linkedin", "bluesky", "whatsapp", "email"}
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [URL]}
    assert parse_qs(urlsplit(links["x"]).query) == {"url": [URL], "text": ["La cité à l'heure d'été"]}
    assert parse_qs(urlsplit(links["linkedin"]).query) == {"url": [URL]}
    assert parse_qs(urlsplit(links["bluesky"]).query) == {"text": [f"La cité à l'heure d'été {URL}"]}
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"La cité à l'heure d'été {URL}"]}
    mailto = links["email"]
    assert mailto.startswith("mailto:?subject=" + quote("La cité à l'heure d'été", safe=""))
    assert quote(URL, safe="") in mailto and "+" not in mailto
    # Copy the link without JavaScript: the address in a labelled read-only field.
    assert '<label class="share__copy-label" for="lien-article">Copier le lien</label>' in html
    assert f'<input class="share__copy-input" id="lien-article" type="url" value="{URL}" readonly>' in html
    # The buttons that need JavaScript are hidden until share.js shows them.
    assert '<button class="share__copy-button" type="button" hidden' in html
    assert '<button class="share__native-button" type="button" hidden>Partager</button>' in html


def test_article_page_loads_nothing_from_another_host(client):
    article = make_article("Une page sobre")
    html, parser = page(client, article)
    assert parser.loaded, "the page loads its own CSS and JS"
    for url in parser.loaded:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url  # same origin only
    assert "<iframe" not in html
    assert '<script src="/static/js/share.js" defer></script>' in html


def test_reading_time_uses_the_one_definition(client):
    article = make_article("Long", body="<p>" + "mot " * 1100 + "</p>")
    html, _ = page(client, article)
    assert f"{article.reading_minutes} min de lecture" in html and article.reading_minutes == 5


def test_headings_get_stable_unique_anchors():
    html, toc = add_heading_ids(
        "<h2>Le contexte</h2><h3>Détails</h3><h2>Le contexte</h2><h2>Contenu</h2><h2>!!!</h2>"
        "<h2>Avis 3</h2>"
    )
    assert html == ('<h2 id="le-contexte">Le contexte</h2><h3 id="details">Détails</h3>'
                    '<h2 id="le-contexte-2">Le contexte</h2><h2 id="contenu-2">Contenu</h2>'
                    '<h2 id="partie">!!!</h2><h2 id="partie-avis-3">Avis 3</h2>')
    assert [entry["id"] for entry in toc] == ["le-contexte", "le-contexte-2", "contenu-2", "partie",
                                             "partie-avis-3"]


@override_settings(TOC_MIN_HEADINGS=3, TOC_MIN_WORDS=800)
def test_table_of_contents_for_long_articles_only(client):
    long = make_article("Long", body="<h2>Un : début</h2><p>a</p><h2>Deux</h2><p>b</p><h2>Trois</h2>")
    html, _ = page(client, long)
    assert '<nav class="toc" aria-labelledby="sommaire">' in html
    assert '<a class="toc__link" href="#un-debut">Un\u00a0: début</a>' in html
    assert '<h2 id="un-debut">Un\u00a0: début</h2>' in html
    short = make_article("Court", body="<h2>Un</h2><p>a</p><h2>Deux</h2>")
    assert 'class="toc"' not in page(client, short)[0]
    wordy = make_article("Bavard", body="<h2>Un</h2><p>" + "mot " * 900 + "</p><h2>Deux</h2>")
    assert 'class="toc"' in page(client, wordy)[0]


def test_related_articles_share_tags_first_then_section(client):
    ville, culture = make_section("Ville"), make_section("Culture")
    article = make_article("Sujet", section=ville, tags=["vélo", "lyon", "métro"])
    two_tags = make_article("Deux mots-clés", section=culture, tags=["vélo", "lyon"],
                            published_at=timezone.now() - timedelta(days=3))
    one_tag = make_article("Un mot-clé", section=culture, tags=["métro"])
    same_section = make_article("Même rubrique", section=ville)
    make_article("Sans rapport", section=culture)
    make_article("Brouillon lié", section=ville, tags=["vélo", "lyon", "métro"],
                 status=Article.Status.DRAFT)
    with override_settings(RELATED_ARTICLES=3):
        assert [a.title for a in related_articles(article)] == ["Deux mots-clés", "Un mot-clé", "Même rubrique"]
    html, _ = page(client, article)
    assert "À lire aussi" in html
    for title in ["Deux mots-clés", "Un mot-clé", "Même rubrique"]:
        assert title in html
    assert "Brouillon lié" not in html
    assert {two_tags, one_tag, same_section} <= set(related_articles(article))


def test_related_articles_cost_the_same_queries_whatever_the_tags(django_assert_num_queries):
    section = make_section()
    few = make_article("Peu", section=section, tags=["a"])
    many = make_article("Beaucoup", section=section, tags=[f"t{i}" for i in range(30)])
    for i in range(6):
        make_article(f"Voisin {i}", section=section, tags=["a", "t1", "t2", f"t{i}"])
    for article in (few, many):
        article = Article.objects.prefetch_related("tags").get(pk=article.pk)
        with django_assert_num_queries(2):  # related articles, then all their bylines
            assert len(related_articles(article, limit=4)) == 4


def test_previous_and_next_in_the_section(client):
    ville = make_section("Ville")
    now = timezone.now()
    first = make_article("Premier", section=ville, published_at=now - timedelta(days=3))
    middle = make_article("Milieu", section=ville, published_at=now - timedelta(days=2))
    make_article("Ailleurs", published_at=now - timedelta(days=1))
    make_article("Brouillon", section=ville, status=Article.Status.DRAFT)
    last = make_article("Dernier", section=ville, published_at=now - timedelta(days=1))
    html, _ = page(client, middle)
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    html, _ = page(client, last)
    assert 'rel="next"' not in html.split('class="section-nav"')[1].split("</nav>")[0]


def test_related_articles_follow_each_publication_of_a_tagged_article():
    """A tagged draft joins its tags' related articles when it is published, leaves them when
    it is withdrawn or moved to a later date, and comes back when that date is past."""
    section = make_section()
    article = make_article("Sujet", section=section, tags=["vélo"])
    draft = make_article("Brouillon", section=make_section(), tags=["vélo"],
                         status=Article.Status.DRAFT)

    def related():
        return [a.title for a in related_articles(Article.objects.get(pk=article.pk))]

    assert related() == []
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(hours=2)
    draft.save()
    assert related() == ["Brouillon"]
    draft.published_at = timezone.now() + timedelta(days=1)
    draft.save()
    assert related() == []
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save(update_fields=["published_at"])
    assert related() == ["Brouillon"]
    draft.status = Article.Status.DRAFT
    draft.save(update_fields=["status"])
    assert related() == []


def test_an_old_article_gets_the_latest_of_a_big_tag(monkeypatch):
    """In a tag of thousands, the candidates are the tag's latest articles by publication date
    (not by creation), and among them the ones sharing the most tags come first."""
    from articles import related

    monkeypatch.setattr(related, "CANDIDATES_PER_TAG", 3)
    now = timezone.now()
    old = make_article("Ancien", tags=["ville", "vélo"], published_at=now - timedelta(days=900))
    # Created last, published first: older than the tag's three latest.
    for day in range(5, 0, -1):
        make_article(f"Ville {day}", tags=["ville"], published_at=now - timedelta(days=day))
    make_article("Ville et vélo", tags=["ville", "vélo"], published_at=now - timedelta(days=2, hours=12))
    make_article("Vieux ville et vélo", tags=["ville", "vélo"], published_at=now - timedelta(days=800))
    make_article("Ville ancienne", tags=["ville"], published_at=now - timedelta(days=700))

    found = [a.title for a in related_articles(Article.objects.get(pk=old.pk), limit=4)]
    # "Vieux ville et vélo" shares both tags and is the latest of "vélo": it is a candidate.
    assert found == ["Ville et vélo", "Vieux ville et vélo", "Ville 1", "Ville 2"]


def test_previous_and_next_at_the_same_minute_go_by_creation():
    section = make_section()
    at = timezone.now() - timedelta(days=1)
    first, second, third = (make_article(title, section=section, published_at=at)
                            for title in ("Un", "Deux", "Trois"))
    from articles.related import section_neighbours

    assert section_neighbours(Article.objects.get(pk=second.pk)) == (first, third)
    assert section_neighbours(Article.objects.get(pk=first.pk)) == (None, second)
    assert section_neighbours(Article.objects.get(pk=third.pk)) == (second, None)
