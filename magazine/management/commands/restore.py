from django.core.management.base import BaseCommand, CommandError

from magazine.backup import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = "Restaure une sauvegarde (base et médias) dans une base vide, puis vérifie les comptes."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Nom d'une sauvegarde écrite par « manage.py backup » "
                                           "(AAAAMMJJ-HHMMSS), ou dossier local d'une ancienne.")
        parser.add_argument("--force", action="store_true",
                            help="Restaurer même si la base contient déjà des articles (ils seront écrasés).")

    def handle(self, *args, backup, force=False, **options):
        try:
            expected, found = restore_backup(backup, force=force)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal))
        missing = {label: (count, found.get(label)) for label, count in expected.items()
                   if found.get(label) != count}
        if missing:
            raise CommandError(f"Restauration incomplète : {missing}")
        self.stdout.write(self.style.SUCCESS(
            f"Restauration vérifiée : {sum(expected.values())} ligne(s), comptes identiques."
        ))
