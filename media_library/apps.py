from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    """The media library: pictures uploaded once and reused anywhere (bodies, covers), and the
    rich-text bodies that show them and embedded videos. Imports no content app: articles and
    pages call it."""

    name = "media_library"
    verbose_name = _("Médiathèque")
    default_auto_field = "django.db.models.BigAutoField"
