from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin_titles import FrenchTitles

from .csv_import import UnreadableFile, import_redirects
from .forms import ImportForm
from .models import Redirect


class AnswerFilter(admin.SimpleListFilter):
    title = _("réponse")
    parameter_name = "reponse"

    def lookups(self, request, model_admin):
        return [("301", _("301 — redirigée")), ("410", _("410 — retirée"))]

    def queryset(self, request, queryset):
        if self.value() == "410":
            return queryset.gone()
        if self.value() == "301":
            return queryset.exclude(new_path="")
        return queryset


@admin.register(Redirect)
class RedirectAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = _("Nouvelle redirection")
    change_title = _("Modifier la redirection")
    view_title = _("Consulter la redirection")
    list_display = ["old_path", "target", "hits", "last_hit_at", "origin"]
    list_filter = [AnswerFilter, "origin"]
    search_fields = ["old_path", "new_path", "note"]
    fields = ["old_path", "new_path", "note", "origin", "hits", "last_hit_at", "created_at"]
    readonly_fields = ["origin", "hits", "last_hit_at", "created_at"]
    change_list_template = "admin/redirects/redirect/change_list.html"

    @admin.display(description=_("nouvelle adresse"), ordering="new_path")
    def target(self, obj):
        return obj.new_path or _("410 — « Cet article a été retiré »")

    def get_urls(self):
        return [
            path("importer/", self.admin_site.admin_view(self.import_view),
                 name="redirects_redirect_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_redirects(form.cleaned_data["file"].read())
            except UnreadableFile as error:
                form.add_error("file", str(error))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Importer des redirections"), "form": form, "report": report}
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)
