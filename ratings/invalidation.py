"""What pages show of readers' votes (pagecache.dependencies), and what moves it.

- `ratings:<article id>`: an article's star summary (the widget under it, « Les mieux notés »);
- `ranking`: the order of « Les mieux notés » (any vote, any reset).
Each moves in the transaction of the vote.
"""

from pagecache import dependencies
from pagecache.generations import bump


def votes_changed(*article_ids):
    bump(*(f"ratings:{pk}" for pk in article_ids), "ranking")


def connect():
    dependencies.register("ratings")
    dependencies.register("ranking", deadline="go-live")  # a list of published articles
