"""Signals other parts of the site listen to.

`content_changed` is sent whenever something a reader sees about an article changes outside
the article's own save (a vote, an approved comment, a moderation decision), so caches can
drop what they hold for that article.
"""

from django.dispatch import Signal

# Sent with sender=<model class of what changed> and article=<Article instance or pk>.
content_changed = Signal()
