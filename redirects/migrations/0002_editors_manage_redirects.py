"""Editors (« Rédacteur en chef ») manage redirects; journalists need not: a rename makes its
own redirect."""

from django.db import migrations

EDITOR = "Rédacteur en chef"
CODENAMES = ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one is needed now.
    app_config = apps.get_app_config("redirects")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="redirects",
                                                      codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.remove(*Permission.objects.filter(
            content_type__app_label="redirects", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("redirects", "0001_initial"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
