"""Comments move out of the ratings app: the model changes app, the data does not.

The table keeps its name (`ratings_comment`, in the model's Meta), so this only tells Django's
state that the model is now `comments.Comment` (ratings 0007 drops it from the ratings state).
Its content type is renamed, not recreated: the groups' permissions (moderate, export, view,
change...) and the admin's history hang on it and come along.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _rename_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=old_label, model="comment").first()
    if old is None:
        return  # a fresh database: the content type is created after the migrations
    # One created meanwhile under the new label (never in normal use) holds nothing: it goes.
    ContentType.objects.filter(app_label=new_label, model="comment").delete()
    old.app_label = new_label
    old.save(update_fields=["app_label"])


def move_content_type(apps, schema_editor):
    _rename_content_type(apps, "ratings", "comments")


def move_content_type_back(apps, schema_editor):
    _rename_content_type(apps, "comments", "ratings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0006_discovery'),
        ('ratings', '0006_alter_comment_spam_reasons'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='nom')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('body', models.TextField(verbose_name='avis')),
                ('body_html', models.TextField(editable=False)),
                ('fingerprint', models.CharField(editable=False, max_length=64)),
                ('status', models.CharField(choices=[('pending', 'En attente'), ('approved', 'Publié'), ('spam', 'Indésirable'), ('removed', 'Retiré')], default='pending', max_length=10, verbose_name='statut')),
                ('spam_reasons', models.CharField(blank=True, max_length=255, verbose_name='motifs du filtre')),
                ('notify_replies', models.BooleanField(default=False, verbose_name='prévenir des réponses')),
                ('reader_id', models.CharField(blank=True, editable=False, max_length=64)),
                ('ip_hash', models.CharField(blank=True, editable=False, max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyé le')),
                ('moderated_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='modéré le')),
                ('notified_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='articles.article', verbose_name='article')),
                ('moderated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='modéré par')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replies', to='comments.comment', verbose_name='en réponse à')),
            ],
            options={
                'verbose_name': 'avis',
                'verbose_name_plural': 'avis',
                'db_table': 'ratings_comment',
                'ordering': ['created_at', 'id'],
                'permissions': [('moderate_all_comments', 'Peut modérer les avis de tous les articles'), ('manage_commenter_data', "Peut exporter et effacer les données d'un lecteur")],
                'indexes': [models.Index(fields=['article', 'status', 'created_at'], name='comment_article_idx'), models.Index(fields=['email', 'status'], name='comment_email_idx'), models.Index(fields=['article', 'fingerprint'], name='comment_fingerprint_idx'), models.Index(fields=['status', '-created_at'], name='comment_queue_idx')],
            },
        )]),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
