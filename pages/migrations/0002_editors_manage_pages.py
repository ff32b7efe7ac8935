"""Editors (« Rédacteur en chef ») manage the pages and fill in the legal notice; journalists
do neither."""

from django.db import migrations

EDITOR = "Rédacteur en chef"
PERMISSIONS = ["add_page", "change_page", "delete_page", "view_page",
               "change_legalnotice", "view_legalnotice"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; these are needed now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="pages",
                                                      codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="pages",
                                                             codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
