"""What an import remembers: which WordPress item became which object here (so a second run
updates instead of duplicating), and each run started from the admin, with its report."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import AliasedStorage


class ImportedItem(models.Model):
    """One WordPress item (keyed by its site's address and its WordPress id) and its object
    here. `local_version` is the object's own version when the import last wrote it: if it
    moved since, someone edited it here and a new run leaves it alone."""

    class Kind(models.TextChoices):
        AUTHOR = "author", _("auteur")
        SECTION = "section", _("rubrique")
        TAG = "tag", _("mot-clé")
        POST = "post", _("article")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("image")
        COMMENT = "comment", _("avis")

    source = models.CharField(_("site d'origine"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # Terms and authors are keyed by slug or login (their ids are not always exported).
    wp_key = models.CharField(_("identifiant WordPress"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField(max_length=64, blank=True)
    local_version = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(_("importé le"), auto_now=True)

    class Meta:
        verbose_name = _("élément importé")
        verbose_name_plural = _("éléments importés")
        constraints = [models.UniqueConstraint(fields=["source", "kind", "wp_key"],
                                               name="unique_imported_item")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_key} ({self.source})"


def export_storage():
    """Uploaded exports hold readers' e-mail addresses: kept in the private `imports` storage
    (settings.IMPORTS_ROOT outside MEDIA_ROOT, or a private prefix of the object store), never
    served to readers (core/storage.py)."""
    return AliasedStorage("imports")


class ImportRun(models.Model):
    """An import started from the admin: the uploaded export, then the report the background
    task wrote."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échoué")

    export = models.FileField(_("fichier d'export WordPress"), upload_to="wordpress/",
                              storage=export_storage)
    dry_run = models.BooleanField(_("essai à blanc"), default=False,
                                  help_text=_("Lit tout et écrit le rapport sans rien enregistrer."))
    section_from = models.CharField(
        _("rubriques tirées des"), max_length=10, default="category",
        choices=[("category", _("catégories")), ("tag", _("étiquettes"))])
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    report = models.TextField(_("rapport"), blank=True)
    summary = models.CharField(_("bilan"), max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lancé par"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import WordPress")
        verbose_name_plural = _("imports WordPress")

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} — {self.get_status_display()}"
