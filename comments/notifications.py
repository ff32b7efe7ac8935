"""E-mails about comments: to the article's authors, to a commenter answered, erase links.

Sent with Django's e-mail API (console backend in development, locmem in tests), in the
site's language, with absolute links built from SITE_URL (there is no request at hand when an
editor approves a batch in the admin).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.typography import typeset_text

UNSUBSCRIBE_SALT = "ratings.comment-unsubscribe"
ERASE_SALT = "ratings.comment-erase"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def comment_from_unsubscribe_token(token):
    """The comment pk a token was made for, or None when forged."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def erase_token(email):
    return signing.dumps(email, salt=ERASE_SALT, compress=True)


def email_from_erase_token(token):
    """The address an erase link was sent to, or None when forged or expired."""
    try:
        return signing.loads(token, salt=ERASE_SALT, max_age=settings.COMMENTS_ERASE_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None


def _send(subject, template, context, to, headers=None):
    """Send one plain-text mail, set in French typography like the pages (names, titles and
    the reader's words included; addresses in it are left as they are)."""
    body = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    EmailMessage(typeset_text(subject), typeset_text(body), to=[to], headers=headers or {}).send()


def comment_approved(comment):
    """Everything a newly visible comment sends: its article's authors, the answered reader."""
    with translation.override(settings.LANGUAGE_CODE):
        if settings.COMMENTS_NOTIFY_AUTHORS:
            notify_authors(comment)
        if comment.parent_id:
            notify_parent(comment)


def _author_addresses(article):
    addresses = []
    for byline in article.bylines.select_related("author__user"):
        author = byline.author
        # The newsroom account's address first, the public contact address otherwise.
        address = (author.user.email if author.user else "") or author.email
        if address and address.lower() not in addresses:
            addresses.append(address.lower())
    return addresses


def notify_authors(comment):
    article = comment.article
    context = {
        "comment": comment,
        "article": article,
        "comment_url": absolute(comment.get_absolute_url()),
        "admin_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
    }
    subject = _("Nouvel avis sur « %(title)s »") % {"title": article.title}
    for address in _author_addresses(article):
        if address != comment.email:  # an author answering readers needs no e-mail about it
            _send(subject, "comments/email/new_comment.txt", context, address)


def notify_parent(reply):
    parent = reply.parent
    if not (parent.notify_replies and parent.email and parent.email != reply.email):
        return
    if not parent.is_approved:
        return
    unsubscribe_url = absolute(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(parent)})
    )
    context = {
        "reply": reply,
        "parent": parent,
        "article": reply.article,
        "reply_url": absolute(reply.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = _("%(name)s a répondu à votre avis sur « %(title)s »") % {
        "name": reply.name, "title": reply.article.title,
    }
    # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    _send(subject, "comments/email/reply.txt", context, parent.email, headers)


def send_erase_link(email, count):
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute(reverse("comments:erase_confirm", kwargs={"token": erase_token(email)}))
        days = max(1, settings.COMMENTS_ERASE_LINK_MAX_AGE // 86400)
        _send(
            _("Effacer vos avis sur %(site)s") % {"site": settings.SITE_NAME},
            "comments/email/erase_link.txt",
            {"erase_url": url, "count": count, "days": days},
            email,
        )
