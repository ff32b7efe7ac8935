"""The reader's page view, and the staff preview of a page readers cannot see yet."""

from django.http import Http404
from django.urls import reverse
from django.views.generic import DetailView

from articles import seo
from articles.preview import private_response
from pagecache.dependencies import depends_on

from .models import LegalNotice, Page


class PageView(DetailView):
    """/<path>/: a published page, found by its stored address in one query. Anything else is
    a 404 like any unknown address (the redirects' fallback sees it)."""

    template_name = "pages/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        # Any page's address, status or text may change what this address shows.
        depends_on("pages")
        page = self.visible_pages().filter(path=self.kwargs["path"]).first()
        if page is None:
            raise Http404("Aucune page à cette adresse.")
        return page

    def visible_pages(self):
        return Page.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        if page.shows_legal_notice:
            depends_on("legal-notice")
            context["legal_notice"] = LegalNotice.current()
        context["meta"] = seo.list_meta(self.request, page, page.seo_description)
        return context


class PagePreviewView(PageView):
    """« Aperçu » in the admin: the reader's page, for a page in any status, with a banner.
    Private, never stored, not indexed."""

    template_name = "pages/page_preview.html"
    def get_object(self, queryset=None):
        page = Page.objects.filter(pk=self.kwargs["pk"]).first()
        if page is None:
            raise Http404("Cette page n'existe pas.")
        return page

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=True, edit_url=reverse("admin:pages_page_change", args=[self.object.pk]),
            **kwargs)

    def render_to_response(self, context, **kwargs):
        return private_response(super().render_to_response(context, **kwargs))
