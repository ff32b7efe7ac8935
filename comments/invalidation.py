"""What pages show of readers' comments (pagecache.dependencies), and what moves it.

`comments:<article id>`: the comments readers see under an article, and their count on cards.
Moved by a comment approved on arrival, a moderation decision, an edit of an approved comment,
a deletion or an erasure; not by a comment waiting for moderation (nobody else sees it). It
moves in the transaction of the decision.
"""

from django.db.models.signals import post_delete, post_save

from pagecache import dependencies
from pagecache.generations import bump


def comments_changed(*article_ids):
    bump(*(f"comments:{pk}" for pk in article_ids))


def _comment_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_approved:
        comments_changed(instance.article_id)


def _comment_deleted(sender, instance, **kwargs):
    if instance.is_approved:
        comments_changed(instance.article_id)


def connect():
    dependencies.register("comments")
    # A lazy sender: the models module need not be loaded yet.
    post_save.connect(_comment_saved, sender="comments.Comment",
                      dispatch_uid="comments.invalidation.saved")
    post_delete.connect(_comment_deleted, sender="comments.Comment",
                        dispatch_uid="comments.invalidation.deleted")
