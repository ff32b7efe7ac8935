"""The media library: pictures uploaded once (checked, cleaned, turned into renditions at
upload, like covers: core/images.py) and shown in any body by id; and where each one is used.

A body stores `<figure data-image-id="12" data-width="wide">` (media_library/richtext.py); its
reader HTML is derived at save time from the rows here. When a picture's words, focal point or
file change, every body showing it is derived again (`ImageUsage.rerender`), which bumps its
pages' cache counters through that content's own save.
"""

import posixpath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import images

# What a library picture is turned into at upload: the body's column and wide widths (whole
# picture), full width (a 2:1 band centred on the focal point), and cards (3:2).
SPEC_NAMES = ("body", "body-full", "card")
# Fields whose change alters what readers see of the picture.
SHOWN_FIELDS = ("alt", "caption", "credit", "focal_x", "focal_y", "file", "renditions")


class LibraryImageQuerySet(models.QuerySet):
    def search(self, words):
        """Pictures whose alt text, caption, credit or file name hold every word."""
        queryset = self
        for word in (words or "").split()[:10]:
            queryset = queryset.filter(
                models.Q(alt__icontains=word) | models.Q(caption__icontains=word)
                | models.Q(credit__icontains=word) | models.Q(original_name__icontains=word))
        return queryset


class LibraryImage(models.Model):
    file = images.CheckedImageField(
        _("fichier"), upload_to="library/%Y/%m/", width_field="width", height_field="height",
        validators=[images.ImageRules()], help_text=_("JPEG, PNG ou WebP."))
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    original_name = models.CharField(_("nom du fichier envoyé"), max_length=255, blank=True,
                                     editable=False)
    alt = models.CharField(_("texte alternatif"), max_length=250,
                           help_text=_("Obligatoire : décrit l'image pour qui ne la voit pas."))
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    credit = models.CharField(_("crédit"), max_length=200, blank=True)
    # Where the subject is (0 = left/top, 1 = right/bottom): cropped renditions keep it in view.
    focal_x = models.FloatField(_("point d'intérêt, horizontal"), default=0.5,
                                validators=[MinValueValidator(0), MaxValueValidator(1)])
    focal_y = models.FloatField(_("point d'intérêt, vertical"), default=0.5,
                                validators=[MinValueValidator(0), MaxValueValidator(1)])
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("envoyée par"),
                                    null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = LibraryImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt or self.original_name or f"#{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        image._shown_before = image._shown()
        return image

    def _shown(self):
        return tuple(str(getattr(self, name, "")) if name == "file" else getattr(self, name, None)
                     for name in SHOWN_FIELDS if name in self.__dict__)

    @property
    def shown_changed(self):
        """Whether readers would see a difference since the row was loaded."""
        return getattr(self, "_shown_before", None) != self._shown()

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name = posixpath.basename(self.file.name)[:255]
        adding = self._state.adding
        with images.saving_images(self, "file", "renditions"):  # a failed save stores no file
            self.refresh_renditions()
            super().save(*args, **kwargs)
        if not adding and self.shown_changed:
            ImageUsage.rerender(self)  # in this save's transaction, with its cache counters
        self._shown_before = self._shown()

    def refresh_renditions(self, force=False):
        images.refresh_renditions(self, "file", "renditions", SPEC_NAMES,
                                  focal=(self.focal_x, self.focal_y), force=force)

    def rendition(self, spec, width=400):
        """The JPEG rendition of `spec` closest to `width`, as {"name", "width", "height"}."""
        entry = (self.renditions or {}).get("specs", {}).get(spec)
        if not entry:
            return None
        return min(entry["jpeg"], key=lambda item: abs(item["width"] - width))

    @property
    def thumbnail_url(self):
        """A small picture for the editor and the admin (the file itself before renditions)."""
        item = self.rendition("body", 400)
        if item is None:
            return self.file.url if self.file else ""
        return self.file.storage.url(item["name"])


class ImageUsage(models.Model):
    """A content (an article, a page…) that shows a library picture in its body, recorded at
    each save of that content. A used picture cannot be deleted (PROTECT)."""

    image = models.ForeignKey(LibraryImage, verbose_name=_("image"), on_delete=models.PROTECT,
                              related_name="usages")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("utilisation")
        verbose_name_plural = _("utilisations")
        constraints = [
            models.UniqueConstraint(fields=["image", "content_type", "object_id"],
                                    name="unique_image_usage"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="image_usage_object_idx")]

    def __str__(self):
        target = self.content_object
        kind = self.content_type.model_class()._meta.verbose_name if self.content_type.model_class() else "?"
        return f"{str(kind).capitalize()} « {target} »" if target is not None else f"{kind} #{self.object_id}"

    @classmethod
    def record(cls, obj, image_ids):
        """Make `obj`'s recorded usages exactly `image_ids` (ids of existing pictures)."""
        content_type = ContentType.objects.get_for_model(obj)
        wanted = set(image_ids)
        current = set(cls.objects.filter(content_type=content_type, object_id=obj.pk)
                      .values_list("image_id", flat=True))
        if current - wanted:
            cls.objects.filter(content_type=content_type, object_id=obj.pk,
                               image_id__in=current - wanted).delete()
        existing = set(LibraryImage.objects.filter(pk__in=wanted - current).values_list("pk", flat=True))
        cls.objects.bulk_create(
            [cls(image_id=pk, content_type=content_type, object_id=obj.pk) for pk in existing],
            ignore_conflicts=True)

    @classmethod
    def forget(cls, obj):
        cls.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()

    @classmethod
    def rerender(cls, image):
        """Derive again every body that shows `image`. Each content model that records usages
        implements `rerender_body()`: it recomputes its reader HTML from its stored body and saves
        it (its own signals move its pages' cache counters)."""
        by_type = {}
        for content_type_id, object_id in image.usages.values_list("content_type_id", "object_id"):
            by_type.setdefault(content_type_id, []).append(object_id)
        for content_type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            for obj in model._default_manager.filter(pk__in=ids):
                obj.rerender_body()
