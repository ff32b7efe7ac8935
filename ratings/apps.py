from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Notes des lecteurs")

    def ready(self):
        from articles import reader_state, seo

        from . import invalidation, reader, structured_data

        invalidation.connect()
        seo.article_jsonld_additions.append(structured_data.jsonld_addition)
        reader_state.page_providers.append(reader.page_context)
        reader_state.state_providers.append(reader.state)
