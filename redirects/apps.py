from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    """Old addresses that keep working: 301 to the new one, or 410 for what was withdrawn.
    Imports no content app: it follows the models named in settings.REDIRECT_TRACKED_MODELS."""

    name = "redirects"
    verbose_name = _("Redirections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pagecache import dependencies

        from . import tracking
        from .models import QUERY_KEY, REDIRECTS_KEY

        dependencies.register(REDIRECTS_KEY)
        dependencies.register(QUERY_KEY)
        tracking.connect()
