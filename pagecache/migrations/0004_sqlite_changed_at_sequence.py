from django.db import migrations


def changed_at_as_sequence(apps, schema_editor):
    """SQLite: deadlines and the epoch stored milliseconds in `changed_at`, where every other
    counter stores the sequence (pagecache.generations._next_sequence). Those rows now say the
    current sequence, so that a render's stability check (_SQLite.stable) does not take them
    for changes made after it started."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    Generation = apps.get_model("pagecache", "Generation")
    rows = Generation.objects.using(connection.alias)
    sequence = rows.filter(key="sequence").values_list("value", flat=True).first() or 0
    rows.exclude(key="sequence").filter(changed_at__gt=sequence).update(changed_at=sequence)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0003_purge_address")]

    operations = [migrations.RunPython(changed_at_as_sequence, migrations.RunPython.noop)]
