"""Reader pages: one stylesheet and one script, no inline code, a sound outline, and author
contact addresses that never appear in a page."""

import re

import pytest
from django.test import Client

from authors.contact import REVEAL_LIMIT, scramble, unscramble

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

ADDRESS = "camille.durand@lemagazine.example"


@pytest.fixture
def article():
    section = make_section("Ville")
    camille = make_author("Camille Durand", email=ADDRESS, job_title="reporter",
                          short_bio="Camille couvre l'urbanisme.")
    lou = make_author("Lou Martin", email="lou@lemagazine.example")
    return make_article("Les toits deviennent des potagers", section=section, authors=[camille, lou],
                        body="<h2>Intertitre</h2><p>Texte.</p><table><thead><tr><th>A</th></tr></thead>"
                             "<tbody><tr><td>1</td></tr></tbody></table>",
                        tags=["urbanisme"])


def reader_pages(article):
    author = article.ordered_authors[0]
    return {
        "home": "/", "article": article.get_absolute_url(), "section": article.section.get_absolute_url(),
        "tag": "/mot-cle/urbanisme/", "author": author.get_absolute_url(), "newsroom": "/auteurs/",
        "contact": f"/auteurs/{author.slug}/contact/", "404": "/nulle-part/",
    }


def test_pages_load_one_stylesheet_and_one_deferred_script_and_no_inline_code(client, article):
    for name, url in reader_pages(article).items():
        html = client.get(url).content.decode()
        assert html.count('<link rel="stylesheet" href="/static/css/site.css">') == 1, name
        assert '<script src="/static/js/site.js" defer></script>' in html, name
        assert "<style" not in html and ' style="' not in html, name
        # No inline script (JSON-LD is data, never run: allowed by CSP, tested in test_seo.py).
        assert re.search(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', html) is None, name
        assert re.search(r"\son[a-z]+=", html) is None, name  # no inline event handler
        assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html, name
        assert '<main id="contenu"' in html, name


def test_section_menu_is_a_disclosure_that_needs_no_javascript(client, article):
    html = client.get(article.section.get_absolute_url()).content.decode()
    nav = html.split('<nav class="site-nav" aria-label="Rubriques">')[1].split("</nav>")[0]
    assert "<details" in nav and "<summary" in nav and "Rubriques" in nav
    assert '<a href="/rubrique/ville/" aria-current="page">Ville</a>' in nav


def test_headings_never_skip_a_level(client, article):
    for name, url in reader_pages(article).items():
        html = client.get(url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert levels and levels[0] == 1, name
        for previous, current in zip(levels, levels[1:]):
            assert current <= previous + 1, f"{name}: h{previous} then h{current}"


def test_byline_shows_author_photos_and_reading_time_on_the_article(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    header = html.split('<header class="article__header">')[1].split("</header>")[0]
    assert 'class="byline__photos"' in header and "1 min de lecture" in header
    assert html.count('class="bio-box"') == 2
    assert 'href="/auteurs/camille-durand/">Camille Durand</a>' in html


# --- Contact addresses ------------------------------------------------------------------------


def test_addresses_never_appear_in_article_or_author_pages(client, article):
    for name in ("article", "author", "newsroom", "home"):
        html = client.get(reader_pages(article)[name]).content.decode()
        assert ADDRESS not in html and "lou@lemagazine.example" not in html, name
        # The share-by-e-mail link (mailto:?subject=…) names no recipient.
        assert re.search(r"mailto:(?!\?)", html) is None and "&#64;" not in html and "%40" not in html, name
    html = client.get(article.get_absolute_url()).content.decode()
    links = re.findall(r'<a class="contact-link" href="([^"]+)" data-contact="([^"]+)">', html)
    assert [href for href, _ in links] == ["/auteurs/camille-durand/contact/", "/auteurs/lou-martin/contact/"]
    assert unscramble(links[0][1]) == ADDRESS  # what site.js turns into a mailto link
    assert "Écrire à Camille Durand" in html


def test_scrambling_round_trips_any_address():
    for address in [ADDRESS, "zoé.müller@exemple.fr", "a+b@x.io"]:
        token = scramble(address)
        assert address not in token and "@" not in token
        assert unscramble(token) == address


def test_contact_page_reveals_the_address_only_after_a_post(article):
    client = Client(enforce_csrf_checks=True)
    url = "/auteurs/camille-durand/contact/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and ADDRESS not in html and "mailto:" not in html
    assert "Afficher l'adresse e-mail" in html and not page.cookies  # the same page for all
    assert '<meta name="robots" content="noindex">' in html

    # From another site (a harvester's page): refused.
    assert client.post(url, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    revealed = client.post(url, HTTP_SEC_FETCH_SITE="same-origin")
    assert revealed.status_code == 200
    assert f'<a href="mailto:{ADDRESS}">{ADDRESS}</a>' in revealed.content.decode()
    assert revealed["Cache-Control"] == "private, no-store"


def test_contact_reveals_are_rate_limited_in_french(client, article):
    url = "/auteurs/camille-durand/contact/"
    for _ in range(REVEAL_LIMIT):
        assert client.post(url).status_code == 200
    refused = client.post(url)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Trop de demandes" in html and ADDRESS not in html


def test_no_contact_link_or_page_without_an_address(client):
    author = make_author("Sans Adresse", email="")
    make_article("Un article", authors=[author])
    assert "contact-link" not in client.get(author.get_absolute_url()).content.decode()
    assert client.get(f"/auteurs/{author.slug}/contact/").status_code == 404
    assert client.post(f"/auteurs/{author.slug}/contact/").status_code == 404


def test_machine_readable_dates_are_valid_html(client, article):
    """<time datetime> allows at most milliseconds: no microseconds from timezone.now()."""
    from datetime import timedelta

    from django.utils import timezone

    from comments.models import Comment

    # In the past whatever the clock's own microseconds: a future time would schedule it.
    article.published_at = (timezone.now() - timedelta(minutes=1)).replace(microsecond=123456)
    article.save()
    Comment.objects.create(article=article, name="Ana", email="ana@exemple.fr", body="Merci.",
                           status=Comment.Status.APPROVED)
    html = client.get(article.get_absolute_url()).content.decode()
    values = re.findall(r'<time[^>]* datetime="([^"]+)"', html)
    assert len(values) >= 2
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", value), value
