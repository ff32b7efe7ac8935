"""Media on an object store (core/storage.py), against moto's S3 server (tests/conftest.py):
how MEDIA_STORAGE_URL is read, what is public and for how long, renditions made off the
request while pages show the clean original, and what editors and readers get when the store
stops answering."""

import io
import socket
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from articles.models import Article
from core import images
from core.storage import StorageUnavailable
from core.storage_config import configure, s3_options
from media_library.models import LibraryImage

from ..conftest import clear_caches, make_article, stored_media
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist
from .test_images import phone_exif, picture_bytes

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Le stockage des images est momentanément indisponible"


# --- Configuration ----------------------------------------------------------------------------


def test_without_a_store_everything_stays_on_the_disk():
    stores, media_url = configure("/media/", {})
    assert stores["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert stores["backups"]["OPTIONS"] == {"root_setting": "BACKUP_ROOT"}
    assert stores["imports"]["OPTIONS"] == {"root_setting": "IMPORTS_ROOT"}
    assert media_url == "/media/"


def test_media_storage_url_names_the_bucket_the_endpoint_and_the_region():
    stores, media_url = configure("/media/", {"MEDIA_STORAGE_URL":
                                              "s3://magazine?endpoint_url=https://s3.fr-par.scw.cloud&region_name=fr-par"})
    media = stores["default"]["OPTIONS"]
    assert stores["default"]["BACKEND"] == "core.storage.MediaS3Storage"
    assert media["bucket_name"] == "magazine" and media["region_name"] == "fr-par"
    assert media_url == "https://s3.fr-par.scw.cloud/magazine/media/"
    # Backups and imports: the same bucket, their own prefixes, private.
    assert stores["backups"]["BACKEND"] == stores["imports"]["BACKEND"] == "core.storage.PrivateS3Storage"
    assert stores["backups"]["OPTIONS"]["location"] == "backups"
    assert stores["imports"]["OPTIONS"]["location"] == "imports"
    assert "custom_domain" not in stores["backups"]["OPTIONS"]


def test_a_cdn_domain_a_prefix_keys_and_a_separate_backup_bucket():
    stores, media_url = configure("/media/", {
        "MEDIA_STORAGE_URL": "s3://cle:secr%2Fet@magazine/site?custom_domain=cdn.example.fr&region_name=eu-west-3",
        "BACKUP_STORAGE_URL": "s3://magazine-sauvegardes?region_name=eu-west-3",
    })
    assert media_url == "https://cdn.example.fr/site/"
    assert stores["default"]["OPTIONS"]["secret_key"] == "secr/et"
    assert stores["backups"]["OPTIONS"] == {"bucket_name": "magazine-sauvegardes", "region_name": "eu-west-3"}
    assert stores["imports"]["OPTIONS"]["bucket_name"] == "magazine"


def test_the_usual_aws_variables_work_too_and_a_bad_url_is_refused():
    stores, media_url = configure("/media/", {"AWS_STORAGE_BUCKET_NAME": "magazine",
                                              "AWS_S3_REGION_NAME": "eu-west-3"})
    assert media_url == "https://magazine.s3.eu-west-3.amazonaws.com/media/"
    assert s3_options("", {}) is None
    with pytest.raises(ValueError, match="non reconnue") as refused:
        s3_options("https://KEY:SECRET@magazine")
    assert "SECRET" not in str(refused.value)  # error messages end up in logs
    with pytest.raises(ValueError, match="inconnue"):
        s3_options("s3://magazine?endpoint=http://x")


# --- On the store -----------------------------------------------------------------------------


def test_media_are_public_cached_a_year_under_names_that_never_change_content(s3_storage, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article("Sur le stockage", cover_alt="Une place",
                           cover_image=ContentFile(picture_bytes((1300, 700), exif=phone_exif(1)), name="une.jpg"))
    name = article.cover_image.name
    assert article.cover_image.url.startswith(f"{s3_storage.endpoint}/{s3_storage.bucket}/media/covers/")
    head = s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=f"media/{name}")
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    # Anyone can read it at the address pages give, without a signature.
    with urllib.request.urlopen(article.cover_image.url) as answer:
        stored = Image.open(io.BytesIO(answer.read()))
        assert stored.size == (1300, 700) and not stored.getexif()
    page = client.get(article.get_absolute_url()).content.decode()
    first = article.cover_renditions["specs"]["cover"]["jpeg"][0]["name"]
    assert default_storage.url(first) in page
    # Another picture under the same upload name gets another name: no cached copy lies.
    article.cover_image = ContentFile(picture_bytes((1300, 700), colour=(10, 90, 160)), name="une.jpg")
    article.save()
    assert article.cover_image.name != name and name in stored_media()


@pytest.fixture
def queue(settings):
    """The production set-up: tasks wait in the database for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_queued():
    """What the worker does with each queued task (its command would close the test's
    connection)."""
    done = 0
    for result in DBTaskResult.objects.ready():
        result.task.func(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()
        done += 1
    return done


def test_an_editor_upload_shows_the_original_until_the_worker_made_the_renditions(
        media_storage, queue, client, settings):
    editor = make_editor()
    article = make_article("Une une", authors=[editor.author])
    client.force_login(editor)
    upload = SimpleUploadedFile("IMG_1.jpg", picture_bytes((800, 1400), exif=phone_exif(6)),
                                content_type="image/jpeg")
    with mock.patch("core.images.build_renditions") as build:
        response = client.post(change_url(article), form_data(article, cover_image=upload,
                                                              cover_alt="La place"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    build.assert_not_called()  # none of the ~15 encodes in the editor's request
    article.refresh_from_db()
    assert article.cover_renditions["specs"] == {} and (article.cover_width, article.cover_height) == (1400, 800)
    assert [n for n in stored_media() if n.startswith("renditions/")] == []
    with default_storage.open(article.cover_image.name, "rb") as stored:
        assert not Image.open(stored).getexif()  # already clean: EXIF and GPS gone at upload

    client.logout()
    clear_caches()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.cover_image.url}" alt="La place" width="1400" height="800"' in page

    assert run_queued() == 1
    article.refresh_from_db()
    assert article.cover_renditions["specs"]["cover"]["jpeg"]
    assert all(default_storage.exists(n["name"]) for n in article.cover_renditions["specs"]["card"]["webp"])
    # The renditions' save moved the page's counters: the cached page is drawn again.
    page = client.get(article.get_absolute_url()).content.decode()
    assert "srcset=" in page and article.cover_renditions["specs"]["cover"]["jpeg"][0]["name"] in page


def test_a_library_upload_waits_for_its_renditions_too(media_storage, queue, client):
    client.force_login(make_journalist())
    response = client.post(reverse("admin:media_library_libraryimage_quick_upload"), {
        "file": SimpleUploadedFile("marche.jpg", picture_bytes((1600, 1000))), "alt": "Le marché"},
        HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    image = LibraryImage.objects.get()
    assert image.renditions["specs"] == {} and response.json()["image"]["thumb"] == image.file.url
    assert run_queued() == 1
    image.refresh_from_db()
    assert image.renditions["specs"]["body"]["jpeg"] and image.thumbnail_url != image.file.url


# --- When the store does not answer -----------------------------------------------------------


@pytest.fixture
def dead_store(s3_storage, settings):
    """The same settings, but nothing listens where the store was."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stores = {alias: {**conf, "OPTIONS": {**conf["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{port}"}}
              for alias, conf in settings.STORAGES.items() if alias in ("default", "backups", "imports")}
    settings.STORAGES = {**settings.STORAGES, **stores}
    return port


def test_uploads_get_a_french_503_and_nothing_is_half_saved(s3_storage, dead_store, client):
    client.force_login(make_journalist())
    with pytest.raises(StorageUnavailable):
        default_storage.save("essai.txt", ContentFile(b"x"))
    # The media library's form.
    response = client.post(reverse("admin:media_library_libraryimage_add"), {
        "file": SimpleUploadedFile("a.jpg", picture_bytes((1600, 1000))), "alt": "A",
        "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # The editor's upload on the spot: the message where the picker shows errors.
    response = client.post(reverse("admin:media_library_libraryimage_quick_upload"), {
        "file": SimpleUploadedFile("b.jpg", picture_bytes((1600, 1000))), "alt": "B"},
        HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and UNAVAILABLE in response.json()["errors"]["file"][0]
    assert not LibraryImage.objects.exists()


def test_a_cover_upload_facing_a_dead_store_keeps_the_article_as_it_was(s3_storage, dead_store, client):
    editor = make_editor()
    article = make_article("Intacte", authors=[editor.author])
    client.force_login(editor)
    upload = SimpleUploadedFile("c.jpg", picture_bytes((1400, 800)), content_type="image/jpeg")
    response = client.post(change_url(article), form_data(article, cover_image=upload, cover_alt="C",
                                                          title="Titre changé"))
    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Intacte" and not article.cover_image


def test_readers_pages_render_while_the_store_is_down(s3_storage, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article("Lisible", cover_alt="Une",
                           cover_image=ContentFile(picture_bytes((1300, 700)), name="une.jpg"))
    settings.STORAGES = {**settings.STORAGES, "default": {
        **settings.STORAGES["default"],
        "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}}}
    article = Article.objects.get(pk=article.pk)
    from botocore.endpoint import Endpoint
    with mock.patch.object(Endpoint, "make_request", side_effect=AssertionError("store asked")):
        for address in ("/", article.get_absolute_url(), article.section.get_absolute_url()):
            response = client.get(address)
            assert response.status_code == 200, address
        assert article.cover_renditions["specs"]["card"]["jpeg"][0]["name"] in client.get("/").content.decode()


def test_a_failed_rendition_task_is_tried_again(s3_storage, queue, settings, caplog):
    settings.TASK_RETRY_SECONDS = 0
    article = make_article("Plus tard", cover_alt="Une",
                           cover_image=ContentFile(picture_bytes((1300, 700)), name="une.jpg"))
    assert article.cover_renditions["specs"] == {}
    with mock.patch.object(type(storages["default"]), "_save",
                           side_effect=StorageUnavailable("Stockage injoignable")):
        run_queued()
    assert "trying again" in caplog.text
    run_queued()  # the store is back
    article.refresh_from_db()
    assert article.cover_renditions["specs"]["cover"]["jpeg"]
    with urllib.request.urlopen(default_storage.url(article.cover_renditions["specs"]["cover"]["jpeg"][0]["name"])) as answer:
        assert answer.status == 200
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{s3_storage.endpoint}/{s3_storage.bucket}/media/absente.jpg")


# --- The WordPress import ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["dossier local", "stockage des imports"])
def test_a_wordpress_export_and_its_uploads_come_in_onto_the_store(s3_storage, tmp_path, where):
    """The export and the old uploads folder read from the command's paths or from the private
    imports store (`imports:<name>`, reachable from any server); pictures land on the store."""
    from wordpress.importer import Importer

    from ..wordpress.test_import import export_file as make_export

    path, uploads = make_export.__wrapped__(tmp_path)
    if where == "stockage des imports":
        imports = storages["imports"]
        imports.save("ancien-site/export.xml", ContentFile(path.read_bytes()))
        for file in uploads.rglob("*"):
            if file.is_file():
                imports.save(f"ancien-site/uploads/{file.relative_to(uploads).as_posix()}",
                             ContentFile(file.read_bytes()))
        path, uploads = "imports:ancien-site/export.xml", "imports:ancien-site/uploads"
    report = Importer(path, uploads=uploads, fetch_remote=False).run()
    assert report.summary_line().startswith("IMPORT articles=5") and "images=2" in report.summary_line()
    toits = Article.objects.get(slug="les-toits")
    potager = LibraryImage.objects.get(alt="Un potager sur un toit")
    assert toits.cover_image.url.startswith(s3_storage.media_url)
    for name in [toits.cover_image.name, potager.file.name, *images.rendition_names(toits.cover_renditions)]:
        assert name in stored_media()
    with urllib.request.urlopen(potager.file.url) as answer:
        assert Image.open(io.BytesIO(answer.read())).size == (potager.width, potager.height)
    # The path given never escapes the folder.
    importer = Importer(path, uploads=uploads)
    assert importer._local_picture("https://a.example/wp-content/uploads/../../etc/passwd", "") is None
