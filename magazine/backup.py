"""Backups of the whole magazine: database and media, restorable into an empty database.

PostgreSQL: `pg_dump --format=custom` (exact, fast, restores with `pg_restore`).
Other databases (SQLite): Django's `dumpdata` with natural keys, restored with `loaddata` after
`migrate`, so a SQLite backup can even be restored into PostgreSQL.
Media: a tar.gz of MEDIA_ROOT. A manifest records row counts, checked after a restore.
"""

import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from authors.models import Author
from pagecache.generations import new_epoch

# Counters of caches and rate limits are no data to keep: a restored site starts them afresh.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "axes", "pagecache",
                 "core.ratecounter"]
# Model counts recorded in the manifest and checked after a restore.
COUNTED_APPS = ["articles", "authors", "ratings", "reversion", "auth", "admin", "taggit"]


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


def create_backup(directory):
    """Write a backup into `directory` (created); return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        database_file = "database.pgdump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(directory / database_file)],
            env=_pg_env(), check=True,
        )
    else:
        database_file = "database.json"
        call_command(
            "dumpdata", "--natural-foreign", "--natural-primary", "--indent", "0",
            *[f"--exclude={label}" for label in DUMP_EXCLUDES if label.split(".")[0] in apps.app_configs],
            output=str(directory / database_file), verbosity=0,
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(directory / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "database_file": database_file,
        "counts": row_counts(),
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


class RestoreRefused(Exception):
    pass


def database_is_empty():
    return not Article.objects.exists() and not Author.objects.exists()


def restore_backup(directory, *, force=False):
    """Restore a backup made by create_backup(); return (expected, found) row counts."""
    directory = Path(directory)
    manifest = json.loads((directory / "manifest.json").read_text())
    if not force and not database_is_empty():
        raise RestoreRefused(
            "La base contient déjà des articles ou des auteurs : restaurer les écraserait. "
            "Restaurez dans une base vide, ou passez --force en connaissance de cause."
        )
    dump = directory / manifest["database_file"]
    if manifest["database_file"].endswith(".pgdump"):
        if connection.vendor != "postgresql":
            raise RestoreRefused("Cette sauvegarde PostgreSQL ne peut être restaurée que dans PostgreSQL.")
        connection.close()
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--dbname", _pg_env()["PGDATABASE"], str(dump)],
            env=_pg_env(), check=True,
        )
    else:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddata", str(dump), verbosity=0)
    # Whatever a cache kept from before (Redis survives a database) must never match the
    # restored counters: a new epoch makes every stored page and fragment stale.
    new_epoch()
    media_archive = directory / "media.tar.gz"
    if media_archive.exists():
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media_archive) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
            for member in members:
                member.name = member.name.removeprefix("media/")
            archive.extractall(media_root, members=members, filter="data")
    return manifest["counts"], row_counts()
