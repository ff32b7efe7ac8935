"""The newsroom: articles in the admin, with roles, workflow, revisions and previews.

Every rule lives in `articles.workflow` and is enforced here on the server: the queryset, the
per-object permission methods, the form (buttons, forged POSTs) and the bulk actions.
"""

import reversion
from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from js_asset import Media as JsAssetMedia
from reversion.admin import VersionAdmin

from core import params

from . import preview, revisions, workflow
from .forms import ArticleAdminForm
from .models import BYLINES_PREFETCH, Article, ArticleAuthor, Section, Tag

Status = Article.Status


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("statut")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        return [
            ("draft", Status.DRAFT.label),
            ("review", Status.REVIEW.label),
            ("scheduled", _("Programmé")),
            ("live", _("En ligne")),
            ("archived", Status.ARCHIVED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED).exclude(
                pk__in=Article.objects.published().values("pk"))
        if value in {Status.DRAFT, Status.REVIEW, Status.ARCHIVED}:
            return queryset.filter(status=value)
        return queryset


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    verbose_name = gettext_lazy("signature")
    verbose_name_plural = gettext_lazy("signatures (dans l'ordre d'affichage)")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.bylines.exists() else 1

    # The byline is part of the article: editable exactly when the article is.
    def _article_editable(self, request, obj):
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline]
    list_display = ["title", "status_column", "section", "authors_column", "published_at"]
    list_filter = [StatusFilter, "section", ("bylines__author", admin.RelatedOnlyFieldListFilter),
                   "tags"]
    search_fields = ["title", "standfirst", "bylines__author__name"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]  # one query for the whole page (with the columns' own)
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    actions = ["submit_selected", "publish_selected", "archive_selected"]
    readonly_fields = ["status_column", "word_count", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "base_version"]}),
        (gettext_lazy("Publication"), {
            "fields": ["status_column", "published_at", "section", "tags", "word_count",
                       "updated_at"],
        }),
        (gettext_lazy("Image de une"), {
            "fields": ["cover_image", "cover_alt", "cover_caption", "cover_credit"],
        }),
        (gettext_lazy("Lecteurs"), {"fields": ["allow_comments", "allow_ratings"]}),
        (gettext_lazy("Référencement"), {
            "fields": ["seo_title", "seo_description"], "classes": ["collapse"],
        }),
    ]
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True

    class Media:
        css = {"all": ["css/prose-editor-core.css", "css/newsroom-admin.css"]}

    @property
    def media(self):
        # The editor's own French strings (its dialogs), next to the admin's catalogue.
        catalog = reverse("admin:articles_article_editor_jsi18n")
        return super().media + forms.Media(js=[catalog])

    # Who sees and may do what (articles.workflow decides).

    # Columns other apps add to the list, after ours (comments: « avis », ratings: « note des
    # lecteurs »), with what each reads: `annotate` (queryset -> queryset) and the relations to
    # join; `order` places them (smaller first). Filled by those apps' admin modules: this app
    # imports none of them.
    contributed_columns = []

    @classmethod
    def add_column(cls, column, *, annotate=None, select_related=(), order=0):
        cls.contributed_columns.append((order, column, annotate, tuple(select_related)))
        cls.contributed_columns.sort(key=lambda entry: entry[0])  # stable: equal orders keep theirs

    def get_list_display(self, request):
        return [*super().get_list_display(request),
                *(column for _order, column, _annotate, _related in self.contributed_columns)]

    def get_list_select_related(self, request):
        return [*super().get_list_select_related(request),
                *(name for _order, _column, _annotate, related in self.contributed_columns
                  for name in related)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related(BYLINES_PREFETCH)
        for _order, _column, annotate, _related in self.contributed_columns:
            if annotate is not None:
                queryset = annotate(queryset)
        return workflow.visible_articles(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_delete(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.is_editor(request.user):
            fields.append("published_at")  # scheduling is the editors' call
        return fields

    def view_on_site(self, obj):
        # Only once readers can see it (« Aperçu » shows it before).
        return obj.get_absolute_url() if obj.is_published else None

    # Columns.

    @admin.display(description=gettext_lazy("statut"), ordering="status")
    def status_column(self, obj):
        return workflow.status_label(obj) if obj.pk else Status.DRAFT.label

    @admin.display(description=gettext_lazy("auteurs"))
    def authors_column(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors)

    # The form: request-aware (workflow buttons, permissions) and aware of the byline inline.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        def count_submitted_authors(form_self):
            return model_admin.submitted_author_count(request, form_self.instance)

        return type(form.__name__, (form,), {
            "request": request, "count_submitted_authors": count_submitted_authors})

    def submitted_author_count(self, request, article):
        """Authors on the byline in this POST (the inline), for the publication check."""
        obj = article if article.pk else None
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            if not isinstance(inline, BylineInline):
                continue
            formset = formset_class(**self.get_formset_kwargs(
                request, article, inline, formset_class.get_default_prefix()))
            formset.is_valid()
            return sum(
                1 for form in formset.forms
                if getattr(form, "cleaned_data", None) and form.cleaned_data.get("author")
                and not form.cleaned_data.get("DELETE")
            )
        return 0

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None and request.method == "GET":
            # A new article starts signed by its writer (saving adds them anyway).
            author = getattr(request.user, "author", None)
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article()
        editable = add or self.has_change_permission(request, obj)
        # The rich-text editor loads its modules through an inline import map: under the strict
        # CSP it needs this response's nonce (admin pages are never cached, so a nonce is fine).
        context["media"] = JsAssetMedia.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", ""))
        context.update(
            workflow_buttons=workflow.allowed_transitions(request.user, article) if editable else [],
            workflow_status=workflow.status_label(article) if obj else Status.DRAFT.label,
            can_share_preview=bool(obj) and self.has_change_permission(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving: apply the transition the form accepted, keep journalists on their byline, log.

    def save_model(self, request, obj, form, change):
        transition = form.transition
        if transition:
            workflow.apply(obj, transition)
        super().save_model(request, obj, form, change)
        note = workflow.transition_note(obj, transition) if transition else ""
        obj._workflow_note = obj._workflow_message = note

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not workflow.is_editor(request.user):
            workflow.ensure_byline(form.instance, request.user)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_transition(request, obj, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_transition(request, obj, entry)
        return entry

    def _log_transition(self, request, obj, entry):
        """A workflow step gets its own history line, and heads the revision's comment."""
        note = getattr(obj, "_workflow_note", "")
        if not note:
            return
        obj._workflow_note = ""
        super().log_change(request, obj, note)
        if reversion.is_active():
            reversion.set_comment(f"{note}. {entry.get_change_message()}".strip())

    def response_add(self, request, obj, post_url_continue=None):
        self._after_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._after_transition(request, obj)
        return super().response_change(request, obj)

    def _after_transition(self, request, obj):
        message = getattr(obj, "_workflow_message", "")
        if not message:
            return
        messages.success(request, message)
        if "_continue" not in request.POST:
            # After a workflow step, stay on the article to see its new status.
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"

    # Bulk actions: the same checks as the buttons, object by object.

    @admin.action(description=gettext_lazy("Soumettre à la relecture"))
    def submit_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Publier (ou programmer, selon leur date)"),
                  permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "publish")

    @admin.action(description=gettext_lazy("Archiver"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "archive")

    def bulk_transition(self, request, queryset, name):
        done, refused = 0, []
        for pk in queryset.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    article = Article.objects.select_for_update().filter(pk=pk).first()
                    if article is None:
                        continue  # deleted meanwhile
                    transition = workflow.check_transition(request.user, article, name)
                    if transition.target == Status.PUBLISHED:
                        missing = workflow.publication_problems(article)
                        if missing:
                            raise workflow.TransitionRefused(workflow.publication_refusal(missing))
                    # One revision per article, each with its own comment.
                    with reversion.create_revision():
                        workflow.apply(article, transition)
                        article.save()
                        reversion.set_user(request.user)
                        self.log_change(request, article, workflow.transition_note(article, transition))
                done += 1
            except workflow.TransitionRefused as refusal:
                refused.append(_("« %(title)s » : %(reason)s") % {"title": article.title,
                                                                   "reason": refusal})
        if done:
            label = workflow.TRANSITIONS[name].done
            self.message_user(request, ngettext(
                "%(count)d article : %(done)s.", "%(count)d articles : %(done)s.", done,
            ) % {"count": done, "done": str(label).lower()}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @method_decorator(csp_update({"script-src": [NONCE], "style-src": [NONCE]}))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: it would put a whole bulk action in a single revision.
        context = {"can_recover": workflow.is_editor(request.user),
                   "can_revoke_previews": workflow.is_editor(request.user)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    # Extra pages: preview, preview links, revisions.

    def get_urls(self):
        view = self.admin_site.admin_view
        editor_catalog = JavaScriptCatalog.as_view(packages=["django_prose_editor"])
        return [
            path("editeur/jsi18n/", view(editor_catalog, cacheable=True),
                 name="articles_article_editor_jsi18n"),
            path("<int:object_id>/apercu/", view(self.preview_view),
                 name="articles_article_preview"),
            path("<int:object_id>/apercu/partager/", view(self.share_preview_view),
                 name="articles_article_share_preview"),
            path("<int:object_id>/history/compare/", view(self.compare_view),
                 name="articles_article_compare"),
            path("apercus/revoquer/", view(self.revoke_previews_view),
                 name="articles_article_revoke_previews"),
        ] + super().get_urls()

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

    def _get_visible(self, request, object_id):
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404(_("Cet article n'existe pas ou vous n'y avez pas accès."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def preview_view(self, request, object_id):
        return preview.StaffPreviewView.as_view(model_admin=self)(request, pk=object_id)

    def share_preview_view(self, request, object_id):
        article = self._get_visible(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        link = expires = None
        if request.method == "POST":
            if request.POST.get("action") == "revoke":
                preview.revoke_links(article)
                note = _("Liens d'aperçu révoqués")
                self.log_change(request, article, note)
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

    def history_view(self, request, object_id, extra_context=None):
        # Django's history (log entries: who did what, when) plus reversion's revisions.
        article = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if article is not None and self.has_view_or_change_permission(request, article):
            context["revisions"] = revisions.versions_of(article)
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id):
        article = self._get_visible(request, object_id)
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
            "can_restore": self._can_restore(request, article),
            **revisions.compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def _can_restore(self, request, article):
        return workflow.is_editor(request.user) and self.has_change_permission(request, article)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One revision: its content compared with the latest, and (editors) « Restaurer »."""
        article = self._get_visible(request, object_id)
        versions = revisions.versions_of(article)
        version = get_object_or_404(versions, pk=version_id)
        can_restore = self._can_restore(request, article)
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


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=models.Count("articles"))

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    ordering = ["name"]  # the autocomplete pages through tags: a stable order
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=models.Count("tagged_articles"))

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
