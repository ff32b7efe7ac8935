from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from magazine.backup import create_backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les médias dans un dossier horodaté."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Dossier à créer (par défaut backups/AAAAMMJJ-HHMMSS).")

    def handle(self, *args, output=None, **options):
        directory = Path(output or settings.BASE_DIR / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S"))
        manifest = create_backup(directory)
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(
            f"Sauvegarde écrite dans {directory} : "
            f"{counts.get('articles.Article', 0)} article(s), {sum(counts.values())} ligne(s) en tout."
        ))
        self.stdout.write(str(directory))
