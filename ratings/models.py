from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Now
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from core.model_loading import QuickFromDb

from . import ranking
from .invalidation import votes_changed

SCORES = range(1, 6)
MAX_SCORE = 5


def stars_label(score):
    """"4 étoiles sur 5": how a score reads out loud (labels, messages, screen readers)."""
    return ngettext("%(score)s étoile sur %(max)s", "%(score)s étoiles sur %(max)s", score) % {
        "score": score, "max": MAX_SCORE}


class TooManyReaders(Exception):
    """Too many different reader cookies voted on one article from one network today."""


class RatingQuerySet(models.QuerySet):
    def vote(self, article, reader_id, ip_hash, score, new_reader=False):
        """Record `reader_id`'s `score` for `article`; return (rating, previous score or None).

        One transaction: the reader's row, then the article's summary counters. The row is
        locked (SELECT … FOR UPDATE) before its old score is read, and a concurrent first vote
        by the same reader loses on the unique constraint and becomes a re-vote, so a reader
        never counts twice. Counters move with F() expressions (one UPDATE, no read-modify-
        write). Every vote locks its own row first and the summary row last, so concurrent
        votes queue on the summary only for the time of one UPDATE and cannot deadlock.

        `new_reader`: the id was minted for this request (random, 144 bits), so the row is
        inserted straight away: INSERT, UPDATE, COMMIT. Should the unique constraint object
        all the same, the vote is replayed the careful way.

        Raises TooManyReaders when a NEW reader would exceed RATINGS_MAX_READERS_PER_IP on
        this article from this IP hash.
        """
        if score not in SCORES:
            raise ValueError(f"score must be 1 to {MAX_SCORE}, not {score!r}")
        if new_reader:
            try:
                with transaction.atomic():
                    self._check_readers_per_ip(article, ip_hash)
                    rating = self.create(article=article, reader_id=reader_id, ip_hash=ip_hash,
                                         score=score)
                    self._counted(article, score, None)
                return rating, None
            except IntegrityError:
                pass
        with transaction.atomic():
            rows = self.select_for_update().filter(article=article, reader_id=reader_id)
            rating, previous = rows.first(), None
            if rating is None:
                self._check_readers_per_ip(article, ip_hash)
                try:
                    with transaction.atomic():
                        rating = self.create(article=article, reader_id=reader_id,
                                             ip_hash=ip_hash, score=score)
                except IntegrityError:
                    # The same reader's other request inserted first: this is a re-vote.
                    rating = rows.first()
                    if rating is None:
                        raise
                    previous = rating.score
            else:
                previous = rating.score
            if previous is not None and previous != score:
                rating.score, rating.ip_hash = score, ip_hash
                rating.save(update_fields=["score", "ip_hash", "updated_at"])
            if previous != score:
                self._counted(article, score, previous)
        return rating, previous

    @staticmethod
    def _counted(article, score, previous):
        """Move the summary, and the caches' counters with it (last: the summary's row is
        locked first, in the same order by every vote)."""
        RatingSummary.objects.count_vote(article.pk, score, previous)
        votes_changed(article.pk)

    def _check_readers_per_ip(self, article, ip_hash):
        # A soft cap (two simultaneous newcomers may both pass): bounds how many votes one
        # address can mint by dropping its cookie, without locking out a family or an office.
        limit = settings.RATINGS_MAX_READERS_PER_IP
        if limit and self.filter(article=article, ip_hash=ip_hash).count() >= limit:
            raise TooManyReaders


class Rating(models.Model):
    """One reader's stars for one article. A re-vote changes the row, never adds one."""

    # No index of its own: the unique constraint's index starts with the article.
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="ratings", db_index=False)
    # The signed `lecteur` cookie's random id (core.readers), not a person.
    reader_id = models.CharField(_("lecteur"), max_length=64)
    # Salted, rotating hash of the voter's IP (core.readers.ip_hash); never the IP itself.
    ip_hash = models.CharField(_("empreinte de l'adresse IP"), max_length=64)
    score = models.PositiveSmallIntegerField(
        _("note"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SCORE)])
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("note de lecteur")
        verbose_name_plural = _("notes des lecteurs")
        constraints = [
            models.UniqueConstraint(fields=["article", "reader_id"], name="rating_one_per_reader"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=MAX_SCORE),
                                   name="rating_score_1_to_5"),
        ]
        indexes = [
            # Distinct readers per network and article (RATINGS_MAX_READERS_PER_IP).
            models.Index(fields=["article", "ip_hash"], name="rating_article_ip_idx"),
        ]

    def __str__(self):
        return f"{self.article}\u00a0: {stars_label(self.score)}"


@dataclass(frozen=True)
class StarShare:
    """One bar of the distribution: how many readers gave `stars` stars."""

    stars: int
    count: int
    percent: int

    @property
    def label(self):
        return stars_label(self.stars)

    @property
    def percent_label(self):
        return _("%(percent)s %%") % {"percent": self.percent}


@dataclass(frozen=True)
class RatingDisplay:
    """A summary as readers, editors and JSON clients see it, in the active language.

    The one place that rounds the average ("4,6"), words the count ("1 vote", "30 votes") and
    computes the distribution's percentages: the widget, the admin, the JSON answer to a vote
    and the structured data all read it.
    """

    count: int
    total: int
    average: Decimal | None  # rounded to one decimal; None without votes
    distribution: tuple  # StarShare, 5★ first, of the votes cast here (imported ones have none)
    imported_count: int = 0  # votes brought from a previous site, counted in `count`

    @property
    def detailed_count(self):
        """The votes whose stars are known one by one (the distribution's 100 %)."""
        return self.count - self.imported_count

    @property
    def imported_label(self):
        """Said under the distribution when some votes came without their per-star split."""
        if not self.imported_count:
            return ""
        return ngettext(
            "Dont %(count)s vote repris de l'ancien site, sans détail par étoile : la "
            "répartition porte sur les %(detailed)s autres.",
            "Dont %(count)s votes repris de l'ancien site, sans détail par étoile : la "
            "répartition porte sur les %(detailed)s autres.", self.imported_count) % {
            "count": number_format(self.imported_count, force_grouping=True),
            "detailed": number_format(self.detailed_count, force_grouping=True)}

    @property
    def average_label(self):
        return number_format(self.average, decimal_pos=1) if self.count else ""

    @property
    def count_label(self):
        return ngettext("%(count)s vote", "%(count)s votes", self.count) % {
            "count": number_format(self.count, force_grouping=True)}

    @property
    def label(self):
        """"4,6/5 (30 votes)", or a French sentence when nobody has voted yet."""
        if not self.count:
            return str(_("Aucune note pour l'instant"))
        return _("%(average)s/5 (%(votes)s)") % {"average": self.average_label,
                                                  "votes": self.count_label}

    def as_dict(self):
        return {
            "count": self.count,
            "total": self.total,
            "average": float(self.average) if self.count else None,
            "average_label": self.average_label,
            "count_label": self.count_label,
            "label": str(self.label),
            "distribution": [{"stars": s.stars, "count": s.count, "percent": s.percent}
                             for s in self.distribution],
            "imported_count": self.imported_count,
        }

    def as_aggregate_rating(self):
        """schema.org AggregateRating (None without votes); see ratings.structured_data."""
        if not self.count:
            return None
        return {"@type": "AggregateRating", "ratingValue": str(self.average),
                "bestRating": str(MAX_SCORE), "worstRating": "1", "ratingCount": self.count}


def _percentages(counts, total):
    """Whole percentages that add up to exactly 100 (largest remainder first)."""
    if not total:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in by_remainder[: 100 - sum(whole)]:
        whole[i] += 1
    return whole


class RatingSummaryQuerySet(models.QuerySet):
    def for_article(self, article):
        """The article's summary, or an empty one (not saved) if nobody has voted yet.

        Free when the article was fetched with select_related("rating_summary").
        """
        if Article.rating_summary.is_cached(article):
            return getattr(article, "rating_summary", None) or RatingSummary(article=article)
        return self.filter(article=article).first() or RatingSummary(article=article)

    def count_vote(self, article_id, score, previous=None):
        """Add one vote (or move a re-vote from `previous` to `score`) in a single UPDATE.

        Called inside the vote's transaction. F() expressions make the database do the
        arithmetic on the row it has locked, so concurrent votes never overwrite each other.
        The row is created on the article's first vote, race-free: INSERT … ON CONFLICT DO
        NOTHING, then the same UPDATE.
        """
        if previous is None:
            changes = {"count": F("count") + 1, "total": F("total") + score,
                       f"count_{score}": F(f"count_{score}") + 1,
                       "bayesian": ranking.bayesian_expression(score, 1)}
        else:
            changes = {"total": F("total") + (score - previous),
                       f"count_{previous}": F(f"count_{previous}") - 1,
                       f"count_{score}": F(f"count_{score}") + 1,
                       "bayesian": ranking.bayesian_expression(score - previous, 0)}
        changes["updated_at"] = Now()
        if not self.filter(pk=article_id).update(**changes):
            self.bulk_create([RatingSummary(article_id=article_id)], ignore_conflicts=True)
            self.filter(pk=article_id).update(**changes)

    def rebuild(self, article_id):
        """Recount an article's summary from its Rating rows (repairs, resets, new prior).

        The summary row is locked first: a vote that already counted itself has committed
        by the time the lock is ours (so its row is in the recount), and a vote still to count
        itself waits for the lock and adds itself to the recount's result.
        """
        with transaction.atomic():
            self.bulk_create([RatingSummary(article_id=article_id)], ignore_conflicts=True)
            summary = self.select_for_update().get(pk=article_id)
            counts = Rating.objects.filter(article_id=article_id).aggregate(
                total=Sum("score", default=0),
                **{f"count_{s}": models.Count("pk", filter=Q(score=s)) for s in SCORES})
            for field, value in counts.items():
                setattr(summary, field, value)
            summary.total += summary.imported_total
            summary.count = sum(counts[f"count_{s}"] for s in SCORES) + summary.imported_count
            summary.bayesian = ranking.bayesian_average(summary.total, summary.count)
            summary.save()
            votes_changed(article_id)
        return summary

    def reset(self, article):
        """Delete every vote on `article` and zero its summary; returns how many were deleted.

        Ratings are deleted before the summary is locked, in the order votes take their locks,
        so a reset and a vote cannot deadlock; a vote racing the reset is kept and counted.
        """
        with transaction.atomic():
            deleted, _detail = Rating.objects.filter(article=article).delete()
            self.filter(pk=article.pk).update(imported_count=0, imported_total=0)
            self.rebuild(article.pk)  # moves the caches' counters too
        return deleted

    def import_votes(self, article_id, count, total):
        """Set the votes an article brings from a previous site (a WordPress rating plugin
        keeps a count and a sum of stars, no per-star split). They add to `count` and `total`
        like any vote, so the average and the ranking read the same after the move; running an
        import again replaces them instead of adding them twice; new votes add to them."""
        if count < 0 or total < count or total > count * MAX_SCORE:
            raise ValueError(f"{count} votes cannot add up to {total} stars")
        with transaction.atomic():
            self.bulk_create([RatingSummary(article_id=article_id)], ignore_conflicts=True)
            self.filter(pk=article_id).update(imported_count=count, imported_total=total)
            return self.rebuild(article_id)


class RatingSummary(QuickFromDb, models.Model):
    """An article's counters, kept exact by every vote in the vote's own transaction."""

    article = models.OneToOneField(Article, verbose_name=_("article"), primary_key=True,
                                   on_delete=models.CASCADE, related_name="rating_summary")
    count = models.PositiveIntegerField(_("votes"), default=0)
    total = models.PositiveIntegerField(_("total des étoiles"), default=0)
    count_1 = models.PositiveIntegerField(_("votes à 1 étoile"), default=0)
    count_2 = models.PositiveIntegerField(_("votes à 2 étoiles"), default=0)
    count_3 = models.PositiveIntegerField(_("votes à 3 étoiles"), default=0)
    count_4 = models.PositiveIntegerField(_("votes à 4 étoiles"), default=0)
    count_5 = models.PositiveIntegerField(_("votes à 5 étoiles"), default=0)
    # Votes brought from a previous site (WordPress import), included in count and total.
    imported_count = models.PositiveIntegerField(_("votes repris de l'ancien site"), default=0)
    imported_total = models.PositiveIntegerField(_("étoiles reprises de l'ancien site"), default=0)
    # Bayesian average (ratings/ranking.py), the ranking of "Les mieux notés".
    bayesian = models.FloatField(_("score de classement"), default=ranking.prior_score)
    updated_at = models.DateTimeField(_("dernier vote"), auto_now=True)

    objects = RatingSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("article noté")
        verbose_name_plural = _("articles notés")
        permissions = [("reset_ratings", _("Peut remettre à zéro les notes d'un article"))]
        indexes = [
            models.Index(fields=["-bayesian", "-count", "-article"],
                         name="rating_summary_rank_idx"),
        ]

    def __str__(self):
        return str(self.article)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def display(self):
        counts = [getattr(self, f"count_{s}") for s in reversed(SCORES)]
        average = (
            (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if self.count else None
        )
        detailed = self.count - self.imported_count
        shares = tuple(StarShare(stars, count, percent) for stars, count, percent in
                       zip(reversed(SCORES), counts, _percentages(counts, detailed)))
        return RatingDisplay(count=self.count, total=self.total, average=average,
                             distribution=shares, imported_count=self.imported_count)
