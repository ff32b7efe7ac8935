"""Hostile files sent through the admin's own forms (article cover, author portrait): refused
with a French message next to the field, nothing stored (no file in MEDIA_ROOT, no change to
the row); files that are real pictures with something hidden inside are stored re-encoded, the
hidden part gone. A save that fails after the files were written takes them back."""

import gzip
import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from articles.models import Article
from authors.models import Author

from ..conftest import make_article, make_author
from ..newsroom_helpers import change_url, form_data, make_editor, reload
from ..core.test_images import picture_bytes, png_header_only, stored_files

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(1)</script>"


def png_with_chunk(size, kind, data):
    """A real PNG with an extra chunk (text, or anything) before IEND."""
    raw = picture_bytes(size, fmt="PNG")
    chunk = struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return raw[:-12] + chunk + raw[-12:]


def gif_js_polyglot():
    """GIF89a header that is also valid JavaScript (the classic polyglot)."""
    return b"GIF89a/*\x00\x00\x00\x00*/=1;alert(1);/*" + b"\x00" * 64 + b"*/"


REFUSED = {
    "texte.jpg": (b"Bonjour, je ne suis pas une image.", "n'est pas une image lisible"),
    "vide.jpg": (b"", "Le fichier soumis est vide"),
    "page.png": (b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>", "n'est pas une image lisible"),
    "dessin.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" width="1300" height="700" onload="alert(1)">'
                   + SCRIPT + b"</svg>", "n'est pas une image lisible"),
    "dessin.jpg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "n'est pas une image lisible"),
    "polyglotte.gif": (gif_js_polyglot(), "n'est pas une image lisible"),
    "anim.gif": (picture_bytes((1300, 700), fmt="GIF"), "Format GIF refusé"),
    "photo.bmp": (picture_bytes((1300, 700), fmt="BMP"), "Format BMP refusé"),
    "photo.tiff": (picture_bytes((1300, 700), fmt="TIFF"), "Format TIFF refusé"),
    "script.php.jpg": (b"\xff\xd8\xff\xe0<?php system($_GET['c']); ?>", "n'est pas une image lisible"),
    "document.pdf": (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF", "n'est pas une image lisible"),
    "archive.zip": (b"PK\x03\x04" + b"\x00" * 100, "n'est pas une image lisible"),
    "programme.jpg": (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "n'est pas une image lisible"),
    "photo.jpg.gz": (gzip.compress(picture_bytes((1300, 700))), "n'est pas une image lisible"),
    "coupee.jpg": (picture_bytes((1300, 700))[:2000], "n'est pas une image lisible"),
    "coupee.png": (picture_bytes((1300, 700), fmt="PNG")[:-40], "n'est pas une image lisible"),
    "bombe.png": (png_header_only(30_000, 30_000), "Image trop grande"),
    "bombe-moyenne.png": (png_header_only(7_000, 7_000), "Image trop grande"),
    "bandeau.png": (png_header_only(100_000, 700), "Image trop grande"),
    "fil.png": (png_header_only(1, 2_000_000), "Image trop petite\u00a0: 1 × 2000000 pixels"),
    "bombe-zlib.png": (png_with_chunk((1300, 700), b"zTXt", b"k\x00\x00" + zlib.compress(b"A" * 50_000_000)),
                       None),  # a zip bomb in a text chunk: refused or stored without it
}


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def post_cover(client, article, name, data):
    return client.post(change_url(article), {
        **form_data(article, cover_alt="Une photo"),
        "cover_image": SimpleUploadedFile(name, data, content_type="image/jpeg"),
    })


def field_errors(response, field):
    return " ".join(response.context["adminform"].form.errors.get(field, []))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_cover_is_refused_in_french_and_nothing_is_stored(editor_client, settings, name):
    data, message = REFUSED[name]
    article = make_article("Avant", status=Article.Status.DRAFT)
    before = reload(article)
    response = post_cover(editor_client, article, name, data)
    if message is None and response.status_code == 302:
        stored = reload(article)
        with stored.cover_image.open("rb") as handle:
            assert b"AAAA" not in handle.read()  # stored re-encoded, the chunk gone
        return
    assert response.status_code == 200, response.status_code
    if message:
        assert message in field_errors(response, "cover_image")
    assert "Corrigez" in response.content.decode() or "erreur" in response.content.decode()
    assert stored_files(settings) == []
    after = reload(article)
    assert (after.cover_image.name, after.version, after.title) == (before.cover_image.name or "", before.version, "Avant")


@pytest.mark.parametrize("name", ["texte.jpg", "dessin.svg", "polyglotte.gif", "bombe.png", "coupee.jpg"])
def test_hostile_portrait_is_refused_in_french_and_nothing_is_stored(editor_client, settings, name):
    data, message = REFUSED[name]
    author = make_author("Ana Lys")
    response = editor_client.post(reverse("admin:authors_author_change", args=[author.pk]), {
        "name": "Ana Lys modifiée", "slug": author.slug, "job_title": "", "user": "", "short_bio": "Bio.",
        "long_bio": "", "background": "", "years_of_experience": "", "email": "", "website": "",
        "mastodon": "", "bluesky": "", "linkedin": "",
        "portrait": SimpleUploadedFile(name, data, content_type="image/png"),
    })
    assert response.status_code == 200
    assert message in field_errors(response, "portrait")
    assert stored_files(settings) == []
    assert Author.objects.get(pk=author.pk).name == "Ana Lys"


def test_a_new_article_with_a_hostile_cover_leaves_no_row(editor_client, settings):
    from ..newsroom_helpers import add_url

    data = form_data(title="Nouvel article", standfirst="Chapô.", cover_alt="Une photo")
    data["cover_image"] = SimpleUploadedFile("x.svg", REFUSED["dessin.svg"][0], content_type="image/svg+xml")
    response = editor_client.post(add_url(), data)
    assert response.status_code == 200
    assert "n'est pas une image lisible" in field_errors(response, "cover_image")
    assert not Article.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize("hidden", [
    ("jpeg-trailer", picture_bytes((1300, 700)) + b"<html>" + SCRIPT + b"</html>"),
    ("jpeg-comment", None),
    ("png-text", png_with_chunk((1300, 700), b"tEXt", b"Comment\x00" + SCRIPT)),
    ("png-after-iend", picture_bytes((1300, 700), fmt="PNG") + SCRIPT),
], ids=lambda h: h[0])
def test_a_real_picture_hiding_a_script_is_stored_without_it(editor_client, settings, hidden):
    label, data = hidden
    if data is None:  # a JPEG whose COM segment carries HTML
        image = Image.new("RGB", (1300, 700), (200, 200, 200))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", comment=b"<html>" + SCRIPT)
        data = buffer.getvalue()
    article = make_article(status=Article.Status.DRAFT)
    response = post_cover(editor_client, article, "photo.png", data)
    assert response.status_code == 302, field_errors(response, "cover_image") if response.context else ""
    article = reload(article)
    assert article.cover_image.name.endswith((".jpg", ".png"))  # named by what it is, not by the upload
    for name in stored_files(settings):
        content = (settings.MEDIA_ROOT / name).read_bytes()
        assert b"<script" not in content and b"<html" not in content, name


def test_a_picture_named_as_a_web_page_is_refused(editor_client, settings):
    article = make_article(status=Article.Status.DRAFT)
    response = post_cover(editor_client, article, "photo.html", picture_bytes((1300, 700)))
    assert response.status_code == 200
    assert "L'extension de fichier «\u00a0html\u00a0» n’est pas autorisée" in field_errors(response, "cover_image")
    assert stored_files(settings) == []


def test_hostile_file_names_are_made_harmless(editor_client, settings):
    article = make_article(status=Article.Status.DRAFT)
    for name in ["../../../etc/passwd.jpg", "<script>alert(1)</script>.jpg", "a" * 300 + ".jpg",
                 "photo\u202egpj.exe", "CON.jpg", ".htaccess"]:
        response = post_cover(editor_client, article, name, picture_bytes((1300, 700)))
        assert response.status_code in (200, 302)
    root = settings.MEDIA_ROOT.resolve()
    for path in root.rglob("*"):
        assert root in path.resolve().parents  # nothing outside MEDIA_ROOT
        assert "<" not in path.name and "\u202e" not in path.name and path.name != ".htaccess"


def test_a_failed_save_takes_back_the_files_it_wrote(settings):
    article = make_article(status=Article.Status.DRAFT)
    article.cover_image = ContentFile(picture_bytes((1300, 700)), name="une.jpg")
    article.cover_alt = "Une"
    with mock.patch("django.db.models.Model.save", side_effect=IntegrityError("refusé")):
        with pytest.raises(IntegrityError):
            article.save()
    assert stored_files(settings) == []

    author = make_author()
    author.portrait = ContentFile(picture_bytes((400, 400)), name="moi.jpg")
    with mock.patch("django.db.models.Model.save", side_effect=IntegrityError("refusé")):
        with pytest.raises(IntegrityError):
            author.save()
    assert stored_files(settings) == []
    # The upload is still pending: saving again stores it, renditions and all.
    author.save()
    assert Author.objects.get(pk=author.pk).portrait_renditions["specs"]["portrait"]
    assert len(stored_files(settings)) == 1 + 2 * 4
