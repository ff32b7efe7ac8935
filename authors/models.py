from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import images
from core.model_loading import QuickFromDb
from core.slugs import unique_slug
from core.urls import slug_url


class Author(QuickFromDb, models.Model):
    """A journalist as readers see them: byline, bio box and author page."""

    name = models.CharField(_("nom affiché"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True,
                            help_text=_("Adresse de la page auteur ; déduite du nom si vide."))
    job_title = models.CharField(_("fonction"), max_length=120, blank=True,
                                 help_text=_("Par exemple « journaliste » ou « reporter »."))
    short_bio = models.TextField(_("bio courte"), max_length=600, blank=True,
                                 help_text=_("Affichée dans l'encadré sous chaque article."))
    long_bio = models.TextField(_("bio longue"), blank=True,
                                help_text=_("Affichée sur la page de l'auteur."))
    portrait = images.CheckedImageField(
        _("portrait"), upload_to="authors/", blank=True,
        width_field="portrait_width", height_field="portrait_height",
        validators=[images.ImageRules("IMAGE_PORTRAIT_MIN_SIZE", "IMAGE_PORTRAIT_MIN_SIZE")],
        help_text=_("JPEG, PNG ou WebP, au moins 200 × 200 pixels ; recadré en carré."))
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Made once when the portrait is saved (core/images.py); pages read only this.
    portrait_renditions = models.JSONField(default=dict, blank=True, editable=False)
    email = models.EmailField(_("e-mail de contact"), blank=True)
    years_of_experience = models.PositiveSmallIntegerField(_("années d'expérience"), null=True, blank=True)
    background = models.TextField(_("parcours"), blank=True,
                                  help_text=_("Rédactions précédentes, formation."))
    website = models.URLField(_("site web"), blank=True)
    mastodon = models.URLField(_("Mastodon"), blank=True)
    bluesky = models.URLField(_("Bluesky"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="author",
        help_text=_("Le compte qui écrit sous ce nom."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        with images.saving_images(self, "portrait", "portrait_renditions"):  # a failed save stores no file
            self.refresh_renditions()
            super().save(*args, **kwargs)

    def refresh_renditions(self, force=False):
        # Faces sit in the upper part of a portrait: square crops keep the top.
        images.refresh_renditions(self, "portrait", "portrait_renditions", ("portrait",),
                                  focal=(0.5, 0.35), force=force)

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)  # her articles' page

    @property
    def links(self):
        """(label, url) pairs of the author's public profiles, in display order."""
        pairs = [
            (_("Site web"), self.website),
            ("Mastodon", self.mastodon),
            ("Bluesky", self.bluesky),
            ("LinkedIn", self.linkedin),
        ]
        return [(label, url) for label, url in pairs if url]
