"""The article admin's preview pages: « Aperçu », shared preview links and their revocation
(what a link is and how it dies: articles.preview)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import preview, workflow


class PreviewAdminMixin:
    """Needs `get_visible_article(request, object_id)` (ArticleAdmin)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/apercu/", view(self.preview_view),
                 name="articles_article_preview"),
            path("<int:object_id>/apercu/partager/", view(self.share_preview_view),
                 name="articles_article_share_preview"),
            path("apercus/revoquer/", view(self.revoke_previews_view),
                 name="articles_article_revoke_previews"),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_share_preview"] = bool(obj) and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id):
        return preview.StaffPreviewView.as_view(model_admin=self)(request, pk=object_id)

    def share_preview_view(self, request, object_id):
        article = self.get_visible_article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        link = expires = None
        if request.method == "POST":
            if request.POST.get("action") == "revoke":
                preview.revoke_links(article)
                self.log_change(request, article, _("Liens d'aperçu révoqués"))
                messages.success(request, _("Tous les liens d'aperçu de cet article sont révoqués."))
                return redirect(request.path)
            link, expires = preview.make_link(article, request)
            self.log_change(request, article, _("Lien d'aperçu créé, valable jusqu'au %(date)s") % {
                "date": workflow.format_datetime(expires)})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Partager un aperçu de « %(title)s »") % {"title": article.title},
            "opts": self.opts,
            "original": article,
            "link": link,
            "expires": expires,
            "lifetime_days": preview.link_lifetime().days,
            "has_links": bool(article.preview_key),
        }
        return TemplateResponse(request, "admin/articles/article/share_preview.html", context)

    @method_decorator(require_POST)
    def revoke_previews_view(self, request):
        """« Révoquer tous les liens d'aperçu »: every shared preview link of every article
        stops working, in one click (a link that leaked, a freelancer gone)."""
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        count = preview.revoke_all_links()
        messages.success(request, ngettext(
            "Les liens d'aperçu de %(count)d article sont révoqués.",
            "Les liens d'aperçu de %(count)d articles sont révoqués.", count) % {"count": count})
        return redirect("admin:articles_article_changelist")
