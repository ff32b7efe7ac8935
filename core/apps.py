from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base every app builds on (HTML sanitizing, typography, images, slugs, reader
    identity, rate limits, readers' forms, background tasks, error reports). It imports no app
    of the project."""

    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        from . import postgresql  # noqa: F401  (its connection_created receiver)
