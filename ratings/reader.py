"""What is a reader's own, given only after they act: never in the page every reader shares.

- A script that votes or comments gets it in the answer (JSON), and remembers in the browser's
  local storage that this reader has acted.
- Without JavaScript, the answer is a redirect to the article with a signed parameter
  (`?merci=…`, valid a few minutes, bound to their reader cookie): that page, rendered for
  them alone (private, no-store, noindex), thanks them and shows their vote and their comment
  waiting for moderation. Anyone else opening that address gets the shared page.
- On later visits, only readers who have acted ask for their state: one small JSON request
  (`/articles/<slug>/lecteur/`, never cached) for their vote and their comments still waiting.
  A reader without JavaScript then sees the shared page: the stars without their own vote
  marked (voting again changes their vote), the comments without theirs until it is approved.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article
from core.readers import reader_id

from .models import Comment, Rating, stars_label

PARAM = "merci"
SALT = "ratings.after-action"
MAX_AGE = 15 * 60

VOTE_NEW, VOTE_SAME, VOTE_CHANGED = "vote-new", "vote-same", "vote-changed"
COMMENT_PUBLISHED, COMMENT_PENDING, COMMENT_DUPLICATE = (
    "comment-published", "comment-pending", "comment-duplicate")


def vote_message(code, score):
    stars = stars_label(score)
    if code == VOTE_NEW:
        return _("Merci ! Votre note : %(stars)s.") % {"stars": stars}
    if code == VOTE_SAME:
        return _("Votre note reste de %(stars)s.") % {"stars": stars}
    return _("Votre note est modifiée : %(stars)s.") % {"stars": stars}


def comment_message(code):
    if code == COMMENT_PUBLISHED:
        return _("Merci ! Votre avis est publié.")
    if code == COMMENT_DUPLICATE:
        return _("Votre avis avait déjà été reçu.")
    # Pending and suspected spam get the same answer: a bot learns nothing.
    return _("Merci ! Votre avis est en attente de modération : il sera publié après relecture.")


def _reader_digest(reader):
    """Who the parameter is for, without the reader id itself (a bearer secret) in the URL."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{reader}".encode()).hexdigest()[:20]


def after_action_url(article, code, reader, *, score=None, comment=None, query="", anchor=""):
    """The address a reader without JavaScript is sent to after voting or commenting."""
    token = signing.dumps({"a": article.pk, "m": code, "v": score, "r": _reader_digest(reader),
                           "c": comment.pk if comment else None}, salt=SALT, compress=True)
    query = f"{query}&" if query else ""
    return f"{article.get_absolute_url()}?{query}{urlencode({PARAM: token})}{anchor}"


def after_action_context(request, article):
    """The article page's additions for the reader just sent back to it (None otherwise)."""
    token = request.GET.get(PARAM)
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != article.pk:
        return None
    reader = reader_id(request)
    if reader is None or data.get("r") != _reader_digest(reader):
        return None  # someone else opening that address: the shared page
    code, score = data.get("m"), data.get("v")
    context = {"reader_page": True}
    if score in range(1, 6):
        context.update(reader_vote=score, reader_message=vote_message(code, score))
    else:
        context.update(reader_message=comment_message(code), reader_id=reader)
    return context


@require_safe
def reader_state(request, slug):
    """GET /articles/<slug>/lecteur/: this reader's vote and comments awaiting moderation."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    reader = reader_id(request)
    score, pending = None, []
    if reader is not None:
        score = (Rating.objects.filter(article=article, reader_id=reader)
                 .values_list("score", flat=True).first())
        waiting = (Comment.objects.filter(article=article, reader_id=reader,
                                          status__in=Comment.AWAITING).order_by("created_at", "pk"))
        pending = [{
            "id": comment.pk,
            "parent": comment.parent_id,
            "html": render_to_string("ratings/_comment.html", {
                "comment": comment, "article": article, "comments_open": False,
            }, request=request),
        } for comment in waiting]
    response = JsonResponse({
        "vote": score,
        "vote_message": (_("Votre note : %(stars)s.") % {"stars": stars_label(score)}) if score else "",
        "pending": pending,
    })
    add_never_cache_headers(response)
    return response
