"""Editors see the background tasks in the admin (which mail failed, and why) without a
superuser. Journalists do not: a task's arguments may hold a reader's e-mail address."""

from django.db import migrations

TASK_PERMISSIONS = ["view_dbtaskresult"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one is needed now.
    app_config = apps.get_app_config("django_tasks_database")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Rédacteur en chef")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="django_tasks_database",
                                                      codename__in=TASK_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name="Rédacteur en chef"):
        editor.permissions.remove(*Permission.objects.filter(
            content_type__app_label="django_tasks_database", codename__in=TASK_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("magazine", "0001_editor_unlocks_logins"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
