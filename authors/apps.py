from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = _("Auteurs")

    def ready(self):
        from . import invalidation

        invalidation.connect()
