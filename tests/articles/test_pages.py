"""Every reader page answers, in French, with the content a reader expects."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

BODY = ("<h2>Un intertitre</h2><p>Premier paragraphe.</p><ul><li>Point un</li><li>Point deux</li></ul>"
        "<table><thead><tr><th>Quartier</th><th>Jardins</th></tr></thead>"
        "<tbody><tr><td>Croix-Rousse</td><td>14</td></tr></tbody></table>")


@pytest.fixture
def article():
    section = make_section("Ville")
    camille = make_author("Camille Durand", short_bio="Camille couvre l'urbanisme depuis dix ans.",
                          job_title="reporter")
    lou = make_author("Lou Martin", short_bio="Lou écrit sur les sciences.")
    return make_article(
        "Les toits deviennent des potagers", section=section, authors=[camille, lou],
        standfirst="À Lyon, les toits se couvrent de légumes.", body=BODY,
        tags=["urbanisme", "Écologie"],
        published_at=datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("Europe/Paris")),
    )


def test_home_lists_latest_articles_and_section_blocks(client, article):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Les toits deviennent des potagers" in html
    assert 'href="/rubrique/ville/"' in html  # section menu


def test_article_page_shows_everything_a_reader_expects(client, article):
    response = client.get("/articles/les-toits-deviennent-des-potagers/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"article__title\">Les toits deviennent des potagers</h1>" in html
    assert "À Lyon, les toits se couvrent de légumes." in html
    assert '<h2 id="un-intertitre">Un intertitre</h2>' in html
    assert "<table>" in html and "<td>Croix-Rousse</td>" in html
    assert "<li>Point un</li>" in html
    # Byline in order, each author linked; French date.
    assert html.index('href="/auteurs/camille-durand/"') < html.index('href="/auteurs/lou-martin/"')
    assert "28 novembre 2026" in html
    # Tags and one bio box per author.
    assert 'href="/mot-cle/urbanisme/"' in html and 'href="/mot-cle/ecologie/"' in html
    assert html.count('class="bio-box"') == 2
    assert "Camille couvre l’urbanisme depuis dix ans." in html  # French apostrophe (|typo)
    assert "1 min de lecture" in html


def test_section_tag_and_author_pages_list_published_articles(client, article):
    for url in ["/rubrique/ville/", "/mot-cle/urbanisme/", "/auteurs/camille-durand/", "/auteurs/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Les toits deviennent des potagers" in response.content.decode() or url == "/auteurs/"
    assert "Camille Durand" in client.get("/auteurs/").content.decode()


def test_unknown_subjects_answer_a_french_404(client):
    for url in ["/articles/inexistant/", "/rubrique/inexistante/", "/mot-cle/rien/", "/auteurs/personne/",
                "/nulle-part/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in response.content.decode()


@override_settings(ARTICLES_PER_PAGE=2)
def test_pagination_in_french_and_bogus_pages_are_404(client):
    section = make_section("Culture")
    for i in range(5):
        make_article(f"Culture {i}", section=section)
    first = client.get("/rubrique/culture/").content.decode()
    assert "Page 1 sur 3" in first and "Page suivante" in first
    last = client.get("/rubrique/culture/?page=3").content.decode()
    assert "Page précédente" in last and "Culture 0" in last
    for bogus in ["-1", "0", "99999999999", "abc", "1e3"]:
        assert client.get(f"/rubrique/culture/?page={bogus}").status_code == 404


def test_english_interface_lives_under_en(client, article):
    response = client.get("/en/articles/les-toits-deviennent-des-potagers/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_admin_speaks_french(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Nom d’utilisateur" in response.content.decode() or "Nom d'utilisateur" in response.content.decode()


def test_a_pinned_article_leads_the_home_page_until_unpinned(client, settings):
    """« À la une »: the newest pinned article leads, however old; unpinning brings the newest
    back at once (the page cache follows)."""
    from datetime import timedelta

    from django.utils import timezone

    old = make_article("Le dossier de la semaine", published_at=timezone.now() - timedelta(days=30))
    for n in range(8):
        make_article(f"Brève {n}", published_at=timezone.now() - timedelta(hours=n + 1))

    def lead():
        html = client.get("/").content.decode()
        return html[html.index('id="a-la-une"'):].split("</h3>")[0]

    assert "Brève 0" in lead()
    old.featured = True
    old.save()
    assert "Le dossier de la semaine" in lead()
    old.featured = False
    old.save()
    assert "Brève 0" in lead() and "Le dossier de la semaine" not in lead()
