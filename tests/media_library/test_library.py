"""The media library: uploads checked and cleaned, pictures described and reused in bodies by
id, the reader's <figure><picture> derived at save, usage recorded and deletion refused while
used, a change of a picture redrawing every body and page that shows it."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.models import Article
from core.html import dropped_images, sanitize_html
from media_library.models import ImageUsage, LibraryImage
from media_library.richtext import clean_body, render_body

from ..conftest import clear_caches, make_article, stored_media
from ..core.test_images import SVG, halves, open_stored, phone_exif, picture_bytes, png_header_only
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist, messages_of, reload

pytestmark = pytest.mark.django_db

ADD_URL = "admin:media_library_libraryimage_add"
PICKER_URL = "admin:media_library_libraryimage_picker"
UPLOAD_URL = "admin:media_library_libraryimage_quick_upload"


def library_image(alt="Un marché couvert", caption="Le marché un samedi", credit="Photo Léa Martin",
                  data=None, name="marche.jpg", **fields):
    return LibraryImage.objects.create(
        file=ContentFile(data or picture_bytes((1600, 1000)), name=name), alt=alt, caption=caption,
        credit=credit, **fields)


def figure(image, width="text"):
    return f'<figure data-image-id="{image.pk}" data-width="{width}"></figure>'


def library_files(settings=None):
    """The library's stored files, on the disk or the object store."""
    return [name.rsplit("/", 1)[-1] for name in stored_media() if name.startswith("library/")]


def rendition_files(settings=None):
    return [name.rsplit("/", 1)[-1] for name in stored_media() if name.startswith("renditions/")]


@pytest.fixture
def journalist_client(client):
    client.force_login(make_journalist())
    return client


# --- Uploads -------------------------------------------------------------------------------------


def test_admin_upload_stores_a_clean_picture_with_its_renditions(journalist_client, settings, media_storage):
    response = journalist_client.post(reverse(ADD_URL), {
        "file": SimpleUploadedFile("IMG_0042.jpg", picture_bytes((1800, 1200), exif=phone_exif(1))),
        "alt": "Des étals de légumes", "caption": "Au marché", "credit": "Photo L. Martin",
        "focal_x": "0.5", "focal_y": "0.5",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = LibraryImage.objects.get()
    assert image.original_name == "IMG_0042.jpg"
    assert image.uploaded_by.username.startswith("journaliste") or image.uploaded_by is not None
    assert (image.width, image.height) == (1800, 1200)
    stored = open_stored(image.file.name)
    assert not stored.getexif()  # EXIF (and GPS) gone
    specs = image.renditions["specs"]
    assert [item["width"] for item in specs["body"]["jpeg"]] == [400, 800, 1200, 1600]
    assert {item["name"].rsplit(".", 1)[1] for item in specs["body"]["webp"]} == {"webp"}
    assert specs["body-full"]["width"] / specs["body-full"]["height"] == 2


BAD_UPLOADS = [
    pytest.param(SVG, "dessin.svg", "file", "n'est pas une image lisible", id="svg"),
    pytest.param(b"<html><body><script>alert(1)</script></body></html>", "page.jpg", "file",
                 "n'est pas une image lisible", id="html-as-jpg"),
    pytest.param(b"<?php system($_GET['c']); ?>", "shell.jpg", "file", "n'est pas une image lisible",
                 id="php-as-jpg"),
    pytest.param(png_header_only(50_000, 50_000), "immense.png", "file", "Image trop grande", id="50000x50000"),
    pytest.param(b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024), "lourde.jpg", "file", "Fichier trop lourd",
                 id="30-MB"),
    pytest.param(picture_bytes((900, 600)), "sans-alt.jpg", "alt", "texte alternatif est obligatoire",
                 id="no-alt"),
]


@pytest.mark.parametrize("data,name,field,message", BAD_UPLOADS)
def test_bad_uploads_in_the_library_admin_are_refused_in_french(journalist_client, settings,
                                                                 data, name, field, message):
    response = journalist_client.post(reverse(ADD_URL), {
        "file": SimpleUploadedFile(name, data), "alt": "" if field == "alt" else "Une image",
        "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5",
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not LibraryImage.objects.exists()
    assert library_files(settings) == [] and rendition_files(settings) == []


@pytest.mark.parametrize("data,name,field,message", BAD_UPLOADS)
def test_bad_uploads_on_the_spot_are_refused_in_french(journalist_client, settings, media_storage,
                                                       data, name, field, message):
    response = journalist_client.post(reverse(UPLOAD_URL), {
        "file": SimpleUploadedFile(name, data), "alt": "" if field == "alt" else "Une image",
    })
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not LibraryImage.objects.exists()
    assert library_files(settings) == [] and rendition_files(settings) == []


def test_upload_on_the_spot_lands_in_the_library(journalist_client, media_storage, settings):
    response = journalist_client.post(reverse(UPLOAD_URL), {
        "file": SimpleUploadedFile("quai.png", picture_bytes((1000, 700), fmt="PNG")),
        "alt": "Le quai au petit matin", "caption": "Quai Saint-Antoine", "credit": "DR",
    })
    assert response.status_code == 201
    described = response.json()["image"]
    image = LibraryImage.objects.get(pk=described["id"])
    assert image.alt == "Le quai au petit matin" and image.uploaded_by is not None
    assert described["thumb"].startswith(f"{settings.MEDIA_URL}renditions/") and described["caption"] == "Quai Saint-Antoine"


def test_picker_and_upload_need_a_newsroom_login(client):
    library_image()
    assert client.get(reverse(PICKER_URL)).status_code == 302  # to the login page
    response = client.post(reverse(UPLOAD_URL), {"alt": "x"})
    assert response.status_code == 302 and not LibraryImage.objects.filter(alt="x").exists()


def test_upload_on_the_spot_needs_the_add_permission(client):
    user = make_journalist()
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_libraryimage"))
    client.force_login(user)
    response = client.post(reverse(UPLOAD_URL), {
        "file": SimpleUploadedFile("a.jpg", picture_bytes((800, 600))), "alt": "Une image"})
    assert response.status_code == 403 and not LibraryImage.objects.exists()


# --- Search and filters ----------------------------------------------------------------------------


def test_search_by_alt_caption_credit_and_file_name(journalist_client):
    market = library_image(alt="Étals du marché", caption="Un samedi matin", credit="Léa Martin",
                           name="marche-samedi.jpg")
    bridge = library_image(alt="Le pont de pierre", caption="Sous la pluie", credit="Hugo Bernard",
                           name="pont.jpg")
    for words, expected in [("marché", [market]), ("pluie", [bridge]), ("Hugo", [bridge]),
                            ("samedi Martin", [market]), ("pont.jpg", [bridge]), ("rien", [])]:
        found = journalist_client.get(reverse(PICKER_URL), {"q": words}).json()["results"]
        assert [item["id"] for item in found] == [image.pk for image in expected], words
        page = journalist_client.get(reverse("admin:media_library_libraryimage_changelist"), {"q": words})
        assert [image.pk for image in page.context["cl"].result_list] == [image.pk for image in expected]


def test_filter_by_uploader_and_date(client):
    first, second = make_journalist(), make_editor()
    mine = library_image(alt="La mienne", uploaded_by=first)
    theirs = library_image(alt="La sienne", uploaded_by=second)
    LibraryImage.objects.filter(pk=theirs.pk).update(created_at="2020-03-04T10:00:00+00:00")
    client.force_login(second)
    url = reverse("admin:media_library_libraryimage_changelist")
    page = client.get(url, {"uploaded_by__id__exact": first.pk})
    assert [image.pk for image in page.context["cl"].result_list] == [mine.pk]
    page = client.get(url, {"created_at__year": "2020"})
    assert [image.pk for image in page.context["cl"].result_list] == [theirs.pk]


# --- Focal point -----------------------------------------------------------------------------------


def test_focal_point_set_in_the_admin_recrops_the_renditions(journalist_client, settings, media_storage):
    image = library_image(data=halves((2400, 800)), name="moitie.png")  # left red, right blue
    before = image.renditions["specs"]["body-full"]["jpeg"][0]["name"]
    page = journalist_client.get(reverse("admin:media_library_libraryimage_change", args=[image.pk]))
    assert b'class="focal-picker"' in page.content and b"focal-point.js" in page.content
    response = journalist_client.post(
        reverse("admin:media_library_libraryimage_change", args=[image.pk]),
        {"alt": image.alt, "caption": image.caption, "credit": image.credit,
         "focal_x": "0.9", "focal_y": "0.5"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.9, 0.5)
    # The full-width band (2:1) and the card (3:2) of a 3:1 picture moved right; the card is
    # now all on the blue right half.
    assert image.renditions["specs"]["body-full"]["jpeg"][0]["name"] != before
    card = image.renditions["specs"]["card"]["jpeg"][0]["name"]
    red, green, blue = open_stored(card).convert("RGB").getpixel((5, 5))
    assert blue > 150 and red < 100
    # The uncropped body picture kept its shape.
    assert image.renditions["focal"] == [0.9, 0.5]
    assert (image.renditions["specs"]["body"]["width"], image.renditions["specs"]["body"]["height"]) == (1600, 533)


def test_article_cover_focal_point_is_set_in_the_article_form(client, settings):
    editor = make_editor()
    client.force_login(editor)
    article = make_article(cover_image=ContentFile(halves((2400, 800)), name="une.png"),
                           cover_alt="Deux couleurs")
    page = client.get(change_url(article))
    assert b'class="focal-picker"' in page.content and b'id="id_focal_x"' in page.content
    card_before = reload(article).cover_renditions["specs"]["card"]["jpeg"][0]["name"]
    response = client.post(change_url(article), form_data(article, focal_x="0.95", focal_y="0.5"))
    assert response.status_code == 302
    article = reload(article)
    assert (article.focal_x, article.focal_y) == (0.95, 0.5)
    card = article.cover_renditions["specs"]["card"]["jpeg"][0]["name"]
    assert card != card_before
    red, green, blue = open_stored(card).convert("RGB").getpixel((5, 5))
    assert blue > 150 and red < 100


# --- Bodies ----------------------------------------------------------------------------------------


def test_a_body_stores_the_picture_by_id_and_readers_get_a_responsive_figure():
    image = library_image()
    article = make_article(body=f"<p>Avant.</p>{figure(image, 'wide')}<p>Après.</p>")
    article = reload(article)
    stored = re.search(r"<figure[^>]*>", article.body).group()
    assert stored == f'<figure data-image-id="{image.pk}" data-width="wide">'
    assert "<picture>" not in article.body  # the stored text names the picture, no more
    html = article.body_html
    assert '<figure class="body-figure body-figure--wide">' in html
    assert '<source type="image/webp" srcset="' in html and 'sizes="(min-width: 64rem) 60rem, 100vw"' in html
    assert 'width="1600" height="1000"' in html and 'loading="lazy"' in html
    assert 'alt="Un marché couvert"' in html
    assert "Le marché un samedi" in html and '<span class="credit">Photo Léa Martin</span>' in html
    assert list(image.usages.values_list("object_id", flat=True)) == [article.pk]


def test_editor_figure_round_trip_keeps_id_and_width_and_refreshes_the_rest():
    image = library_image()
    from_editor = (f'<figure data-image-id="{image.pk}" data-width="full"><img src="/media/old.jpg" '
                   'alt="ancien"><figcaption>Ancienne légende</figcaption></figure>')
    stored = clean_body(from_editor)
    assert stored.startswith(f'<figure data-image-id="{image.pk}" data-width="full"><img src="{image.thumbnail_url}"')
    assert "Le marché un samedi — Photo Léa Martin" in stored and "Ancienne" not in stored
    assert clean_body(stored) == stored
    rendered = render_body(stored)
    assert rendered.image_ids == [image.pk] and "body-figure--full" in rendered.html
    assert "-body-full-" in rendered.html  # the 2:1 band, centred on the focal point


def test_a_figure_naming_a_missing_picture_is_dropped():
    assert clean_body('<p>Texte</p><figure data-image-id="999999" data-width="text"></figure>') == "<p>Texte</p>"


def test_new_renditions_change_the_reader_html_without_touching_the_body(settings):
    image = library_image()
    article = make_article(body=figure(image))
    article = reload(article)
    body, html, version = article.body, article.body_html, article.version
    image.focal_x = 0.1
    image.save()
    image.refresh_renditions(force=True)
    image.save()
    article = reload(article)
    assert article.body == body and article.version == version
    assert article.body_html != html
    assert image.renditions["specs"]["body"]["jpeg"][0]["name"].rsplit("/", 1)[1] in article.body_html


@pytest.mark.parametrize("change", [{"alt": "Nouvelle description"}, {"caption": "Nouvelle légende"},
                                    {"credit": "Photo Nouveau Crédit"}])
def test_changing_a_picture_redraws_every_page_that_shows_it(client, change):
    image = library_image()
    first = make_article(body=f"<p>Un.</p>{figure(image)}")
    second = make_article(body=f"<p>Deux.</p>{figure(image, 'wide')}")
    other = make_article(body="<p>Sans image.</p>")
    other_html = reload(other).body_html
    for article in (first, second):
        client.get(article.get_absolute_url())  # now in the page cache
    for name, value in change.items():
        setattr(image, name, value)
    image.save()
    value = next(iter(change.values()))
    for article in (first, second):
        assert value in reload(article).body_html
        assert value in client.get(article.get_absolute_url()).content.decode()
    assert reload(other).body_html == other_html


def test_foreign_pictures_are_dropped_and_the_admin_says_so(client):
    client.force_login(make_editor())
    article = make_article()
    body = ('<p>Voir :</p><p><img src="https://ailleurs.example/photo.jpg" alt="x"></p>'
            '<picture><source srcset="https://cdn.example/a.webp"><img src="https://cdn.example/a.jpg"></picture>')
    assert dropped_images(body) == 2
    assert "<img" not in sanitize_html(body) and "ailleurs" not in sanitize_html(body)
    response = client.post(change_url(article), form_data(article, body=body), follow=True)
    assert "ailleurs" not in reload(article).body and "<img" not in reload(article).body
    assert any("2 images venues d'un autre site ont été retirées" in m for m in messages_of(response))


def test_a_local_looking_image_outside_a_library_figure_is_dropped_too():
    assert sanitize_html('<p>Texte<img src="/media/renditions/a.jpg" alt="a"></p>') == "<p>Texte</p>"
    assert sanitize_html('<figure><img src="/media/renditions/a.jpg"></figure>') == "<figure></figure>"


# --- Usage and deletion ------------------------------------------------------------------------------


def test_usage_follows_the_body_and_a_used_picture_cannot_be_deleted(client):
    client.force_login(make_editor())
    image, spare = library_image(), library_image(alt="Une autre")
    article = make_article(title="Le marché renaît", body=figure(image) + figure(spare))
    assert set(ImageUsage.objects.values_list("image_id", flat=True)) == {image.pk, spare.pk}
    change = client.get(reverse("admin:media_library_libraryimage_change", args=[image.pk]))
    assert "Le marché renaît" in change.content.decode()

    delete_url = reverse("admin:media_library_libraryimage_delete", args=[image.pk])
    page = client.get(delete_url).content.decode()
    assert "Le marché renaît" in page and "protégés" in page
    client.post(delete_url, {"post": "yes"})
    assert LibraryImage.objects.filter(pk=image.pk).exists()

    article.body = figure(spare)
    article.save()
    assert list(ImageUsage.objects.values_list("image_id", flat=True)) == [spare.pk]
    client.post(delete_url, {"post": "yes"})
    assert not LibraryImage.objects.filter(pk=image.pk).exists()

    article.delete()  # its usages go with it
    assert not ImageUsage.objects.exists()
    spare.delete()


# --- Query budget --------------------------------------------------------------------------------------


def test_ten_body_pictures_cost_no_query_when_the_page_renders(client):
    plain = make_article(body="<p>Un texte.</p>" * 10)
    illustrated = make_article(body="".join(f"<p>Texte {i}.</p>{figure(library_image())}" for i in range(10)))
    assert reload(illustrated).body_html.count("<picture>") == 10
    for article in (plain, illustrated):
        client.get(article.get_absolute_url())
    counts = []
    for article in (plain, illustrated):
        clear_caches(keep_counters=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_rendering_ten_pictures_at_save_reads_the_library_once(django_assert_num_queries):
    images = [library_image() for _ in range(10)]
    body = clean_body("".join(figure(image) for image in images))
    with django_assert_num_queries(1):
        rendered = render_body(body)
    assert rendered.image_ids == [image.pk for image in images]


# --- A pasted picture brought into the library on request --------------------------------------------


def test_a_pasted_picture_is_copied_into_the_library_when_asked(journalist_client, monkeypatch):
    from core import safe_fetch

    asked = []

    def fake_fetch(url, **limits):
        asked.append((url, limits["max_bytes"]))
        return picture_bytes((1200, 800))

    monkeypatch.setattr(safe_fetch, "fetch", fake_fetch)
    response = journalist_client.post(reverse(UPLOAD_URL), {
        "url": "https://ailleurs.example/photos/pont%20neuf.jpg", "alt": "Le pont Neuf"})
    assert response.status_code == 201
    image = LibraryImage.objects.get()
    assert image.original_name == "pont neuf.jpg" and image.file.url.startswith("/media/library/")
    assert asked == [("https://ailleurs.example/photos/pont%20neuf.jpg", 15 * 1024 * 1024)]


@pytest.mark.parametrize("answer, message", [
    ("interne.example désigne une adresse non publique", "Image non reprise : interne.example désigne"),
    (b"<html>pas une image</html>", "n'est pas une image lisible"),
])
def test_a_refused_address_or_answer_stores_nothing(journalist_client, monkeypatch, settings, answer, message):
    from core import safe_fetch

    def fake_fetch(url, **limits):
        if isinstance(answer, str):
            raise safe_fetch.FetchRefused(answer)
        return answer

    monkeypatch.setattr(safe_fetch, "fetch", fake_fetch)
    response = journalist_client.post(reverse(UPLOAD_URL), {"url": "https://interne.example/a.jpg",
                                                            "alt": "Une image"})
    assert response.status_code == 400
    said = " ".join(error for errors in response.json()["errors"].values() for error in errors)
    assert message in re.sub("[\u00a0\u202f]", " ", said)
    assert not LibraryImage.objects.exists() and library_files(settings) == []


def test_captions_do_not_count_as_words_of_the_text():
    image = library_image(caption="Une légende de huit mots tout à fait")
    article = make_article(body=f"<p>Trois petits mots.</p>{figure(image)}")
    assert reload(article).word_count == 3


def test_full_text_feeds_carry_body_pictures_at_absolute_addresses(client):
    """A feed is read elsewhere: its pictures and links must not depend on our address."""
    image = library_image()
    make_article("Au marché", body=figure(image) + '<p><a href="/rubrique/ville/">Ville</a></p>')
    from xml.etree import ElementTree

    feed = ElementTree.fromstring(client.get("/flux/rss/?complet=1").content)
    body = feed.find("channel/item/description").text
    assert 'src="http://testserver/media/' in body and 'srcset="http://testserver/media/' in body
    assert 'href="http://testserver/rubrique/ville/"' in body
    assert ' src="/' not in body and ' href="/' not in body and ", /media/" not in body
