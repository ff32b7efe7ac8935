"""Editors may review and clear admin login lockouts (django-axes) without a superuser."""

from django.db import migrations

AXES_PERMISSIONS = ["view_accessattempt", "delete_accessattempt", "view_accessfailurelog"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Rédacteur en chef")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="axes",
                                                      codename__in=AXES_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name="Rédacteur en chef"):
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="axes",
                                                             codename__in=AXES_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_roles"),
        ("axes", "0009_add_session_hash"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
