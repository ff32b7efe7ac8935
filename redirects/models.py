from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pagecache.generations import bump

from .paths import OLD_PATH_MAX, TARGET_MAX, normalize_old_path, normalize_target

# Page-cache counters (pagecache.generations). "redirects" moves with any change of a redirect:
# the lookups cached under it are read again. "query-redirects" moves when a redirect with a
# query string appears, goes or changes its old address: every page depends on it
# (redirects.middleware), since `/?p=123` must stop being answered by the stored home page.
REDIRECTS_KEY = "redirects"
QUERY_KEY = "query-redirects"

_MAX_HOPS = 20


def changed(*old_paths):
    """A change to the redirects from these old addresses, in the current transaction (a
    batch, such as an import, wraps its work in pagecache.generations.deferred_bumps)."""
    keys = {REDIRECTS_KEY}
    if any("?" in path for path in old_paths if path):
        keys.add(QUERY_KEY)
    bump(*keys)


class RedirectQuerySet(models.QuerySet):
    def gone(self):
        return self.filter(new_path="")

    def delete(self):
        old_paths = list(self.values_list("old_path", flat=True))
        if not old_paths:
            return 0, {}
        with transaction.atomic():
            result = super().delete()
            changed(*old_paths)
        return result

    def record_move(self, old, new):
        """An object readers could see at `old` is now at `new` (a slug changed): `old` answers
        301 to `new`, and so does every redirect that led to `old`. A redirect from `new`
        goes: there is content there now (renaming back A→B→A leaves only B→A)."""
        with transaction.atomic():
            self.filter(old_path=new).delete()
            redirect = self.filter(old_path=old).first() or Redirect(old_path=old)
            redirect.new_path = new
            redirect.origin = Redirect.Origin.AUTOMATIC
            redirect.save()
        return redirect

    def content_at(self, paths):
        """Content readers can see is at these addresses: redirects from them go."""
        self.filter(old_path__in=list(paths)).delete()


class Redirect(models.Model):
    """An old address: 301 to its new one, or 410 Gone when the new one is empty.

    Followed only where nothing else answers (a 404), except an old address with a query
    string (WordPress's `/?p=123`), checked before the page its path shows
    (redirects.middleware). No chains: a redirect always points to a final address, and
    every redirect to an old address follows it to the new one when it is saved."""

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", _("Automatique (changement d'adresse)")
        MANUAL = "manual", _("Saisie dans l'administration")
        IMPORT = "import", _("Import CSV")

    old_path = models.CharField(
        _("ancienne adresse"), max_length=OLD_PATH_MAX, unique=True,
        error_messages={"unique": _("Une redirection part déjà de cette adresse.")},
        help_text=_("Un chemin de ce site, par exemple /articles/ancien-titre/ ou /?p=123."))
    new_path = models.CharField(
        _("nouvelle adresse"), max_length=TARGET_MAX, blank=True,
        db_index=True,  # the redirects to an address that moves are found by it (no chains)
        help_text=_("Un chemin (/articles/nouveau-titre/) ou une adresse complète. "
                    "Vide : l'adresse répond « Cet article a été retiré » (410)."))
    hits = models.PositiveIntegerField(_("visites"), default=0, editable=False)
    last_hit_at = models.DateTimeField(_("dernière visite"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices,
                              default=Origin.MANUAL, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("redirection")
        verbose_name_plural = _("redirections")

    def __str__(self):
        return f"{self.old_path} → {self.new_path or '410'}"

    @classmethod
    def from_db(cls, db, field_names, values):
        redirect = super().from_db(db, field_names, values)
        redirect._loaded_old_path = redirect.__dict__.get("old_path")
        redirect._normalized = (redirect._loaded_old_path, redirect.__dict__.get("new_path"))
        return redirect

    @property
    def is_gone(self):
        return not self.new_path

    def normalize(self):
        """Both addresses in their one written form (redirects.paths); once: decoding an
        address twice would change one with a "%" in it."""
        if getattr(self, "_normalized", None) == (self.old_path, self.new_path):
            return
        errors = {}
        for field, normalize in (("old_path", normalize_old_path), ("new_path", normalize_target)):
            try:
                setattr(self, field, normalize(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)
        self._normalized = (self.old_path, self.new_path)

    def final_target(self):
        """Where this redirect ends once the redirects from its target are followed; raises a
        ValidationError if that leads back to its own old address."""
        target, seen = self.new_path, {self.old_path}
        for _hop in range(_MAX_HOPS):
            path = target.split("#")[0]
            if path in seen:
                raise ValidationError({"new_path": gettext(
                    "Cette redirection ferait une boucle : %(target)s mène déjà à %(old)s.")
                    % {"target": self.new_path, "old": self.old_path}}, code="loop")
            if not path.startswith("/"):
                return target  # gone (""), or another site
            seen.add(path)
            following = (Redirect.objects.filter(old_path=path).exclude(pk=self.pk)
                         .values_list("new_path", flat=True).first())
            if following is None:
                return target
            target = following
        raise ValidationError({"new_path": gettext("Cette redirection passe par trop d'étapes.")},
                              code="loop")

    def clean(self):
        self.normalize()
        self.final_target()

    def save(self, *args, **kwargs):
        self.normalize()
        with transaction.atomic():
            self.new_path = self.final_target()
            super().save(*args, **kwargs)
            # Redirects to this old address now go straight to the new one (no chains).
            Redirect.objects.filter(new_path=self.old_path).exclude(pk=self.pk).update(
                new_path=self.new_path)
            changed(self.old_path, getattr(self, "_loaded_old_path", None))
        self._loaded_old_path = self.old_path

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            changed(self.old_path)
        return result
