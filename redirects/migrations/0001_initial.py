from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Redirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_path', models.CharField(error_messages={'unique': 'Une redirection part déjà de cette adresse.'}, help_text='Un chemin de ce site, par exemple /articles/ancien-titre/ ou /?p=123.', max_length=500, unique=True, verbose_name='ancienne adresse')),
                ('new_path', models.CharField(blank=True, db_index=True, help_text="Un chemin (/articles/nouveau-titre/) ou une adresse complète. Vide\xa0: l'adresse répond «\xa0Cet article a été retiré\xa0» (410).", max_length=600, verbose_name='nouvelle adresse')),
                ('hits', models.PositiveIntegerField(default=0, editable=False, verbose_name='visites')),
                ('last_hit_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dernière visite')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                ('origin', models.CharField(choices=[('auto', "Automatique (changement d'adresse)"), ('manual', "Saisie dans l'administration"), ('import', 'Import CSV')], default='manual', editable=False, max_length=10, verbose_name='origine')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
            ],
            options={
                'verbose_name': 'redirection',
                'verbose_name_plural': 'redirections',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]
