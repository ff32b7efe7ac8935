from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from . import invalidation, search
        from .models import Article, Tag, TaggedArticle

        invalidation.connect()
        # The search index follows every save of an article (articles/search.py).
        post_save.connect(search.on_article_saved, sender=Article,
                          dispatch_uid="articles.search.article_saved")
        post_delete.connect(search.on_article_deleted, sender=Article,
                            dispatch_uid="articles.search.article_deleted")

        # The search index follows tag changes made outside Article.save().
        m2m_changed.connect(search.on_tags_changed, sender=TaggedArticle,
                            dispatch_uid="articles.search.tags_changed")
        post_save.connect(search.on_tag_saved, sender=Tag, dispatch_uid="articles.search.tag_saved")
        pre_delete.connect(search.on_tag_pre_delete, sender=Tag,
                           dispatch_uid="articles.search.tag_pre_delete")
        post_delete.connect(search.on_tag_deleted, sender=Tag,
                            dispatch_uid="articles.search.tag_deleted")
