"""Pages (« À propos », « Mentions légales »…): their addresses, who sees them, the footer and
the sitemap, through the page cache as readers get them."""

from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from pages.models import Page

from ..conftest import make_article, text
from ..newsroom_helpers import make_editor

pytestmark = pytest.mark.django_db


def make_page(title, slug=None, parent=None, status=Page.Status.PUBLISHED, **fields):
    fields.setdefault("body", f"<p>Texte de la page {title}.</p>")
    page = Page(title=title, slug=slug or "", parent=parent, status=status, **fields)
    page.full_clean()
    page.save()
    return page


def footer(response):
    content = text(response)
    return content[content.index('<footer class="site-footer">'):content.index("</footer>")]


# -- Addresses ----------------------------------------------------------------------------


def test_a_page_lives_at_the_root_or_under_its_parent(client):
    about = make_page("À propos")
    team = make_page("L'équipe", parent=about)
    assert about.get_absolute_url() == "/a-propos/"
    assert team.get_absolute_url() == "/a-propos/lequipe/"
    response = client.get("/a-propos/lequipe/")
    assert response.status_code == 200
    assert "Texte de la page L’équipe." in text(response)
    assert "<h1>L’équipe</h1>" in response.content.decode()  # typeset title
    assert client.get("/lequipe/").status_code == 404
    assert client.get("/a-propos/inconnue/").status_code == 404


def test_a_renamed_parent_moves_its_subpages(client):
    about = make_page("À propos")
    team = make_page("Équipe", parent=about)
    about.slug = "qui-sommes-nous"
    about.full_clean()
    about.save()
    team.refresh_from_db()
    assert team.get_absolute_url() == "/qui-sommes-nous/equipe/"
    assert client.get("/qui-sommes-nous/equipe/").status_code == 200
    # The old addresses lead to the new ones (redirects app, REDIRECT_TRACKED_MODELS).
    for old, new in (("/a-propos/equipe/", "/qui-sommes-nous/equipe/"),
                     ("/a-propos/", "/qui-sommes-nous/")):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"].endswith(new), old


@pytest.mark.parametrize("slug", ["articles", "auteurs", "recherche", "rubrique", "mot-cle",
                                  "admin", "en", "static", "media", "sitemap", "flux", "apercu"])
def test_a_slug_the_site_answers_at_its_root_is_refused_in_french(slug):
    with pytest.raises(ValidationError) as refused:
        make_page("Une page", slug=slug)
    assert "adresse réservée du site" in " ".join(refused.value.message_dict["slug"])
    # Under a parent, the same slug is just a subpage's address.
    assert make_page("Une sous-page", slug=slug, parent=make_page("Aide")).get_absolute_url() \
        == f"/aide/{slug}/"


def test_media_stays_reserved_when_uploads_live_on_an_object_store(settings):
    from pages.models import reserved_slugs

    settings.MEDIA_URL = "https://magazine.s3.fr-par.scw.cloud/media/"
    assert "media" in reserved_slugs()
    with pytest.raises(ValidationError):
        make_page("Une page", slug="media")


def test_reserved_addresses_come_from_the_sites_own_urls():
    from pages.models import reserved_slugs

    # Other apps' addresses, found in the URLconf (ratings, comments, previews, the language).
    assert {"les-mieux-notes", "avis", "apercu", "confidentialite", "en"} <= reserved_slugs()
    assert "a-propos" not in reserved_slugs() and "mentions-legales" not in reserved_slugs()


def test_slugs_are_unique_among_siblings_only():
    help_page, shop = make_page("Aide"), make_page("Boutique")
    make_page("Contact", parent=help_page)
    with pytest.raises(ValidationError) as refused:
        make_page("Nous contacter", slug="contact", parent=help_page)
    assert "/aide/contact/" in " ".join(refused.value.message_dict["slug"])
    assert make_page("Contact", parent=shop).get_absolute_url() == "/boutique/contact/"
    assert make_page("Contact").get_absolute_url() == "/contact/"


def test_a_page_cannot_be_placed_under_itself_or_its_subpages():
    top = make_page("Haut")
    middle = make_page("Milieu", parent=top)
    bottom = make_page("Bas", parent=middle)
    for parent in (top, bottom):
        top.parent = parent
        with pytest.raises(ValidationError) as refused:
            top.full_clean()
        assert "sous elle-même" in " ".join(refused.value.message_dict["parent"])
    top.parent = bottom
    with pytest.raises(ValidationError):
        top.save()  # the model refuses it too, whoever saves
    assert Page.objects.get(pk=top.pk).parent_id is None


# -- Who sees what ----------------------------------------------------------------------------


def test_a_draft_is_a_404_for_readers_and_staff_preview_it_in_the_admin():
    draft = make_page("Brouillon de page", status=Page.Status.DRAFT)
    assert Client().get("/brouillon-de-page/").status_code == 404
    editor = Client()
    editor.force_login(make_editor())
    assert editor.get("/brouillon-de-page/").status_code == 404  # one rule for the address
    preview = editor.get(f"/admin/pages/page/{draft.pk}/apercu/")
    assert preview.status_code == 200
    assert "Texte de la page Brouillon de page." in text(preview)
    assert "Les lecteurs ne voient pas encore cette page." in text(preview)
    assert "no-store" in preview["Cache-Control"] and "noindex" in preview["X-Robots-Tag"]
    # Not for a journalist, nor a reader.
    from ..newsroom_helpers import make_journalist

    journalist = Client()
    journalist.force_login(make_journalist())
    assert journalist.get(f"/admin/pages/page/{draft.pk}/apercu/").status_code == 403
    assert Client().get(f"/admin/pages/page/{draft.pk}/apercu/").status_code == 302  # login


def test_a_page_is_served_from_the_cache_and_an_edit_shows_at_once():
    page = make_page("À propos", body="<p>Première version.</p>")
    first = Client().get("/a-propos/")
    assert first["X-Page-Cache"] == "miss"
    assert Client().get("/a-propos/")["X-Page-Cache"] == "hit"
    page.body = "<p>Seconde version.</p>"
    page.save()
    again = Client().get("/a-propos/")
    assert "Seconde version." in text(again) and "Première version." not in text(again)
    page.status = Page.Status.DRAFT
    page.save()
    assert Client().get("/a-propos/").status_code == 404


def test_a_page_under_en_keeps_its_text_and_its_canonical_french_address(client):
    make_page("À propos", footer_position=1, seo_description="Qui nous sommes.")
    response = client.get("/en/a-propos/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Texte de la page À propos." in text(response)
    assert '<link rel="canonical" href="http://testserver/a-propos/">' in page
    assert '<meta name="description" content="Qui nous sommes.">' in page
    assert 'href="/en/a-propos/"' in footer(response)


def test_an_unknown_address_stays_a_404(client):
    make_article("Un article")
    assert client.get("/nulle-part/").status_code == 404
    assert client.get("/en/nulle-part/").status_code == 404


# -- The footer -------------------------------------------------------------------------------


def test_the_footer_lists_its_pages_in_order_and_follows_edits_at_once():
    article = make_article("Un article")
    make_page("Mentions légales", footer_position=2)
    about = make_page("À propos", footer_position=1)
    make_page("Pas dans le pied", footer_position=None)
    make_page("Brouillon", footer_position=0, status=Page.Status.DRAFT)
    url = article.get_absolute_url()
    first = footer(Client().get(url))
    assert first.index('href="/a-propos/"') < first.index('href="/mentions-legales/"')
    assert "Pas dans le pied" not in first and "Brouillon" not in first
    assert "La rédaction" in first and "Confidentialité" in first  # the fixed links stay
    assert Client().get(url)["X-Page-Cache"] == "hit"

    about.title = "Qui sommes-nous"
    about.footer_position = 3
    about.save()
    second = Client().get(url)
    assert second["X-Page-Cache"] == "miss"
    links = footer(second)
    assert "À propos" not in links
    assert links.index('href="/mentions-legales/"') < links.index(">Qui sommes-nous</a>")

    about.footer_position = None
    about.save()
    assert "Qui sommes-nous" not in footer(Client().get("/"))


def test_editing_a_pages_text_leaves_the_other_pages_cached():
    article = make_article("Un article")
    page = make_page("À propos", footer_position=1)
    Client().get(article.get_absolute_url())
    page.body = "<p>Nouveau texte.</p>"
    page.save()
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"


# -- Sitemap ------------------------------------------------------------------------------


def test_the_sitemap_lists_published_pages(client):
    about = make_page("À propos")
    make_page("Équipe", parent=about)
    make_page("Brouillon", status=Page.Status.DRAFT)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert "http://testserver/sitemap-pages.xml" in [loc.text for loc in index.iterfind(".//s:loc", ns)]
    tree = ElementTree.fromstring(client.get("/sitemap-pages.xml").content)
    assert [loc.text for loc in tree.iterfind(".//s:loc", ns)] == [
        "http://testserver/a-propos/", "http://testserver/a-propos/equipe/"]
    assert all(node.text for node in tree.iterfind(".//s:lastmod", ns))
    make_page("Contact")
    tree = ElementTree.fromstring(client.get("/sitemap-pages.xml").content)
    assert "http://testserver/contact/" in [loc.text for loc in tree.iterfind(".//s:loc", ns)]


# -- Query budget -------------------------------------------------------------------------------


def test_a_page_view_reads_a_few_queries(settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    about = make_page("À propos", footer_position=1)
    for n in range(5):
        make_page(f"Sous-page {n}", parent=about, footer_position=n + 2)
    Client().get("/a-propos/")  # warm-up: the counters of what it shows
    from ..conftest import clear_caches

    clear_caches(keep_counters=True)
    # The page, the menu, the footer's pages.
    with django_assert_max_num_queries(3):
        response = Client().get("/a-propos/sous-page-4/")
    assert response.status_code == 200
    assert footer(response).count('href="/a-propos/sous-page-') == 5


def test_a_superuser_sees_the_pages_admin(client):
    superuser = User.objects.create_superuser("chef", "chef@example.org")
    client.force_login(superuser)
    make_page("À propos")
    response = client.get("/admin/pages/page/")
    assert response.status_code == 200
    assert "/a-propos/" in text(response)


# -- Pictures of the library ---------------------------------------------------------------------


def test_a_pages_body_shows_library_pictures_and_records_where_they_are_used(client):
    from media_library.models import ImageUsage

    from ..media_library.test_library import figure, library_image

    image = library_image(alt="La salle de rédaction")
    page = make_page("À propos", body=f"<p>Chez nous.</p>{figure(image, 'wide')}")
    assert '<figure' in page.body_html and 'alt="La salle de rédaction"' in page.body_html
    assert [usage.content_object for usage in ImageUsage.objects.filter(image=image)] == [page]
    assert 'alt="La salle de rédaction"' in client.get("/a-propos/").content.decode()
    # A new description of the picture redraws the page that shows it.
    image.alt = "La rédaction au travail"
    image.save()
    assert 'alt="La rédaction au travail"' in client.get("/a-propos/").content.decode()
    page.body = "<p>Sans image.</p>"
    page.save()
    assert not ImageUsage.objects.filter(image=image).exists()


def test_a_video_in_a_page_plays_on_click_like_in_an_article(client):
    """The player script comes with a page whose body has a video, and only then."""
    from pages.models import Page

    with_video = Page.objects.create(title="Notre chaîne", slug="notre-chaine",
                                     status=Page.Status.PUBLISHED,
                                     body="<p>https://www.youtube.com/watch?v=aqz-KE-bpKQ</p>")
    plain = Page.objects.create(title="Contact", slug="contact", status=Page.Status.PUBLISHED,
                                body="<p>Écrivez-nous.</p>")
    html = client.get(with_video.get_absolute_url()).content.decode()
    assert "data-embed=" in html and "/js/embeds.js" in html
    assert "youtube-nocookie" not in html
    assert "/js/embeds.js" not in client.get(plain.get_absolute_url()).content.decode()
