"""The article admin's history: Django's log plus django-reversion's revisions, a word-level
comparison of two versions, one version with « Restaurer » (editors), and the recovery of
deleted articles (editors). What a revision holds and how it compares: articles.revisions."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from core import params

from .. import revisions, workflow


class RevisionAdminMixin:
    """For a reversion VersionAdmin; needs `get_visible_article(request, object_id)`."""

    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True

    def get_urls(self):
        return [
            path("<int:object_id>/history/compare/", self.admin_site.admin_view(self.compare_view),
                 name="articles_article_compare"),
        ] + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        # Django's history (log entries: who did what, when) plus reversion's revisions.
        article = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if article is not None and self.has_view_or_change_permission(request, article):
            context["revisions"] = revisions.versions_of(article)
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id):
        article = self.get_visible_article(request, object_id)
        versions = revisions.versions_of(article)
        chosen = sorted({params.object_id(request.GET.get(name)) or 0 for name in "ab"})
        if not chosen[0]:
            messages.error(request, _("Choisissez deux versions à comparer."))
            return redirect("admin:articles_article_history", article.pk)
        old = get_object_or_404(versions, pk=chosen[0])
        new = get_object_or_404(versions, pk=chosen[-1])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Comparer deux versions de « %(title)s »") % {"title": article.title},
            "opts": self.opts,
            "original": article,
            "old": old,
            "new": new,
            "can_restore": self.can_restore(request, article),
            **revisions.compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def can_restore(self, request, article):
        return workflow.is_editor(request.user) and self.has_change_permission(request, article)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One revision: its content compared with the latest, and (editors) « Restaurer »."""
        article = self.get_visible_article(request, object_id)
        versions = revisions.versions_of(article)
        version = get_object_or_404(versions, pk=version_id)
        can_restore = self.can_restore(request, article)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            comment = _("Version du %(date)s restaurée") % {
                "date": workflow.format_datetime(version.revision.date_created)}
            revisions.restore(article, version, request.user, comment)
            self.log_change(request, article, comment)
            messages.success(request, comment)
            return redirect("admin:articles_article_change", article.pk)
        latest = versions.first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version du %(date)s") % {
                "date": workflow.format_datetime(version.revision.date_created)},
            "opts": self.opts,
            "original": article,
            "old": version,
            "new": latest,
            "can_restore": can_restore,
            "is_latest": latest.pk == version.pk,
            **revisions.compare(version, latest),
        }
        return TemplateResponse(request, "admin/articles/article/revision.html", context)

    def recoverlist_view(self, request, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
