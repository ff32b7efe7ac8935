"""Editors (Rédacteur en chef) see and reset ratings; journalists only see them."""

from django.db import migrations

EDITOR = "Rédacteur en chef"
JOURNALIST = "Journaliste"
EDITOR_PERMISSIONS = ["view_ratingsummary", "reset_ratings"]
JOURNALIST_PERMISSIONS = ["view_ratingsummary"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("ratings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(EDITOR, EDITOR_PERMISSIONS), (JOURNALIST, JOURNALIST_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="ratings",
                                                         codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="ratings", codename__in=EDITOR_PERMISSIONS + JOURNALIST_PERMISSIONS)
    for group in Group.objects.filter(name__in=[EDITOR, JOURNALIST]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_ratings"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
