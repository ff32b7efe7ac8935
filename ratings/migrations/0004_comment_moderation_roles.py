"""Comment moderation rights for the newsroom's two roles (groups from articles.0002_roles).

Journalists first moderated the comments on their own articles; 0005 leaves them reading only;
editors moderate everything, delete, and export or erase a reader's data.
"""

from django.db import migrations

JOURNALIST = "Journaliste"
EDITOR = "Rédacteur en chef"
JOURNALIST_PERMISSIONS = ["view_comment", "change_comment"]
EDITOR_PERMISSIONS = ["view_comment", "change_comment", "delete_comment",
                      "moderate_all_comments", "manage_commenter_data"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the roles need them now.
    ratings = apps.get_app_config("ratings")
    ratings.models_module = True
    create_permissions(ratings, apps=apps, verbosity=0)
    ratings.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(JOURNALIST, JOURNALIST_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="ratings", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="ratings",
        codename__in=set(JOURNALIST_PERMISSIONS) | set(EDITOR_PERMISSIONS),
    )
    for group in Group.objects.filter(name__in=[JOURNALIST, EDITOR]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0003_comments"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
