"""manage.py import_wordpress EXPORT.xml [--uploads DIR] [--dry-run] [--section-from category|tag]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import ImportFailed, Importer


class Progress:
    """A progress bar on a terminal (done / total, rate, time left); a log line every 1 000
    items otherwise (a file, a CI log)."""

    def __init__(self, stream, tty):
        self.stream = stream
        self.tty = tty
        self.last = 0.0

    def __call__(self, done, total, elapsed):
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate else 0
        if self.tty:
            if elapsed - self.last < 0.2 and done < total:
                return
            self.last = elapsed
            width = 30
            filled = int(width * done / total) if total else width
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                              f"{rate:.0f}/s, reste {int(left) // 60} min {int(left) % 60:02d} s ")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done % 1000 == 0 or done == total:
            self.stream.write(f"{done}/{total} éléments, {rate:.0f}/s, reste {int(left)} s\n")
            self.stream.flush()


class Command(BaseCommand):
    help = ("Importe un export WordPress (WXR 1.0 à 1.2) : articles, pages, rubriques, mots-clés, "
            "auteurs, avis, notes et images, et redirige chaque ancienne adresse.")

    def add_arguments(self, parser):
        parser.add_argument("export", help="le fichier XML exporté par WordPress (Outils → Exporter)")
        parser.add_argument("--uploads", help="une copie du dossier wp-content/uploads de l'ancien site")
        parser.add_argument("--dry-run", action="store_true",
                            help="tout lire et écrire le rapport sans rien enregistrer")
        parser.add_argument("--section-from", choices=["category", "tag"], default="category",
                            help="les rubriques viennent des catégories (par défaut) ou des étiquettes")
        parser.add_argument("--no-download", action="store_true",
                            help="ne télécharger aucune image absente du dossier --uploads")

    def handle(self, *args, **options):
        stream = sys.stderr
        importer = Importer(
            options["export"], uploads=options["uploads"], dry_run=options["dry_run"],
            section_from=options["section_from"], fetch_remote=not options["no_download"],
            progress=Progress(stream, stream.isatty()))
        try:
            report = importer.run()
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.render())
        if report.failed:
            raise CommandError(f"{report.failed} élément(s) en échec : voir le rapport ci-dessus.",
                               returncode=2)
