"""What pages show of readers' feedback (pagecache.dependencies), and what moves it.

- `ratings:<article id>`: an article's star summary (the widget under it, « Les mieux notés »);
- `ranking`: the order of « Les mieux notés » (any vote, any reset);
- `comments:<article id>`: the comments readers see under an article, and their count on
  cards. Moved by a comment approved on arrival, a moderation decision, an edit of an approved
  comment, a deletion or an erasure; not by a comment waiting for moderation (nobody else
  sees it).
Each moves in the transaction of the vote or the decision.
"""

from django.db.models.signals import post_delete, post_save

from pagecache import dependencies
from pagecache.generations import bump


def votes_changed(*article_ids):
    bump(*(f"ratings:{pk}" for pk in article_ids), "ranking")


def comments_changed(*article_ids):
    bump(*(f"comments:{pk}" for pk in article_ids))


def _comment_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_approved:
        comments_changed(instance.article_id)


def _comment_deleted(sender, instance, **kwargs):
    if instance.is_approved:
        comments_changed(instance.article_id)


def connect():
    dependencies.register("ratings")
    dependencies.register("ranking", deadline="go-live")  # a list of published articles
    dependencies.register("comments")
    # A lazy sender: the models import this module (votes_changed), not the reverse.
    post_save.connect(_comment_saved, sender="ratings.Comment",
                      dispatch_uid="ratings.invalidation.saved")
    post_delete.connect(_comment_deleted, sender="ratings.Comment",
                        dispatch_uid="ratings.invalidation.deleted")
