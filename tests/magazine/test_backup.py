"""make backup / make restore: a round trip gives back the same magazine, database and media,
through the backups storage (a folder on disk, or a private prefix of the object store), the
oldest sets deleted beyond BACKUP_KEEP."""

import io
import json
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Section
from authors.models import Author
from magazine.backup import backup_sets, row_counts

from ..conftest import make_article, make_author, stored_media
from ..core.test_images import picture_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def wipe():
    for model in (Article, Section, Author):
        model.objects.all().delete()
    for name in stored_media():
        default_storage.delete(name)


def backup(*args):
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def test_round_trip_into_an_empty_database(media_storage):
    author = make_author("Zoé Lefèvre")
    article = make_article("Sauvegardé", authors=[author], tags=["Écologie"],
                           body="<h2>Titre</h2><table><tbody><tr><td>1</td></tr></tbody></table>",
                           cover_image=ContentFile(picture_bytes((600, 400)), name="une.jpg"),
                           cover_alt="Une")
    make_article("Brouillon sauvegardé", status=Article.Status.DRAFT, authors=[author])
    before = row_counts()
    bodies = sorted(Article.objects.values_list("slug", "body", "status"))
    files = {name: default_storage.open(name, "rb").read() for name in stored_media()}
    assert article.cover_image.name in files and len(files) >= 5  # the cover and its renditions

    out = backup("--name", "20260101-120000")
    assert "Sauvegarde « 20260101-120000 » écrite" in out and f"{len(files)} fichier(s) de médias" in out
    assert "manage.py restore 20260101-120000" in out
    wipe()
    assert stored_media() == [] and not Article.objects.exists()
    call_command("restore", "20260101-120000", stdout=io.StringIO())

    assert row_counts() == before
    assert sorted(Article.objects.values_list("slug", "body", "status")) == bodies
    assert Article.objects.get(slug="sauvegarde").ordered_authors[0].name == "Zoé Lefèvre"
    assert {name: default_storage.open(name, "rb").read() for name in stored_media()} == files


def test_restore_refuses_to_overwrite_a_magazine(media_storage):
    make_article("Existant")
    backup("--name", "20260101-120000")
    with pytest.raises(CommandError, match="base vide"):
        call_command("restore", "20260101-120000")
    assert Article.objects.filter(slug="existant").exists()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore", "19990101-000000", force=True)


def test_only_the_newest_sets_are_kept(media_storage, settings):
    settings.BACKUP_KEEP = 2
    make_article("Gardé")
    for name in ("20260101-000000", "20260102-000000", "20260103-000000"):
        out = backup("--name", name)
    assert "Anciennes sauvegardes supprimées : 20260101-000000." in out
    backup("--name", "avant-migration")  # named by hand: never deleted by the rotation
    assert backup_sets() == ["20260102-000000", "20260103-000000", "avant-migration"]
    out = backup()  # dated now: the newest
    assert backup_sets()[0] == "20260103-000000" and "avant-migration" in backup_sets()
    with pytest.raises(CommandError, match="existe déjà"):
        backup("--name", "avant-migration")


def test_on_the_store_backups_are_private_and_the_operator_gets_signed_addresses(s3_storage):
    make_article("Secret")
    out = backup("--name", "20260101-120000")
    signed = [line for line in out.splitlines() if line.startswith("http")]
    assert len(signed) == 3 and all("X-Amz-Signature=" in line for line in signed)
    manifest_url = next(line for line in signed if "manifest.json" in line)
    with urllib.request.urlopen(manifest_url) as answer:  # the signed address opens it
        assert json.loads(answer.read())["counts"]["articles.Article"] == 1
    storage = storages["backups"]
    key = f"{storage.location}/20260101-120000/manifest.json"
    head = s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=key)
    assert head["CacheControl"] == "private, no-store"
    grants = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    with pytest.raises(urllib.error.HTTPError) as refused:  # without the signature: refused
        urllib.request.urlopen(manifest_url.split("?")[0])
    assert refused.value.code == 403
    # Nothing under the public media's prefix: a backup is never a media file.
    assert not [name for name in stored_media() if "manifest" in name or name.endswith(".tar.gz")]


@pytest.mark.skipif(connection.vendor == "postgresql", reason=(
    "a PostgreSQL backup is a pg_dump: its old schema comes back and the release's migrate "
    "makes the copies (test_upgrade checks that on PostgreSQL)"))
def test_a_backup_from_before_the_lists_copies_restores_full_lists(media_storage, client):
    """Bylines and taggings copy their article's publication time (Article.listed_at) since
    migration articles.0011: a dump made before has none, and the restore makes them."""
    from magazine.backup import backup_storage

    author = make_author("Zoé Lefèvre")
    make_article("Ancien format", authors=[author], tags=["Écologie"])
    backup("--name", "20251201-120000")
    storage = backup_storage()
    dump = json.loads(storage.open("20251201-120000/database.json").read())
    older = [{**row, "fields": {k: v for k, v in row["fields"].items() if k != "published_at"}}
             if row["model"] in {"articles.taggedarticle", "articles.articleauthor"} else row
             for row in dump]
    assert older != dump
    storage.delete("20251201-120000/database.json")
    storage.save("20251201-120000/database.json", ContentFile(json.dumps(older).encode()))
    wipe()
    call_command("restore", "20251201-120000", stdout=io.StringIO())

    for url in ("/mot-cle/ecologie/", "/auteurs/zoe-lefevre/"):
        assert "Ancien format" in client.get(url).content.decode(), url
