import random

from django.db import migrations


def create_epoch(apps, schema_editor):
    """The database's random epoch (pagecache.generations.Counters.epoch), made here rather
    than by the first page request (which would then write on a GET)."""
    Generation = apps.get_model("pagecache", "Generation")
    Generation.objects.using(schema_editor.connection.alias).get_or_create(
        key="epoch", defaults={"value": random.randrange(1, 2**62)})


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]

    operations = [migrations.RunPython(create_epoch, migrations.RunPython.noop)]
