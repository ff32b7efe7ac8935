"""The newsroom's roles (groups made by articles or here, whichever runs first) get the media
library: journalists upload and describe pictures (and see where they are used); editors may
also delete an unused one."""

from django.db import migrations

JOURNALIST = "Journaliste"
EDITOR = "Rédacteur en chef"


def _permissions(apps, codenames):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("media_library")
    # Permissions are normally created after all migrations; these are needed now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return Permission.objects.filter(content_type__app_label="media_library",
                                     content_type__model="libraryimage", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    journalist, _ = Group.objects.get_or_create(name=JOURNALIST)
    journalist.permissions.add(*_permissions(
        apps, ["add_libraryimage", "change_libraryimage", "view_libraryimage"]))
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*_permissions(
        apps, ["add_libraryimage", "change_libraryimage", "view_libraryimage",
               "delete_libraryimage"]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=[JOURNALIST, EDITOR]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="media_library"))


class Migration(migrations.Migration):
    dependencies = [
        ("media_library", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
