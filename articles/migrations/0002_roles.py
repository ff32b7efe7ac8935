"""The newsroom's two roles, created here so no install depends on clicks in the admin."""

from django.db import migrations

JOURNALIST = "Journaliste"
EDITOR = "Rédacteur en chef"

JOURNALIST_PERMISSIONS = [
    ("articles", "add_article"), ("articles", "change_article"), ("articles", "view_article"),
    ("articles", "add_articleauthor"), ("articles", "change_articleauthor"),
    ("articles", "delete_articleauthor"), ("articles", "view_articleauthor"),
    ("articles", "add_taggedarticle"), ("articles", "change_taggedarticle"),
    ("articles", "delete_taggedarticle"), ("articles", "view_taggedarticle"),
    ("articles", "add_tag"), ("articles", "view_tag"),
    ("articles", "view_section"),
    ("authors", "view_author"),
]
EDITOR_APPS = ["articles", "authors"]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    journalist, _ = Group.objects.get_or_create(name=JOURNALIST)
    for app_label, codename in JOURNALIST_PERMISSIONS:
        journalist.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[JOURNALIST, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
