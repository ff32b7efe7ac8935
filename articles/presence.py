"""Who has an article's form open in the newsroom (« Camille Durand a aussi cet article ouvert »).

Each open form sends a heartbeat every HEARTBEAT_SECONDS (articles/static/articles/coediting.js)
and a last « leave » when its page goes away. Entries live in the shared cache (Redis, or the
file cache every worker of the machine shares), never in a process's memory: one key per
(article, user) that expires by itself, and per article the list of the users last seen,
rewritten by each heartbeat. Two people joining in the same instant may drop one another from
that list: the next heartbeat (15 s later) puts them back.
"""

import time

from django.core.cache import cache
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# How often an open form says so, and how long after its last word someone is still shown.
HEARTBEAT_SECONDS = 15
TTL_SECONDS = 45


def now():
    return time.time()


def display_name(user):
    return user.get_full_name() or user.get_username()


def _list_key(article_id):
    return f"coediting:{article_id}"


def _entry_key(article_id, user_id):
    return f"coediting:{article_id}:{user_id}"


def heartbeat(article_id, user):
    """`user` has the article open: recorded. Returns the names of the others who have it open
    now (sorted)."""
    stamp = now()
    cache.set(_entry_key(article_id, user.pk), {"name": display_name(user), "seen": stamp},
              TTL_SECONDS * 2)
    listed = [uid for uid in cache.get(_list_key(article_id)) or [] if uid != user.pk]
    entries = cache.get_many([_entry_key(article_id, uid) for uid in listed])
    present, names = [user.pk], []
    for uid in listed:
        entry = entries.get(_entry_key(article_id, uid))
        if entry and stamp - entry["seen"] < TTL_SECONDS:
            present.append(uid)
            names.append(entry["name"])
    cache.set(_list_key(article_id), present, TTL_SECONDS * 2)
    return sorted(names)


def leave(article_id, user):
    """`user` closed the article's form (or left the page)."""
    cache.delete(_entry_key(article_id, user.pk))


def notice(names):
    """What the form says about the others (empty when alone)."""
    if not names:
        return ""
    return ngettext("%(names)s a aussi cet article ouvert.",
                    "%(names)s ont aussi cet article ouvert.",
                    len(names)) % {"names": get_text_list(names, _("et"))}
