from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Avis des lecteurs")

    def ready(self):
        from articles import views as article_views

        from . import invalidation, reader

        invalidation.connect()
        article_views.reader_context_providers.append(reader.after_action_context)
