"""A reader's comment (« avis ») on an article, with one level of replies.

The table keeps the name it had when comments lived in the ratings app (`ratings_comment`):
moving the code moved no data (migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.model_loading import QuickFromDb

from .text import excerpt, fingerprint, normalize_email, normalize_text, render_body


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def displayed(self):
        """Approved comments as readers count them: a reply only counts under a visible
        parent (replies to a removed comment go with it)."""
        return self.approved().filter(
            Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED)
        )

    def visible_to(self, reader):
        """What one reader sees: approved comments, plus their own comments awaiting review.

        A comment held as suspected spam looks exactly like a pending one to its poster, so
        a bot learns nothing from the page.
        """
        condition = Q(status=Comment.Status.APPROVED)
        if reader:
            condition |= Q(reader_id=reader, status__in=Comment.AWAITING)
        return self.filter(condition)

    def from_email(self, email):
        return self.filter(email=normalize_email(email))

    def top_level(self):
        return self.filter(parent__isnull=True)

    def approved_count_for(self, article):
        """Number of displayed comments of `article` (an OuterRef) as a subquery expression."""
        counts = (self.displayed().filter(article=article).order_by().values("article")
                  .annotate(n=models.Count("pk")).values("n"))
        return Coalesce(models.Subquery(counts, output_field=models.IntegerField()),
                        models.Value(0))


class Comment(QuickFromDb, models.Model):
    """A reader's comment ("avis") on an article, with at most one level of replies."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Publié")
        SPAM = "spam", _("Indésirable")
        REMOVED = "removed", _("Retiré")

    AWAITING = [Status.PENDING, Status.SPAM]

    article = models.ForeignKey("articles.Article", verbose_name=_("article"),
                                on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply always points to a top-level comment. If that comment is
    # erased, its replies stay and become top-level comments (other readers' words are kept).
    parent = models.ForeignKey("self", verbose_name=_("en réponse à"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="replies")
    name = models.CharField(_("nom"), max_length=80)
    # Never shown to readers; stored in lower case, used for trust, notifications and erasure.
    email = models.EmailField(_("e-mail"))
    # The commenter's site, as WordPress kept it (imported comments); never a link on our pages.
    website = models.URLField(_("site web"), max_length=300, blank=True)
    body = models.TextField(pgettext_lazy("texte d'un commentaire", "avis"))
    # Computed on save from `body` (escaped, linkified, line breaks kept); pages only read it.
    body_html = models.TextField(editable=False)
    # Same for texts differing only by case, spaces or punctuation: duplicate detection.
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    # Why the filters held it: as spam, or for an editor's eye (sent without the form's token).
    spam_reasons = models.CharField(_("motifs du filtre"), max_length=255, blank=True)
    notify_replies = models.BooleanField(_("prévenir des réponses"), default=False)
    # The poster's signed cookie id (core.readers): shows them their own pending comment.
    reader_id = models.CharField(max_length=64, blank=True, editable=False)
    # Salted, rotating hash of the poster's IP (never the IP), blanked after
    # IP_HASH_RETENTION_DAYS by `manage.py purge_ip_hashes`.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    moderated_at = models.DateTimeField(_("modéré le"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("modéré par"),
                                     null=True, blank=True, editable=False,
                                     on_delete=models.SET_NULL, related_name="+")
    # Set when the approval e-mails went out, so approving again never sends them twice.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a worker took on sending those e-mails (comments/tasks.py): a claim older than
    # TASK_STALE_SECONDS is one whose worker died before sending, and is taken over.
    notify_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        db_table = "ratings_comment"
        ordering = ["created_at", "id"]
        verbose_name = pgettext_lazy("un commentaire", "avis")
        verbose_name_plural = pgettext_lazy("des commentaires", "avis")
        permissions = [
            ("moderate_all_comments", _("Peut modérer les avis de tous les articles")),
            ("manage_commenter_data", _("Peut exporter et effacer les données d'un lecteur")),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["email", "status"], name="comment_email_idx"),
            models.Index(fields=["article", "fingerprint"], name="comment_fingerprint_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return excerpt(self.body, 60)

    def prepare(self):
        """Derive what is stored from what was written (also for bulk_create: imports)."""
        self.email = normalize_email(self.email)
        self.body = normalize_text(self.body)
        self.body_html = render_body(self.body)
        self.fingerprint = fingerprint(self.body)

    def save(self, *args, **kwargs):
        self.prepare()
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "fingerprint"}
        super().save(*args, **kwargs)

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_awaiting(self):
        return self.status in self.AWAITING

    @property
    def anchor(self):
        return f"avis-{self.pk}"

    def get_absolute_url(self):
        """The comment on its article's page, on the right page of comments."""
        top = self.parent or self
        position = (
            Comment.objects.approved().top_level()
            .filter(article_id=self.article_id)
            .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
            .count()
        )
        page = position // settings.COMMENTS_PER_PAGE + 1
        query = f"?avis={page}" if page > 1 else ""
        return f"{self.article.get_absolute_url()}{query}#{self.anchor}"



class CommentReport(models.Model):
    """« Signaler cet avis »: a reader's notice that a published comment breaks the law or the
    charter (the notice-and-action the DSA asks of a platform hosting readers' words).

    No account needed. Reports from one connection count once per comment; at
    COMMENTS_REPORTS_TO_HOLD open reports the comment goes back to the moderation queue (hidden
    until an editor decides), and any decision on the comment closes its reports.
    """

    class Reason(models.TextChoices):
        ILLEGAL = "illegal", _("Contenu illicite (haine, menace, diffamation…)")
        HARASSMENT = "harassment", _("Harcèlement ou attaque personnelle")
        PERSONAL_DATA = "personal_data", _("Données personnelles d'une autre personne")
        SPAM = "spam", _("Publicité ou spam")
        OTHER = "other", _("Autre raison")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=pgettext_lazy("un commentaire", "avis"))
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explication"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now, db_index=True)
    # Salted, rotating hash of the reporter's IP: one report per connection and comment;
    # blanked after IP_HASH_RETENTION_DAYS like the comments' own.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")

    def __str__(self):
        return f"{self.get_reason_display()} — {self.comment}"
