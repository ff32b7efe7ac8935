from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Standalone pages (« À propos », « Mentions légales »…) and the publisher's legal notice."""

    name = "pages"
    verbose_name = _("Pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import invalidation, revisions  # noqa: F401  (revisions: registers with reversion)

        invalidation.connect()
