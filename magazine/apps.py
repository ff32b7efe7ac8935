from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class MagazineConfig(AppConfig):
    # The project package is an app too, for its management commands and shared templates.
    default = True
    name = "magazine"
    verbose_name = "Le Magazine"

    def ready(self):
        from magazine import db_router

        db_router.connect_signals()


class MagazineAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the newsroom's admin site as the default site."""

    default = False  # named explicitly in INSTALLED_APPS
    default_site = "magazine.admin_site.MagazineAdminSite"


class TasksConfig(TasksAppConfig):
    """django-tasks-db's queue (core/tasks.py), named for the newsroom."""

    default = False  # named explicitly in INSTALLED_APPS
    verbose_name = _("Tâches en arrière-plan")
