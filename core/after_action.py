"""The signed parameter that brings a reader without JavaScript back to the page they acted
on (`?merci=…`, valid a few minutes, bound to their reader cookie), so that page, rendered for
them alone, can thank them. What the code in it means belongs to the app that sent it (ratings:
a vote; comments: a comment); this module only signs and checks."""

import hashlib

from django.conf import settings
from django.core import signing
from django.utils.http import urlencode

from .readers import reader_id

PARAM = "merci"
SALT = "ratings.after-action"  # unchanged since it was the ratings app's: links in flight work
MAX_AGE = 15 * 60


def _reader_digest(reader):
    """Who the parameter is for, without the reader id itself (a bearer secret) in the URL."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{reader}".encode()).hexdigest()[:20]


def after_action_url(page, code, reader, *, score=None, comment=None, query="", anchor=""):
    """The address of `page` (an object with a pk and get_absolute_url) for this reader."""
    token = signing.dumps({"a": page.pk, "m": code, "v": score, "r": _reader_digest(reader),
                           "c": comment.pk if comment else None}, salt=SALT, compress=True)
    query = f"{query}&" if query else ""
    return f"{page.get_absolute_url()}?{query}{urlencode({PARAM: token})}{anchor}"


def read(request, page):
    """{"code", "score", "comment", "reader"} when this request is the reader sent back to
    `page` by after_action_url(); None for anyone else (they get the shared page)."""
    token = request.GET.get(PARAM)
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != page.pk:
        return None
    reader = reader_id(request)
    if reader is None or data.get("r") != _reader_digest(reader):
        return None
    return {"code": data.get("m"), "score": data.get("v"), "comment": data.get("c"),
            "reader": reader}
