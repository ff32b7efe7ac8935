"""Newsroom permissions on top of the roles of 0002.

Journalists may delete a draft they author (the admin checks authorship and status; the
permission alone is not enough). Editors hold `publish_article`, the permission every
publication step checks; granted again here so it holds even if the group was edited by hand.
"""

from django.db import migrations

JOURNALIST = "Journaliste"
EDITOR = "Rédacteur en chef"


def _permission(apps, codename):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="articles", codename=codename).first()
    if found is None:
        # Permissions are normally created after all migrations; this one is needed now.
        app_config = apps.get_app_config("articles")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        found = Permission.objects.get(content_type__app_label="articles", codename=codename)
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    journalist, _ = Group.objects.get_or_create(name=JOURNALIST)
    journalist.permissions.add(_permission(apps, "delete_article"))
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(_permission(apps, "publish_article"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    delete = Permission.objects.filter(content_type__app_label="articles", codename="delete_article")
    for group in Group.objects.filter(name=JOURNALIST):
        group.permissions.remove(*delete)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_version_preview_key"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
