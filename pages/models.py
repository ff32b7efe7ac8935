"""Standalone pages (« À propos », « Mentions légales »…) and the publisher's legal notice.

A page lives at `/<slug>/` or under a parent, `/<parent>/<slug>/`. Its address is stored
(`path`, "a-propos/equipe/"), computed at save from its parent's and carried down to its
children when it changes, so the reader's URL resolves in one indexed query and the footer
and the sitemap never walk the tree. `Page.get_absolute_url` is the one place that turns it
into a URL; `PageQuerySet.published()` the one rule for what readers may see.
"""

import re
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, transaction
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from core.model_loading import QuickFromDb
from core.slugs import slugify
from media_library.models import ImageUsage
from media_library.richtext import BODY_EDITOR_EXTENSIONS, clean_body, render_body

# The page that shows the publisher's legal notice (LegalNotice) with its own text.
LEGAL_NOTICE_SLUG = "mentions-legales"

_FIRST_SEGMENT = re.compile(r"^\^?([-\w]+)")


def _first_segments(patterns):
    """The literal first path segments of these URL patterns ("articles", "admin"…); empty
    routes (includes at the root, the language prefix) are looked into. A pattern that starts
    with a parameter or a group (the pages' own catch-all) reserves nothing."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            yield from (code for code, _name in settings.LANGUAGES)
            yield from _first_segments(pattern.url_patterns)
            continue
        route = str(pattern.pattern)
        if isinstance(pattern.pattern, RoutePattern):
            segment = route.split("/", 1)[0]
            segment = "" if "<" in segment else segment
        else:
            match = _FIRST_SEGMENT.match(route)
            segment = match.group(1) if match else ""
        if segment:
            yield segment
        elif isinstance(pattern, URLResolver) and not route.strip("^"):
            yield from _first_segments(pattern.url_patterns)


@cache
def _url_slugs():
    return frozenset(_first_segments(get_resolver().url_patterns))


def _first_path_segment(url):
    return urlsplit(url).path.strip("/").split("/")[0]


def reserved_slugs():
    """Addresses the site itself answers at its root (derived from the URLconf, plus the
    static and media prefixes): a page there would be hidden, or would hide them. "media" stays
    reserved when uploads are served from an object store (MEDIA_URL another host's): going
    back to the disk must not find a page there."""
    names = set(_url_slugs())
    names |= {_first_path_segment(settings.STATIC_URL), _first_path_segment(settings.MEDIA_URL),
              _first_path_segment("/" + settings.ADMIN_PATH), "static", "media", "sitemap", "robots"}
    return frozenset(name.lower() for name in names if name)


class PageQuerySet(models.QuerySet):
    def published(self):
        """What readers may see."""
        return self.filter(status=Page.Status.PUBLISHED)

    def in_footer(self):
        """The footer's links, in order."""
        return (self.published().filter(footer_position__isnull=False)
                .order_by("footer_position", "title").only("title", "path"))


class Page(QuickFromDb, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, blank=True,
        help_text=_("Dernière partie de l'adresse ; déduite du titre si vide."))
    parent = models.ForeignKey(
        "self", verbose_name=_("page parente"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Vide : la page est à la racine du site (/slug/)."))
    # "a-propos/" or "a-propos/equipe/": the address without slashes around the site's root.
    path = models.CharField(_("adresse"), max_length=400, unique=True, editable=False)
    body = ProseEditorField(_("texte"), blank=True, config={"extensions": BODY_EDITOR_EXTENSIONS},
                            sanitize=clean_body)
    # The body as readers get it (media_library.richtext.render_body), made at save.
    body_html = models.TextField(default="", blank=True, editable=False)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    footer_position = models.PositiveSmallIntegerField(
        _("position dans le pied de page"), null=True, blank=True,
        help_text=_("Vide : la page n'est pas dans le pied de page. Les plus petits d'abord."))
    seo_description = models.CharField(_("description pour les moteurs de recherche"),
                                       max_length=300, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # The library pictures its body shows (recorded at each save; deleted with the page).
    image_usages = GenericRelation(ImageUsage)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        indexes = [models.Index(fields=["status", "footer_position"], name="page_footer_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"path": self.path})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def shows_legal_notice(self):
        """The « Mentions légales » page shows the publisher's legal notice with its text:
        the root page whose slug is LEGAL_NOTICE_SLUG."""
        return self.parent_id is None and self.slug == LEGAL_NOTICE_SLUG

    def computed_path(self):
        parent_path = self.parent.path if self.parent_id else ""
        return f"{parent_path}{self.slug}/"

    def clean(self):
        super().clean()
        if not self.slug and self.title:
            self.slug = slugify(self.title)[:80].strip("-")
        errors = {}
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.parent.path.startswith(
                Page.objects.filter(pk=self.pk).values_list("path", flat=True).first() or "\0")):
            errors["parent"] = _("Une page ne peut pas être placée sous elle-même ni sous une de "
                                 "ses sous-pages.")
        elif self.slug:
            if self.parent_id is None and self.slug.lower() in reserved_slugs():
                errors["slug"] = _("« %(slug)s » est une adresse réservée du site (articles, "
                                   "rubriques, administration…) : choisissez-en une autre."
                                   ) % {"slug": self.slug}
            elif Page.objects.filter(path=self.computed_path()).exclude(pk=self.pk).exists():
                errors["slug"] = _("Une autre page a déjà l'adresse /%(path)s : choisissez un "
                                   "autre slug ou une autre page parente.") % {"path": self.computed_path()}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80].strip("-") or "page"
        self.body = clean_body(self.body)
        rendered = render_body(self.body)
        self.body_html = rendered.html
        with transaction.atomic():
            old_path = (Page.objects.select_for_update().filter(pk=self.pk)
                        .values_list("path", flat=True).first() if self.pk else None)
            if self.parent_id:
                parent_path = Page.objects.values_list("path", flat=True).get(pk=self.parent_id)
                if old_path and (self.parent_id == self.pk or parent_path.startswith(old_path)):
                    raise ValidationError(_("Une page ne peut pas être placée sous elle-même ni "
                                            "sous une de ses sous-pages."))
            self.path = f"{parent_path if self.parent_id else ''}{self.slug}/"
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                update_fields = set(update_fields)
                if "body" in update_fields:
                    update_fields.add("body_html")
                if update_fields & {"slug", "parent"}:
                    update_fields.add("path")
                kwargs["update_fields"] = update_fields
            super().save(*args, **kwargs)
            ImageUsage.record(self, rendered.image_ids)
            if old_path and old_path != self.path:
                # Its subpages move with it, each saved (their old addresses redirect, their
                # pages' counters move): pages are few.
                for child in self.children.all():
                    child.save(update_fields=["path"])

    def rerender_body(self):
        """Derive the reader HTML again after a library picture it shows changed
        (media_library's ImageUsage.rerender)."""
        self.save(update_fields=["body_html"])


class LegalNotice(models.Model):
    """What French law (LCEN, art. 6-III) requires a publisher to show: who publishes, who is
    responsible for publication, who hosts. One row, edited in one admin screen."""

    SINGLETON_ID = 1

    publisher_name = models.CharField(
        _("éditeur : nom ou dénomination sociale"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("forme juridique"), max_length=100, blank=True,
        help_text=_("SAS, SARL, association loi 1901, entreprise individuelle…"))
    share_capital = models.CharField(
        _("capital social"), max_length=100, blank=True,
        help_text=_("Pour une société seulement, par exemple « 10 000 € »."))
    address = models.TextField(_("adresse du siège"), max_length=500, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    registration = models.CharField(
        _("numéro d'immatriculation"), max_length=200, blank=True,
        help_text=_("RCS et numéro SIREN, ou numéro RNA pour une association."))
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"), max_length=200, blank=True)
    host_name = models.CharField(_("hébergeur : nom ou dénomination sociale"), max_length=200,
                                 blank=True)
    host_address = models.TextField(_("adresse de l'hébergeur"), max_length=500, blank=True)
    host_phone = models.CharField(_("téléphone de l'hébergeur"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("modifiées le"), auto_now=True)

    # What the law requires (the share capital applies to companies only).
    REQUIRED_FIELDS = ["publisher_name", "legal_form", "address", "phone", "email",
                       "registration", "publication_director", "host_name", "host_address",
                       "host_phone"]

    class Meta:
        verbose_name = _("informations légales")
        verbose_name_plural = _("informations légales")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="legal_notice_singleton")]

    def __str__(self):
        return str(_("Informations légales"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The notice as stored, or an empty one (nothing written on a reader's visit)."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(pk=cls.SINGLETON_ID)

    @classmethod
    def load(cls):
        """The stored notice, created empty if needed (the admin's one screen)."""
        return cls.objects.get_or_create(pk=cls.SINGLETON_ID)[0]

    def missing_fields(self):
        """Labels of the required fields still empty."""
        return [self._meta.get_field(name).verbose_name for name in self.REQUIRED_FIELDS
                if not str(getattr(self, name)).strip()]

    @property
    def is_complete(self):
        return not self.missing_fields()
