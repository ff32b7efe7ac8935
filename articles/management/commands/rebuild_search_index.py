"""Rebuild the search index of every article (articles/search.py).

Saves keep it up to date; run this after writes that bypass them (raw SQL, a restore from
another database, a change to the normalisation in articles/search.py). On SQLite the FTS5
table is emptied and refilled; on PostgreSQL every stored vector is recomputed. One
transaction: searches meanwhile see the old index until the end.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from articles import search


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche de tous les articles."

    def handle(self, *args, **options):
        with transaction.atomic():
            if search.uses_fts5():
                with connection.cursor() as cursor:
                    cursor.execute(search.FTS_CREATE_SQL)  # in case it was dropped by hand
            count = search.rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"{count} articles indexés pour la recherche."))
