from django.apps import AppConfig
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Avis des lecteurs")

    def ready(self):
        from articles import reader_state
        from articles.models import ArticleQuerySet

        from . import invalidation, reader
        from .models import Comment

        invalidation.connect()
        # « 12 avis » on every article card.
        ArticleQuerySet.card_annotations["comment_count"] = (
            lambda: Comment.objects.approved_count_for(OuterRef("pk")))
        reader_state.page_providers.append(reader.page_context)
        reader_state.state_providers.append(reader.state)
