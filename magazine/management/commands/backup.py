from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.storage import where
from magazine.backup import MANIFEST, BackupRefused, backup_storage, create_backup, prune


class Command(BaseCommand):
    help = ("Sauvegarde la base de données et les médias dans le stockage des sauvegardes "
            "(dossier BACKUP_ROOT, ou stockage objet privé), puis ne garde que les BACKUP_KEEP "
            "plus récentes.")

    def add_arguments(self, parser):
        parser.add_argument("--name", help="Nom de la sauvegarde (par défaut AAAAMMJJ-HHMMSS).")
        parser.add_argument("--keep", type=int, default=None,
                            help=f"Sauvegardes datées à garder (par défaut BACKUP_KEEP, {settings.BACKUP_KEEP}).")

    def handle(self, *args, name=None, keep=None, **options):
        try:
            name, manifest = create_backup(name)
        except BackupRefused as refusal:
            raise CommandError(str(refusal))
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(
            f"Sauvegarde « {name} » écrite : {counts.get('articles.Article', 0)} article(s), "
            f"{sum(counts.values())} ligne(s) en tout, {manifest['media_files']} fichier(s) de médias."
        ))
        deleted = prune(keep)
        if deleted:
            self.stdout.write(f"Anciennes sauvegardes supprimées : {', '.join(deleted)}.")
        storage = backup_storage()
        self.stdout.write(f"Pour la restaurer : manage.py restore {name}")
        for file_name in (MANIFEST, manifest["database_file"], "media.tar.gz"):
            # A signed address valid an hour on an object store, the file's path on disk.
            self.stdout.write(where(storage, f"{name}/{file_name}"))
