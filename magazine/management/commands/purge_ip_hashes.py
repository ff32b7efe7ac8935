from django.conf import settings
from django.core.management.base import BaseCommand

from magazine.privacy import purge_ip_hashes


class Command(BaseCommand):
    help = ("Forget stored IP hashes older than IP_HASH_RETENTION_DAYS: comments, votes and "
            "failed admin logins (run it daily).")

    def handle(self, *args, **options):
        counts = purge_ip_hashes()
        self.stdout.write(
            f"{counts['comments']} comment IP hash(es), {counts['comment_reports']} report IP "
            f"hash(es) and {counts['ratings']} vote IP hash(es) "
            f"older than {settings.IP_HASH_RETENTION_DAYS} days blanked, "
            f"{counts['login_attempts']} old failed-login record(s), {counts['tasks']} finished "
            f"task(s), {counts['rate_counters']} expired rate-limit counter(s) and "
            f"{counts['purge_addresses']} old purge address(es) deleted."
        )
