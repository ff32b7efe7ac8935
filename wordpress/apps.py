from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """Moving a WordPress magazine in (`manage.py import_wordpress`): its export file read as a
    stream, its bodies turned into ours, every item mapped onto the apps below."""

    name = "wordpress"
    verbose_name = _("Import WordPress")
    default_auto_field = "django.db.models.BigAutoField"
