"""Recount every rating summary from the votes, and rescore the ranking.

Run it after changing RATINGS_PRIOR_WEIGHT or RATINGS_PRIOR_MEAN (the stored Bayesian scores
use them), or to check that the counters match the votes: it reports every summary it fixes.
Safe while readers vote (each article is recounted under its summary's row lock).
"""

from django.core.management.base import BaseCommand

from django.db import transaction

from ratings.invalidation import votes_changed
from ratings.models import Rating, RatingSummary
from ratings.ranking import bayesian_expression

COUNTERS = ["count", "total", "count_1", "count_2", "count_3", "count_4", "count_5"]


class Command(BaseCommand):
    help = "Recompte les résumés de notes à partir des votes et recalcule le classement."

    def add_arguments(self, parser):
        parser.add_argument("--scores-only", action="store_true",
                            help="Recalcule seulement le score de classement (une requête), après "
                                 "un changement de RATINGS_PRIOR_WEIGHT ou RATINGS_PRIOR_MEAN.")

    def handle(self, *args, scores_only=False, **options):
        if scores_only:
            with transaction.atomic():
                updated = RatingSummary.objects.update(bayesian=bayesian_expression())
                votes_changed()  # the order of « Les mieux notés »
            self.stdout.write(self.style.SUCCESS(f"{updated} scores de classement recalculés."))
            return
        article_ids = set(Rating.objects.values_list("article_id", flat=True).distinct())
        article_ids |= set(RatingSummary.objects.values_list("pk", flat=True))
        fixed = 0
        for article_id in sorted(article_ids):
            before = RatingSummary.objects.filter(pk=article_id).values(*COUNTERS).first()
            after = RatingSummary.objects.rebuild(article_id)
            if before != {field: getattr(after, field) for field in COUNTERS}:
                fixed += 1
                self.stdout.write(f"article {article_id}\u00a0: {before} → {after.count} votes, "
                                  f"{after.total} étoiles")
        self.stdout.write(self.style.SUCCESS(
            f"{len(article_ids)} articles recomptés, {fixed} résumés corrigés."))
