"""Backups of the whole magazine: database and media, restorable into an empty database.

PostgreSQL: `pg_dump --format=custom` (exact, fast, restores with `pg_restore`).
Other databases (SQLite): Django's `dumpdata` with natural keys, restored with `loaddata` after
`migrate`, so a SQLite backup can even be restored into PostgreSQL.
Media: a tar.gz of every file of the media storage, read through the storage API (the local
disk or the object store several servers share).
A manifest records row counts, checked after a restore; it is written last, so a set without
one is unfinished and never restored nor counted.

Sets are written to the `backups` storage (core/storage.py: BACKUP_ROOT on disk, else a private
prefix or bucket of the object store), one folder per set named by its date; `BACKUP_KEEP`
dated sets are kept, older ones deleted after each new backup. Only the dump's and the
archive's way through this server's temporary folder touches the local disk.
"""

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, copy_listed_at
from articles.search import rebuild_index as rebuild_search_index
from authors.models import Author
from core.storage import walk
from pagecache.generations import new_epoch

# Counters of caches and rate limits are no data to keep: a restored site starts them afresh.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "axes", "pagecache",
                 "core.ratecounter"]
# Model counts recorded in the manifest and checked after a restore.
COUNTED_APPS = ["articles", "authors", "ratings", "reversion", "auth", "admin", "taggit"]
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATED = re.compile(r"^\d{8}-\d{6}$")  # the sets retention counts (named by default)


def row_counts():
    counts = {}
    for app_label in COUNTED_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def _pg_env():
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update({
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
        "PGDATABASE": str(db["NAME"]),
    })
    return {k: v for k, v in env.items() if v != ""}


def backup_storage():
    return storages["backups"]


def new_set_name():
    return timezone.localtime().strftime("%Y%m%d-%H%M%S")


class BackupRefused(Exception):
    pass


def create_backup(name=None, storage=None):
    """Write a backup set `name` (default: now's date) into the backups storage; return
    (name, manifest)."""
    storage = storage or backup_storage()
    name = (name or new_set_name()).strip("/")
    if not name or ".." in name.split("/"):
        raise BackupRefused(f"Nom de sauvegarde invalide : {name!r}")
    if storage.exists(f"{name}/{MANIFEST}"):
        raise BackupRefused(f"La sauvegarde « {name} » existe déjà.")
    with tempfile.TemporaryDirectory(prefix="magazine-backup-") as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            database_file = "database.pgdump"
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 "--file", str(work / database_file)],
                env=_pg_env(), check=True,
            )
        else:
            database_file = "database.json"
            call_command(
                "dumpdata", "--natural-foreign", "--natural-primary", "--indent", "0",
                *[f"--exclude={label}" for label in DUMP_EXCLUDES if label.split(".")[0] in apps.app_configs],
                output=str(work / database_file), verbosity=0,
            )
        media_files = _archive_media(work / MEDIA_ARCHIVE)
        manifest = {
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database_file": database_file,
            "counts": row_counts(),
            "media_files": media_files,
        }
        for file_name in (database_file, MEDIA_ARCHIVE):
            with open(work / file_name, "rb") as local:
                _put(storage, f"{name}/{file_name}", File(local))
    _put(storage, f"{name}/{MANIFEST}",
         ContentFile(json.dumps(manifest, indent=2, sort_keys=True).encode()))
    return name, manifest


def _put(storage, name, content):
    stored = storage.save(name, content)
    if stored != name:  # never under another name: the set would be unreadable
        storage.delete(stored)
        raise BackupRefused(f"Impossible d'écrire {name} : un fichier de ce nom existe déjà.")


def _archive_media(path):
    """Every media file, through the storage API; return how many."""
    count = 0
    with tarfile.open(path, "w:gz") as archive:
        for name in walk(default_storage):
            with default_storage.open(name, "rb") as stored:
                info = tarfile.TarInfo(f"media/{name}")
                info.size = default_storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, stored)
            count += 1
    return count


def backup_sets(storage=None):
    """Names of the finished sets (with a manifest), oldest first."""
    storage = storage or backup_storage()
    try:
        directories, _files = storage.listdir("")
    except FileNotFoundError:
        return []
    return sorted(d for d in directories if storage.exists(f"{d}/{MANIFEST}"))


def prune(keep=None, storage=None):
    """Delete the dated sets beyond the `keep` newest (BACKUP_KEEP), and unfinished dated sets
    older than the newest finished one; return the names deleted."""
    storage = storage or backup_storage()
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        return []
    try:
        directories = storage.listdir("")[0]
    except FileNotFoundError:
        return []
    dated = sorted(d for d in directories if DATED.match(d))
    finished = [d for d in dated if storage.exists(f"{d}/{MANIFEST}")]
    kept = set(finished[-keep:])
    newest = finished[-1] if finished else ""
    doomed = [d for d in dated if d not in kept and (d in finished or d < newest)]
    for directory in doomed:
        for file_name in walk(storage, directory):
            storage.delete(file_name)
        if isinstance(storage, FileSystemStorage):
            shutil.rmtree(storage.path(directory), ignore_errors=True)  # the empty folders
    return doomed


class RestoreRefused(Exception):
    pass


def database_is_empty():
    return not Article.objects.exists() and not Author.objects.exists()


def locate(reference):
    """(storage, set name) for `reference`: a set of the backups storage by name, or a local
    folder written by an older `manage.py backup --output`."""
    folder = Path(reference)
    if (folder / MANIFEST).is_file():
        return FileSystemStorage(location=str(folder.resolve()), base_url=None), ""
    storage = backup_storage()
    name = reference.strip("/")
    if not storage.exists(f"{name}/{MANIFEST}"):
        raise RestoreRefused(f"Sauvegarde introuvable : « {reference} » (ni dossier local, ni "
                             "nom d'une sauvegarde du stockage des sauvegardes).")
    return storage, name


def restore_backup(reference, *, force=False):
    """Restore a backup made by create_backup(); return (expected, found) row counts."""
    storage, name = locate(str(reference))
    prefix = f"{name}/" if name else ""
    with storage.open(prefix + MANIFEST, "rb") as stored:
        manifest = json.loads(stored.read())
    if not force and not database_is_empty():
        raise RestoreRefused(
            "La base contient déjà des articles ou des auteurs : restaurer les écraserait. "
            "Restaurez dans une base vide, ou passez --force en connaissance de cause."
        )
    if manifest["database_file"].endswith(".pgdump") and connection.vendor != "postgresql":
        raise RestoreRefused("Cette sauvegarde PostgreSQL ne peut être restaurée que dans PostgreSQL.")
    with tempfile.TemporaryDirectory(prefix="magazine-restore-") as work:
        dump = Path(work) / manifest["database_file"]
        _fetch(storage, prefix + manifest["database_file"], dump)
        if manifest["database_file"].endswith(".pgdump"):
            connection.close()
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--single-transaction", "--dbname", _pg_env()["PGDATABASE"], str(dump)],
                env=_pg_env(), check=True,
            )
        else:
            call_command("migrate", verbosity=0, interactive=False)
            call_command("loaddata", str(dump), verbosity=0)
            rebuild_search_index()  # SQLite's FTS5 table is no model: dumps do not hold it
            copy_listed_at()  # loaddata writes rows as they are: a dump may predate the copies
        # Whatever a cache kept from before (Redis survives a database) must never match the
        # restored counters: a new epoch makes every stored page and fragment stale.
        new_epoch()
        if storage.exists(prefix + MEDIA_ARCHIVE):
            archive_path = Path(work) / MEDIA_ARCHIVE
            _fetch(storage, prefix + MEDIA_ARCHIVE, archive_path)
            _restore_media(archive_path)
    return manifest["counts"], row_counts()


def _fetch(storage, name, path):
    with storage.open(name, "rb") as stored, open(path, "wb") as local:
        shutil.copyfileobj(stored, local, 1024 * 1024)


def _restore_media(archive_path):
    """Put every archived file back under its own name in the media storage."""
    with tarfile.open(archive_path) as archive:
        for member in archive:
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            name = member.name.removeprefix("media/")
            if not name or name.startswith("/") or ".." in name.split("/"):
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, File(archive.extractfile(member), name=name))
            if stored != name:
                raise RestoreRefused(f"Fichier restauré sous un autre nom : {name} → {stored}")
