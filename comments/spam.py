"""Anti-spam layers, all local: nothing about a reader leaves the server unless an extra
checker is configured (COMMENTS_SPAM_CHECKER, off by default).

A failed layer never drops a comment silently: the comment is stored with status "spam" and
its reasons, for an editor to review, and its poster sees the same "awaiting moderation"
answer as anyone else, so a bot cannot learn which layer caught it. Limits a reader can fix
(length, links, an expired form) are form errors instead, with the text kept.
"""

import logging
import re
import time
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core import ratelimit

from .text import fingerprint
from .models import Comment

logger = logging.getLogger(__name__)

TOKEN_SALT = "ratings.comment-form"


class Token(Enum):
    OK = "ok"
    TOO_FAST = "too-fast"
    EXPIRED = "expired"
    INVALID = "invalid"
    MISSING = "missing"


def form_token(article, now=None):
    """A signed timestamp: when the reader started on the form, and for which article.
    Scripts fetch it when the form is first used (comment_views.form_token): the page itself
    is shared by every reader and cached, so it cannot carry one."""
    return signing.dumps({"a": article.pk, "t": int(now or time.time())}, salt=TOKEN_SALT)


def check_token(token, article, now=None):
    if not token:
        return Token.MISSING
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued, article_pk = int(data["t"]), data["a"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Token.INVALID
    if article_pk != article.pk:
        return Token.INVALID
    age = (now or time.time()) - issued
    if age > settings.COMMENTS_FORM_MAX_AGE:
        return Token.EXPIRED
    if age < settings.COMMENTS_MIN_FILL_SECONDS:
        return Token.TOO_FAST
    return Token.OK


# Posts of any kind, valid or not, allowed per window for each accepted comment: a reader who
# mistypes a few times is not locked out, a bot hammering the form with junk still is.
ATTEMPTS_PER_COMMENT = 4


def within_attempt_limit(ip_hash):
    """Counts this post, valid or not; False once the IP hash posted far too often."""
    return ratelimit.hit("comment-attempts", ip_hash,
                         settings.COMMENTS_RATE_LIMIT * ATTEMPTS_PER_COMMENT,
                         settings.COMMENTS_RATE_WINDOW)


def within_rate_limit(ip_hash):
    """Counts this valid comment; False once the IP hash sent too many in the window."""
    return ratelimit.hit("comments", ip_hash, settings.COMMENTS_RATE_LIMIT,
                         settings.COMMENTS_RATE_WINDOW)


def blocklist_hits(*texts):
    """Blocklisted words, phrases or domains found in the texts (whole words, any case)."""
    haystack = "\n".join(texts).casefold()
    hits = []
    for term in settings.COMMENTS_BLOCKLIST:
        term = term.strip().casefold()
        if term and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", haystack):
            hits.append(term)
    return hits


def find_duplicate(comment, now=None):
    """An earlier comment with the same text from the same reader on the same article, recently.

    "Same reader": same cookie, same e-mail or same IP hash. A reader who sends twice (double
    click, reload after a slow answer) gets their first comment back instead of a second one.
    """
    since = (now or timezone.now()) - timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW)
    same_reader = Q(email=comment.email)
    if comment.reader_id:
        same_reader |= Q(reader_id=comment.reader_id)
    if comment.ip_hash:
        same_reader |= Q(ip_hash=comment.ip_hash)
    return (
        Comment.objects.filter(article=comment.article, fingerprint=fingerprint(comment.body),
                               created_at__gte=since)
        .filter(same_reader)
        .exclude(status=Comment.Status.REMOVED)
        .order_by("created_at")
        .first()
    )


def external_check(comment, request):
    """The optional Akismet-style checker; its failure never loses or blocks a comment."""
    if not settings.COMMENTS_SPAM_CHECKER:
        return False
    try:
        return bool(import_string(settings.COMMENTS_SPAM_CHECKER)(comment, request))
    except Exception:
        logger.exception("COMMENTS_SPAM_CHECKER failed; the comment goes to normal moderation")
        return False


def held_reasons(form):
    """Why a comment that is not spam waits for an editor all the same: it came without the
    fill-time token (JavaScript off, or a script that never asked for one). Shown in the
    moderation list."""
    if form.token_state is Token.MISSING:
        return [_("envoyé sans jeton de saisie (JavaScript désactivé ?) : à relire")]
    return []


def spam_reasons(form, comment, request):
    """Why this comment looks like spam (empty list: it does not). For the moderators."""
    reasons = []
    if form.cleaned_data.get("site_web"):
        reasons.append(_("champ piège rempli"))
    if form.token_state is Token.TOO_FAST:
        reasons.append(_("envoyé trop vite"))
    elif form.token_state is Token.INVALID:
        reasons.append(_("jeton du formulaire invalide"))
    hits = blocklist_hits(comment.name, comment.body, comment.email)
    if hits:
        reasons.append(_("liste de blocage : %(terms)s") % {"terms": ", ".join(hits)})
    if not reasons and external_check(comment, request):
        reasons.append(_("vérification externe"))
    return reasons
