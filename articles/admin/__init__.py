"""The newsroom: articles in the admin, with roles, workflow, revisions and previews.

Every rule lives in `articles.workflow` and is enforced here on the server: the queryset, the
per-object permission methods, the form (buttons, forged POSTs) and the bulk actions. The
article admin is this module's list and form, plus three mixins, one per concern:
`workflow_actions` (status buttons, history lines, bulk actions), `previews` (« Aperçu »,
shared links) and `revision_history` (history, comparison, restore, recovery).
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.http import Http404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.i18n import JavaScriptCatalog
from js_asset import Media as JsAssetMedia
from reversion.admin import VersionAdmin

from core.admin_titles import FrenchTitles
from media_library.widgets import ADMIN_MEDIA as LIBRARY_MEDIA
from media_library.widgets import focal_picker
from pagecache.prerender import redrawn_before_commit

from .. import workflow
from ..forms import ArticleAdminForm
from ..models import (BYLINES_PREFETCH, READING_WORDS_PER_MINUTE, Article, ArticleAuthor, Section,
                      Tag)
from .calendar import CalendarAdminMixin
from .coediting import CoeditingAdminMixin
from .previews import PreviewAdminMixin
from .revision_history import RevisionAdminMixin
from .send_back import SendBackAdminMixin
from .workflow_actions import WorkflowAdminMixin

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
            return queryset.scheduled()
        if value in {Status.DRAFT, Status.REVIEW, Status.ARCHIVED}:
            return queryset.filter(status=value)
        return queryset


class BylineInline(admin.StackedInline):
    # Stacked: each byline's fields with their labels, in the form's narrow side column.
    template = "admin/articles/article/_bylines_inline.html"
    model = ArticleAuthor
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    verbose_name = gettext_lazy("signature")
    verbose_name_plural = gettext_lazy("signatures (dans l'ordre d'affichage)")
    add_label = gettext_lazy("Ajouter une signature")

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
class ArticleAdmin(FrenchTitles, WorkflowAdminMixin, PreviewAdminMixin, RevisionAdminMixin,
                   CoeditingAdminMixin, CalendarAdminMixin, SendBackAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline]
    add_title = gettext_lazy("Nouvel article")
    change_title = gettext_lazy("Modifier l'article")
    view_title = gettext_lazy("Consulter l'article")
    list_display = ["title", "status_column", "section", "authors_column", "published_at"]
    list_filter = [StatusFilter, "section", ("bylines__author", admin.RelatedOnlyFieldListFilter),
                   "tags"]
    search_fields = ["title", "standfirst", "bylines__author__name"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]  # one query for the whole page (with the columns' own)
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status_column", "word_count", "updated_at", "cover_focal_point"]
    # The form's shape (admin/articles/article/change_form.html): the first fieldset is the
    # main column (headline, standfirst, text); the others make the side column, the bylines
    # after those without "article-form__end" and before those with it.
    fieldsets = [
        (None, {"fields": ["title", "standfirst", "body", "base_version"],
                "classes": ["article-form__text"]}),
        (gettext_lazy("Publication"), {
            "fields": ["status_column", "published_at", "featured", "section", "tags",
                       "updated_at"],
        }),
        (gettext_lazy("Image de une"), {
            "fields": ["cover_image", "cover_alt", "cover_caption", "cover_credit",
                       "cover_focal_point", "focal_x", "focal_y"],
            "classes": ["article-form__cover"],
        }),
        (gettext_lazy("Lecteurs"), {"fields": ["allow_comments", "allow_ratings"],
                                    "classes": ["article-form__end"]}),
        (gettext_lazy("Adresse et référencement"), {
            "fields": ["slug", "seo_title", "seo_description"],
            "classes": ["collapse", "article-form__end"],
        }),
    ]
    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        css = {"all": ["css/prose-editor-core.css", "css/newsroom-admin.css",
                       "articles/admin/article-form.css"]}
        js = ["articles/admin/article-form.js"]

    @property
    def media(self):
        # The editor's own French strings (its dialogs), next to the admin's catalogue.
        catalog = reverse("admin:articles_article_editor_jsi18n")
        # The library picker's styles and the focal point picker (media_library).
        return super().media + forms.Media(js=[catalog]) + LIBRARY_MEDIA

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

    def get_ordering(self, request):
        if workflow.is_editor(request.user):
            return super().get_ordering(request)
        # A journalist's own pieces in review, then their drafts, head their list.
        signed = ArticleAuthor.objects.filter(author__user=request.user).values("article_id")
        own_work = models.Case(
            models.When(status=Status.REVIEW, pk__in=signed, then=models.Value(0)),
            models.When(status=Status.DRAFT, pk__in=signed, then=models.Value(1)),
            default=models.Value(2))
        return [own_work.asc(), "-published_at", "-updated_at", "-id"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_delete(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.is_editor(request.user):
            fields += ["published_at", "featured"]  # scheduling and the home page: editors' call
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

    @admin.display(description=gettext_lazy("point d'intérêt de l'image"))
    def cover_focal_point(self, obj):
        if obj is None or not obj.cover_image:
            return _("Enregistrez d'abord une image de une, puis cliquez sur son sujet.")
        entry = (obj.cover_renditions or {}).get("specs", {}).get("cover")
        url = (obj.cover_image.storage.url(min(entry["jpeg"], key=lambda i: abs(i["width"] - 800))["name"])
               if entry else obj.cover_image.url)
        return focal_picker(url, "id_focal_x", "id_focal_y", obj.focal_x, obj.focal_y)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        dropped = getattr(form, "dropped_images", 0)
        if dropped:
            messages.warning(request, ngettext(
                "%(count)d image venue d'un autre site a été retirée du texte : une image "
                "s'insère depuis la médiathèque (bouton « Image de la médiathèque »).",
                "%(count)d images venues d'un autre site ont été retirées du texte : une image "
                "s'insère depuis la médiathèque (bouton « Image de la médiathèque »).",
                dropped) % {"count": dropped})

    def get_visible_article(self, request, object_id):
        """The article for an extra page (preview, versions), if this user may see it."""
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404(_("Cet article n'existe pas ou vous n'y avez pas accès."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None and request.method == "GET":
            # A new article starts signed by its writer (saving adds them anyway).
            author = getattr(request.user, "author", None)
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The rich-text editor loads its modules through an inline import map: under the strict
        # CSP it needs this response's nonce (admin pages are never cached, so a nonce is fine).
        context["media"] = JsAssetMedia.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", ""))
        # The live reading time (article-form.js) follows the readers' rule (reading_minutes).
        context["reading_words_per_minute"] = READING_WORDS_PER_MINUTE
        # The headline is the form's first field, in large type: not repeated under the title.
        context["subtitle"] = None
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(csp_update({"script-src": [NONCE], "style-src": [NONCE]}))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        # A save (a correction, a button's step) draws again, before it commits, the pages it
        # makes stale that readers were reading (pagecache.prerender).
        with transaction.atomic(using=router.db_for_write(self.model)), redrawn_before_commit():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: it would put a whole bulk action in a single revision.
        context = {"can_recover": workflow.is_editor(request.user),
                   "can_revoke_previews": workflow.is_editor(request.user)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def get_urls(self):
        editor_catalog = JavaScriptCatalog.as_view(packages=["django_prose_editor"])
        return [
            path("editeur/jsi18n/", self.admin_site.admin_view(editor_catalog, cacheable=True),
                 name="articles_article_editor_jsi18n"),
        ] + super().get_urls()


@admin.register(Section)
class SectionAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = gettext_lazy("Nouvelle rubrique")
    change_title = gettext_lazy("Modifier la rubrique")
    view_title = gettext_lazy("Consulter la rubrique")
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
class TagAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = gettext_lazy("Nouveau mot-clé")
    change_title = gettext_lazy("Modifier le mot-clé")
    view_title = gettext_lazy("Consulter le mot-clé")
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    ordering = ["name"]  # the autocomplete pages through tags: a stable order
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=models.Count("tagged_articles"))

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
