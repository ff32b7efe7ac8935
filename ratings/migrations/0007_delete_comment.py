"""The Comment model now lives in the comments app (comments 0001); its table stays."""

from django.db import migrations


def drop_stale_content_type(apps, schema_editor):
    # On a fresh database, a data migration that creates every app's permissions (magazine
    # 0001) may run while the state still held ratings.Comment, leaving an unused content type
    # next to the real one (comments.comment). Nothing points to it.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="comments", model="comment").exists():
        ContentType.objects.filter(app_label="ratings", model="comment").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('ratings', '0006_alter_comment_spam_reasons'),
        ('comments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='Comment'),
        ]),
        migrations.RunPython(drop_stale_content_type, migrations.RunPython.noop),
    ]
