from django.conf import settings
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import BYLINES_PREFETCH, Article, Section, Tag

HOME_LATEST = 7  # the lead story and a grid of six
HOME_PER_SECTION = 4


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = list(Article.objects.published().for_listing()[:HOME_LATEST])
        latest_ids = [article.pk for article in latest]
        # The newest articles of every section in one query (a window per section), not one
        # query per section; articles already in the top block are not repeated.
        ranked = (
            Article.objects.published()
            .exclude(pk__in=latest_ids)
            .filter(section__isnull=False)
            .annotate(rank=Window(RowNumber(), partition_by=[F("section_id")],
                                  order_by=[F("published_at").desc(), F("id").desc()]))
            .filter(rank__lte=HOME_PER_SECTION)
            .for_listing()
            .order_by("section__position", "section__name", "rank")
        )
        blocks = {}
        for article in ranked:
            blocks.setdefault(article.section, []).append(article)
        context.update(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            section_blocks=list(blocks.items()),
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            self.visible_articles()
            .select_related("section")
            .prefetch_related(
                Prefetch("bylines", queryset=BYLINES_PREFETCH.queryset),
                "tags",
            )
        )

    def visible_articles(self):
        """Readers see published articles only; the draft previews (articles/preview.py)
        reuse this whole page and widen just this."""
        return Article.objects.published()


class ArticleListView(ListView):
    """Base for every paginated list of published articles (section, tag, author)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    # A list's subject (a Section, Tag or Author, found by slug) and how articles point to it.
    subject_model = None
    subject_lookup = None

    def get(self, request, *args, **kwargs):
        self.subject = get_object_or_404(self.subject_model, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(**{self.subject_lookup: self.subject})
            .for_listing()
        )

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SectionView(ArticleListView):
    template_name = "articles/section.html"
    subject_model = Section
    subject_lookup = "section"

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.subject, **kwargs)  # menu highlight


class TagView(ArticleListView):
    template_name = "articles/tag.html"
    subject_model = Tag
    subject_lookup = "tags"

