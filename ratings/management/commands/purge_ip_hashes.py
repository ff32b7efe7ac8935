from django.conf import settings
from django.core.management.base import BaseCommand

from ratings.privacy import purge_ip_hashes


class Command(BaseCommand):
    help = "Blank stored IP hashes older than IP_HASH_RETENTION_DAYS (run it daily)."

    def handle(self, *args, **options):
        count = purge_ip_hashes()
        self.stdout.write(f"{count} IP hash(es) older than {settings.IP_HASH_RETENTION_DAYS} days blanked.")
