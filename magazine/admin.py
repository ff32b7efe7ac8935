"""The background tasks in the admin, in French: what the newsroom needs is which mail failed,
when, and why (the traceback), and which ones are still waiting."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core.admin_titles import FrenchTitles

# What each task does, as an editor would say it (the task's Python path otherwise).
TASK_LABELS = {
    "comments.tasks.send_erase_link": _("E-mail « Effacer mes avis »"),
    "comments.tasks.send_approval_mails": _("E-mails d'un avis approuvé"),
    "articles.notifications.send_step_mails": _("E-mails de la rédaction (étape d'un article)"),
    "articles.tasks.tell_overwritten": _("E-mail d'une version remplacée"),
    "core.tasks.make_renditions": _("Déclinaisons d'une image"),
    "core.tasks.send_email": _("E-mail à une personne de la rédaction"),
    "pagecache.front.purge_front": _("Purge des caches devant le site (nginx, CDN)"),
    "wordpress.tasks.run_import": _("Import WordPress"),
}
STATUS_LABELS = {
    "READY": pgettext_lazy("tâche", "En attente"),
    "RUNNING": pgettext_lazy("tâche", "En cours"),
    "FAILED": pgettext_lazy("tâche", "Abandonnée (échec)"),
    "SUCCESSFUL": pgettext_lazy("tâche", "Terminée"),
}


class TaskResultAdmin(FrenchTitles, DBTaskResultAdmin):
    change_title = view_title = _("Tâche")
    list_title = _("Tâches de fond")
    list_display = ("label", "state", "enqueued_at", "finished_at")
    list_filter = ("status",)

    @admin.display(description=_("Tâche"), ordering="task_path")
    def label(self, result):
        return TASK_LABELS.get(result.task_path, result.task_path)

    @admin.display(description=_("État"), ordering="status")
    def state(self, result):
        return STATUS_LABELS.get(result.status, result.status)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
