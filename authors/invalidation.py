"""What pages show about authors (pagecache.dependencies), and what an edit redraws.

- `author:<id>`: an author's name, address, portrait, job, bios and links, as bylines, bio
  boxes and the author's page show them;
- `authors`: the list of authors (« La rédaction », the sitemap).
Which articles an author signed is the articles app's `author-articles:<id>` (bylines).
"""

from django.db.models.signals import post_delete, post_save

from pagecache import dependencies
from pagecache.generations import bump

from .models import Author


def _author_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(f"author:{instance.pk}", "authors")


def connect():
    dependencies.register("author")
    dependencies.register("authors")
    post_save.connect(_author_changed, sender=Author, dispatch_uid="authors.invalidation.saved")
    post_delete.connect(_author_changed, sender=Author, dispatch_uid="authors.invalidation.deleted")
