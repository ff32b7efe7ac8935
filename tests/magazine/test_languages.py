"""The same page in the other language: a visible switcher, hreflang alternates, the page's
language, and a favicon at the address every browser asks for."""

import re

import pytest
from django.conf import settings

from tests.conftest import make_article, text

pytestmark = pytest.mark.django_db


def alternates(page):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def switcher(page):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    return nav, dict((lang, href) for href, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav))


def test_article_names_its_french_and_english_versions(client):
    article = make_article("Le marché du samedi")
    path = article.get_absolute_url()
    page = text(client.get(path))
    assert alternates(page) == {
        "fr": settings.SITE_URL + path,
        "en": settings.SITE_URL + "/en" + path,
        "x-default": settings.SITE_URL + path,
    }
    assert '<html lang="fr">' in page


def test_switcher_leads_to_the_same_article_in_english_and_back(client):
    article = make_article("Le marché du samedi")
    path = article.get_absolute_url()
    nav, links = switcher(text(client.get(path)))
    assert links == {"fr": path, "en": "/en" + path}
    assert re.search(r'lang="fr" aria-current="true"', nav)
    english = client.get(links["en"])
    assert english.status_code == 200
    page = text(english)
    assert '<html lang="en">' in page
    nav, links = switcher(page)
    assert links["fr"] == path
    assert re.search(r'lang="en" aria-current="true"', nav)
    assert "English" in nav and "Français" in nav


@pytest.mark.parametrize("path", ["/", "/en/", "/recherche/?q=march%C3%A9"])
def test_every_reader_page_has_the_switcher(client, path):
    response = client.get(path)
    assert response.status_code == 200
    nav, links = switcher(text(response))
    assert set(links) == {"fr", "en"}


def test_favicon_ico_is_never_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
