"""Uploaded covers and portraits: checked, cleaned and turned into renditions once."""

import io
import re
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from PIL import Image

from articles.models import Article
from authors.models import Author
from core import images

from ..conftest import clear_caches as clear_cache
from ..conftest import make_article, make_author, stored_media

pytestmark = pytest.mark.django_db

RED, BLUE, WHITE = (220, 20, 20), (20, 20, 220), (255, 255, 255)


def picture_bytes(size=(1300, 700), colour=WHITE, fmt="JPEG", exif=None, marker=None):
    """An image; `marker` paints the top-left 100 x 100 corner red."""
    image = Image.new("RGB", size, colour)
    if marker:
        image.paste(RED, (0, 0, 100, 100))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def halves(size=(2000, 800)):
    """Left half red, right half blue."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def phone_exif(orientation=6):
    """EXIF as a phone writes it: an orientation and GPS coordinates."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (45.0, 45.0, 30.0)
    gps[3] = "E"
    gps[4] = (4.0, 50.0, 10.0)
    return exif.tobytes()


def png_header_only(width, height):
    """A tiny PNG that announces width x height pixels: a decompression bomb's shape."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def stored_files(settings=None):
    """Every stored media file, on the disk or the object store (tests/conftest.py)."""
    return stored_media()


def open_stored(name):
    with default_storage.open(name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


CoverForm = modelform_factory(Article, fields=["title", "cover_image", "cover_alt"])
PortraitForm = modelform_factory(Author, fields=["name", "portrait"])


def cover_form(data, name="photo.jpg", alt="Une photo", content_type="image/jpeg"):
    return CoverForm(data={"title": "Un titre", "cover_alt": alt},
                     files={"cover_image": SimpleUploadedFile(name, data, content_type=content_type)})


# --- What is stored ---------------------------------------------------------------------------


def test_upload_is_turned_upright_and_loses_exif_and_gps(settings, media_storage):
    # A 700 x 1300 photo whose EXIF says "turn 90° clockwise to display", with GPS coordinates.
    raw = picture_bytes((700, 1300), marker=True, exif=phone_exif(orientation=6))
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the raw upload has GPS
    form = cover_form(raw)
    assert form.is_valid(), form.errors
    article = form.save()

    master = open_stored(article.cover_image.name)
    assert master.size == (1300, 700)  # upright: landscape, as the phone showed it
    assert (article.cover_width, article.cover_height) == (1300, 700)
    assert master.getpixel((1250, 50))[0] > 180  # the red corner is now top-right
    assert master.getpixel((50, 50)) == pytest.approx(WHITE, abs=12)
    assert not master.getexif() and "exif" not in master.info
    for spec in article.cover_renditions["specs"].values():
        for item in spec["jpeg"] + spec["webp"]:
            rendition = open_stored(item["name"])
            assert not rendition.getexif() and "exif" not in rendition.info
            assert rendition.size == (item["width"], item["height"])


def test_renditions_are_made_once_in_every_width_without_upscaling(settings, media_storage):
    article = make_article(cover_image=ContentFile(picture_bytes((1300, 700)), name="une.jpg"),
                           cover_alt="Une place")
    specs = article.cover_renditions["specs"]
    # The uncropped cover: 1600 would be an upscale of a 1300-pixel photo.
    assert [i["width"] for i in specs["cover"]["jpeg"]] == [480, 800, 1200]
    assert [i["width"] for i in specs["cover"]["webp"]] == [480, 800, 1200]
    assert [(i["width"], i["height"]) for i in specs["cover"]["jpeg"]][-1] == (1200, 646)
    # Cards are 3:2 crops: 1050 x 700 available, so 400 and 800 wide.
    assert [(i["width"], i["height"]) for i in specs["card"]["jpeg"]] == [(400, 267), (800, 533)]
    assert all(i["name"].endswith(".webp") for i in specs["card"]["webp"])
    files = stored_files(settings)
    assert len(files) == 1 + 2 * (3 + 2)  # the clean original and every rendition

    with mock.patch("core.images.build_renditions") as build:
        article.title = "Nouveau titre"
        article.save()
        Article.objects.get(pk=article.pk).save()
    build.assert_not_called()
    assert stored_files(settings) == files


def test_focal_point_decides_the_crop_and_moving_it_remakes_renditions(media_storage):
    article = make_article(cover_image=ContentFile(halves(), name="deux.png"), cover_alt="Rouge et bleu",
                           focal_x=0.95)
    right = open_stored(article.cover_renditions["specs"]["card"]["jpeg"][0]["name"])
    assert right.getpixel((right.width // 2, right.height // 2))[2] > 180  # blue side kept

    article.focal_x = 0.05
    article.save()
    left = open_stored(article.cover_renditions["specs"]["card"]["jpeg"][0]["name"])
    assert left.getpixel((left.width // 2, left.height // 2))[0] > 180  # red side kept
    # The uncropped cover shows both halves whatever the focal point.
    full = open_stored(article.cover_renditions["specs"]["cover"]["jpeg"][0]["name"])
    assert full.getpixel((10, 10))[0] > 180 and full.getpixel((full.width - 10, 10))[2] > 180


def test_crop_box_stays_inside_the_image():
    assert images.crop_box((2000, 800), (3, 2), (0.5, 0.5)) == (400, 0, 1600, 800)
    assert images.crop_box((2000, 800), (3, 2), (1.0, 0.0)) == (800, 0, 2000, 800)
    assert images.crop_box((600, 1200), (1, 1), (0.5, 0.0)) == (0, 0, 600, 600)
    assert images.crop_box((600, 1200), (1, 1), (0.5, 0.35)) == (0, 120, 600, 720)


def test_portraits_become_square_renditions():
    author = make_author(portrait=ContentFile(picture_bytes((400, 600), fmt="PNG"), name="moi.png"))
    spec = author.portrait_renditions["specs"]["portrait"]
    assert [(i["width"], i["height"]) for i in spec["webp"]] == [(64, 64), (128, 128), (192, 192), (320, 320)]
    assert author.portrait.name.endswith(".png")


def test_removing_the_cover_clears_its_renditions():
    article = make_article(cover_image=ContentFile(picture_bytes((600, 400)), name="a.jpg"), cover_alt="A")
    assert article.cover_renditions
    article.cover_image = None
    article.save()
    assert Article.objects.get(pk=article.pk).cover_renditions == {}


# --- What is refused --------------------------------------------------------------------------

TRUNCATED = picture_bytes((1300, 700))[:1500]
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1300" height="700"><script>alert(1)</script></svg>'


@pytest.mark.parametrize("data,name,message", [
    (b"Bonjour, je ne suis pas une image.", "texte.jpg", "n'est pas une image lisible"),
    (SVG, "dessin.svg", "n'est pas une image lisible"),
    (TRUNCATED, "coupee.jpg", "n'est pas une image lisible"),
    (picture_bytes((1300, 700), fmt="GIF"), "anim.gif", "Format GIF refusé"),
    (picture_bytes((800, 500)), "petite.jpg", "Image trop petite : 800 × 500 pixels"),
    (png_header_only(30_000, 30_000), "bombe.png", "Image trop grande"),
])
def test_bad_uploads_are_refused_in_french_and_nothing_is_stored(settings, data, name, message):
    form = cover_form(data, name=name)
    assert not form.is_valid()
    assert message in re.sub("[\u00a0\u202f]", " ", " ".join(form.errors["cover_image"]))
    assert stored_files(settings) == []
    assert not Article.objects.exists()


def test_too_many_pixels_or_bytes_are_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000  # below Pillow's own bomb threshold (2x): our check
    form = cover_form(picture_bytes((1300, 800)))
    assert not form.is_valid()
    assert "plus de 1 millions de pixels" in form.errors["cover_image"][0]

    settings.IMAGE_MAX_PIXELS = 40_000_000
    settings.IMAGE_MAX_UPLOAD_BYTES = 2048
    form = cover_form(picture_bytes((1300, 800), colour=(10, 200, 90)))
    assert not form.is_valid()
    assert "Fichier trop lourd" in form.errors["cover_image"][0]
    assert stored_files(settings) == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_bomb_saved_by_code_is_refused_before_storage(settings, media_storage):
    # Django's ImageField already trips over it when reading the dimensions; our save hook
    # would refuse it next. Either way nothing reaches the storage.
    with pytest.raises((ValidationError, Image.DecompressionBombError)):
        Article(title="Par le shell", cover_image=ContentFile(png_header_only(20_000, 20_000), name="b.png")).save()
    article = Article(title="Par le shell")
    article.cover_image = ContentFile(png_header_only(7_000, 7_000), name="c.png")  # 49 Mpx: a warning only for Pillow
    with pytest.raises(ValidationError, match="Image trop grande"):
        article.save()
    assert stored_files(settings) == [] and not Article.objects.exists()


def test_portrait_form_refuses_small_and_accepts_good_images(settings):
    form = PortraitForm(data={"name": "Ana"}, files={
        "portrait": SimpleUploadedFile("p.jpg", picture_bytes((150, 150)), content_type="image/jpeg")})
    assert not form.is_valid() and "Image trop petite" in form.errors["portrait"][0]
    form = PortraitForm(data={"name": "Ana"}, files={
        "portrait": SimpleUploadedFile("p.webp", picture_bytes((300, 300), fmt="WEBP"), content_type="image/webp")})
    assert form.is_valid(), form.errors
    author = form.save()
    assert author.portrait.name.endswith(".webp") and author.portrait_renditions["specs"]["portrait"]


# --- Regenerating -----------------------------------------------------------------------------


def test_regenerate_renditions_rebuilds_every_image(settings, media_storage):
    article = make_article(cover_image=ContentFile(picture_bytes((600, 400)), name="a.jpg"), cover_alt="A")
    author = make_author(portrait=ContentFile(picture_bytes((300, 300)), name="p.jpg"))
    Article.objects.filter(pk=article.pk).update(cover_renditions={})
    Author.objects.filter(pk=author.pk).update(portrait_renditions={})
    out = io.StringIO()
    call_command("regenerate_renditions", stdout=out)
    article.refresh_from_db()
    author.refresh_from_db()
    assert [i["width"] for i in article.cover_renditions["specs"]["cover"]["webp"]] == [480]
    assert article.cover_renditions["specs"]["card"]["jpeg"]
    assert author.portrait_renditions["specs"]["portrait"]["jpeg"]
    for name in images.rendition_names(article.cover_renditions):
        assert default_storage.exists(name)
    assert "2 image(s)" in out.getvalue()


def test_regenerate_renditions_reports_a_missing_file_and_goes_on(settings, media_storage):
    broken = make_article(cover_image=ContentFile(picture_bytes((600, 400)), name="a.jpg"), cover_alt="A")
    default_storage.delete(broken.cover_image.name)
    make_article(cover_image=ContentFile(picture_bytes((600, 400)), name="b.jpg"), cover_alt="B")
    out, err = io.StringIO(), io.StringIO()
    call_command("regenerate_renditions", stdout=out, stderr=err)
    assert broken.title in err.getvalue()
    assert "1 image(s)" in out.getvalue()


# --- What pages emit --------------------------------------------------------------------------


def _with_cover(title, source, **fields):
    """An article sharing `source`'s stored cover and renditions (no image work per article)."""
    article = make_article(title, **fields)
    Article.objects.filter(pk=article.pk).update(
        cover_image=source.cover_image.name, cover_width=source.cover_width,
        cover_height=source.cover_height, cover_alt=f"Image de {title}",
        cover_renditions=source.cover_renditions)
    return article


def test_pages_emit_responsive_pictures_with_dimensions(client, settings, media_storage):
    settings.PAGE_CACHE_SECONDS = 0
    lead = make_article("La une", cover_image=ContentFile(picture_bytes((1300, 700)), name="une.jpg"),
                        cover_alt="Une place au matin", cover_caption="La place Bellecour.",
                        cover_credit="Photo : A. Martin")
    _with_cover("Plus ancien", lead, published_at=lead.published_at.replace(year=2020))
    home = client.get("/").content.decode()
    card = lead.cover_renditions["specs"]["card"]
    first, second = home.split("<picture>")[1:3]
    # The lead story: eager and first in line; WebP first, JPEG fallback, both with srcset.
    media = settings.MEDIA_URL  # /media/, or the object store's address
    assert first.startswith(f'<source type="image/webp" srcset="{media}renditions/covers/')
    assert f" 400w, {media}renditions/" in first and " 800w" in first and 'sizes="' in first
    assert f'width="{card["width"]}" height="{card["height"]}"' in first
    assert 'alt="Une place au matin"' in first
    assert 'loading="eager" fetchpriority="high"' in first
    assert '.jpg 400w' in first.split("<img")[1]
    # Other cards wait until they are scrolled to.
    assert 'loading="lazy"' in second and "fetchpriority" not in second

    page = client.get(lead.get_absolute_url()).content.decode()
    figure = page.split('<figure class="article__cover">')[1].split("</figure>")[0]
    cover = lead.cover_renditions["specs"]["cover"]
    assert '480w' in figure and '1200w' in figure and '1600w' not in figure
    assert f'width="{cover["width"]}" height="{cover["height"]}"' in figure
    assert 'fetchpriority="high"' in figure and 'loading="eager"' in figure
    assert "La place Bellecour." in figure and '<span class="credit">Photo : A. Martin</span>' in figure


def test_rendering_pictures_costs_no_query_and_no_file_access(client, settings, media_storage):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the page cache
    source = make_article("Source", cover_image=ContentFile(picture_bytes((600, 400)), name="s.jpg"),
                          cover_alt="S")
    author = make_author("Photographiée", portrait=ContentFile(picture_bytes((300, 300)), name="p.jpg"))
    source.bylines.update(author=author)

    def count_queries():
        clear_cache()  # both renders cold: cached fragments would save the second one queries
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    count_queries()  # a process's first request learns once what later ones know
    few = count_queries()
    for n in range(6):
        _with_cover(f"Article {n}", source, authors=[author])
    forbidden = mock.Mock(side_effect=AssertionError("file access while rendering"))
    # Neither the disk nor the object store is asked anything (no request leaves for S3).
    from botocore.endpoint import Endpoint
    with mock.patch.multiple(FileSystemStorage, open=forbidden, exists=forbidden, size=forbidden,
                             path=forbidden, listdir=forbidden), \
            mock.patch.object(Endpoint, "make_request", forbidden):
        many = count_queries()
        html = client.get("/").content.decode()
        article_page = client.get(source.get_absolute_url()).content.decode()
    assert html.count("<picture>") >= 7
    assert many == few  # same number of queries for 1 or 7 cards with images
    assert 'class="byline__photo"' in article_page and 'class="bio-box__portrait"' in article_page


def test_renditions_of_a_replaced_picture_never_land_under_the_new_one():
    """A worker encodes the old cover's renditions while the journalist uploads another: the
    new picture's own task makes its renditions, the late ones of the old picture are dropped."""
    from core.tasks import make_renditions

    article = make_article(cover_image=ContentFile(picture_bytes((1300, 700)), name="avant.jpg"),
                           cover_alt="Avant")
    before = Article.objects.get(pk=article.pk).cover_renditions
    replaced = {}
    real = Article.refresh_renditions

    def slow_refresh(instance, *args, **kwargs):
        real(instance, *args, **kwargs)
        if instance.pk == article.pk and not replaced:  # meanwhile, another upload lands
            replaced["name"] = None
            other = make_article(cover_image=ContentFile(picture_bytes((1400, 800), colour=(200, 0, 0)),
                                                         name="apres.jpg"), cover_alt="Après")
            Article.objects.filter(pk=article.pk).update(cover_image=other.cover_image.name,
                                                          cover_renditions=other.cover_renditions)
            replaced["name"] = other.cover_image.name
            replaced["renditions"] = other.cover_renditions

    with mock.patch.object(Article, "refresh_renditions", slow_refresh):
        assert make_renditions.call("articles.Article", article.pk) == "image remplacée entre-temps"
    stored = Article.objects.get(pk=article.pk)
    assert stored.cover_image.name == replaced["name"]
    assert stored.cover_renditions == replaced["renditions"] != before
    # Without a replacement, the task saves what it made.
    assert make_renditions.call("articles.Article", article.pk) == "fait"
