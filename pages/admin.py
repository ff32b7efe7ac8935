"""Pages and the legal notice in the newsroom's admin.

Pages: the articles' editor (same extensions, same sanitizer), revisions with django-reversion
(history, restore), « Aperçu » for any status. Editors (« Rédacteur en chef », given the
permissions by a migration) and superusers manage them; journalists do not see them.

The legal notice is one screen: its list opens the single notice, which can be neither added
nor deleted.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from js_asset import Media as JsAssetMedia
from reversion.admin import VersionAdmin

from core.admin_titles import FrenchTitles

from . import revisions  # noqa: F401  (registers the models with reversion, with what they follow)
from .models import LegalNotice, Page
from .views import PagePreviewView


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "parent", "body", "status", "footer_position", "seo_description"]
        widgets = {"seo_description": forms.Textarea(attrs={"rows": 2})}


@admin.register(Page)
class PageAdmin(FrenchTitles, VersionAdmin):
    add_title = _("Nouvelle page")
    change_title = _("Modifier la page")
    view_title = _("Consulter la page")
    form = PageAdminForm
    list_display = ["title", "address", "footer_position", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "path"]
    ordering = ["path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["address", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "address", "body"]}),
        (_("Publication"), {"fields": ["status", "footer_position", "updated_at"]}),
        (_("Référencement"), {"fields": ["seo_description"], "classes": ["collapse"]}),
    ]
    history_latest_first = True

    class Media:
        css = {"all": ["css/prose-editor-core.css", "css/newsroom-admin.css"]}

    @property
    def media(self):
        # The editor's own French strings (its dialogs): the catalogue the article admin serves.
        return super().media + forms.Media(js=[reverse("admin:articles_article_editor_jsi18n")])

    @admin.display(description=_("adresse"), ordering="path")
    def address(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:pages_page_preview", args=[obj.pk]),
                           obj.get_absolute_url())

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The editor loads its modules through an inline import map: under the strict CSP it
        # needs this response's nonce (admin pages are never cached).
        context["media"] = JsAssetMedia.from_media(
            context["media"], nonce=getattr(request, "csp_nonce", ""))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(csp_update({"script-src": [NONCE], "style-src": [NONCE]}))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:pk>/apercu/", self.admin_site.admin_view(self.preview_view),
                 name="pages_page_preview"),
        ] + super().get_urls()

    def preview_view(self, request, pk):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return PagePreviewView.as_view()(request, pk=pk)


@admin.register(LegalNotice)
class LegalNoticeAdmin(FrenchTitles, VersionAdmin):
    fieldsets = [
        (_("Éditeur"), {"fields": ["publisher_name", "legal_form", "share_capital", "address",
                                   "phone", "email", "registration"]}),
        (_("Publication"), {"fields": ["publication_director"]}),
        (_("Hébergeur"), {"fields": ["host_name", "host_address", "host_phone"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One notice: its list is its form.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect("admin:pages_legalnotice_change", LegalNotice.load().pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {"title": _("Informations légales"), "subtitle": None, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def response_change(self, request, obj):
        # « Enregistrer » stays on the one screen (there is no list to go back to).
        response = super().response_change(request, obj)
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            return redirect("admin:pages_legalnotice_change", obj.pk)
        return response
