"""Imports started from the admin: an editor uploads the export, a background task runs it,
the same report as the command's is read here."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_titles import FrenchTitles

from .models import ImportRun
from .tasks import run_import


@admin.register(ImportRun)
class ImportRunAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = gettext_lazy("Nouvel import WordPress")
    change_title = gettext_lazy("Import WordPress")
    view_title = gettext_lazy("Import WordPress")
    list_display = ["created_at", "status", "dry_run", "summary", "started_by"]
    list_filter = ["status"]
    fields = ["export", "dry_run", "section_from"]
    readonly_fields = ["status", "started_by", "created_at", "finished_at", "summary", "report_text"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ["status", "dry_run", "section_from", "started_by", "created_at", "finished_at",
                "summary", "report_text"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "dry_run", "section_from"]

    @admin.display(description=gettext_lazy("rapport"))
    def report_text(self, run):
        if not run.report:
            return _("Le rapport s'affichera ici à la fin de l'import (rechargez la page).")
        return format_html('<pre class="import-report">{}</pre>', run.report)

    def save_model(self, request, obj, form, change):
        if change:
            return  # a run is never edited: its report is what happened
        obj.started_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: run_import.enqueue(obj.pk))
        messages.info(request, _("Import lancé : il se poursuit en arrière-plan ; son rapport "
                                 "s'affichera sur cette page."))

    def has_change_permission(self, request, obj=None):
        # The change page shows the report; nothing on it can be saved.
        return super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
