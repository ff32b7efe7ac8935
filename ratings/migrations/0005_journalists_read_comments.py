"""Moderation is the editor's job: journalists read the comments on their articles, no more.

A journalist who could approve, hide or mark as spam the comments on their own work could
silence criticism, and an approval trusts the commenter's address from then on.
"""

from django.db import migrations

JOURNALIST = "Journaliste"


def _change_comment(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="ratings", codename="change_comment")


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=JOURNALIST):
        group.permissions.remove(*_change_comment(apps))


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=JOURNALIST):
        group.permissions.add(*_change_comment(apps))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0004_comment_moderation_roles")]

    operations = [migrations.RunPython(revoke, grant)]
