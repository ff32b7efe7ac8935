"""A reader comment's HTML (`{% comment_entry %}` under an article, and the JSON a poster's
browser gets back), written in Python for speed.

An article page shows up to a page of comments and their replies, each with its author, its
date, its text and its « Répondre » and « Signaler » links. Drawn by Django's template engine
(an include per comment, nested for replies, ~30 lookups and five translations each) they
were about a third of an article page drawn from scratch; written here, with the same helpers
(`typo`, the dates of `{% load dates %}`, `comment_date`, translations) they cost a fraction
of that and write the same bytes (tests/comments/test_rendering.py).

    <li class="comment [comment--reply] [comment--pending]" id="avis-12">
      <article class="comment__inner" aria-label="Avis de Léa">
        <header class="comment__meta">author, date, « en attente de modération »</header>
        <div class="comment__body">…</div>
        <p class="comment__actions">Répondre (while comments are open) · Signaler cet avis</p>
      </article>
      <ol class="comment__replies" data-replies>its replies (a top-level comment)</ol>
    </li>
"""

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from core.templatetags.dates import date, localtime
from core.templatetags.images import escape
from core.templatetags.typography import typo
from core.urls import id_url

ISO_FORMAT = r"Y-m-d\TH:i:sO"


def comment_date(value):
    """« 28 novembre 2026 à 14 h 05 », « 1er décembre 2026 à 9 h 00 » (French typography)."""
    local = timezone.localtime(value)
    if local.day == 1:
        fmt = pgettext("date d'un avis, premier du mois", "j\\e\\r F Y à G \\h i")
    else:
        fmt = pgettext("date d'un avis", "j F Y à G \\h i")
    # Each format parsed once (core.templatetags.dates: the same bytes as Django's filter).
    return date(local, fmt)


def comment_html(comment, comments_open):
    """The comment (and, if it is a top-level one, its visible replies) as an <li>."""
    parts = []
    _write(parts, comment, comments_open)
    return "".join(parts)


def _write(parts, comment, comments_open):
    pk, parent_id, approved = comment.pk, comment.parent_id, comment.is_approved
    name = comment.name
    plain_name, typeset_name = escape(name), typo(name)
    created_at = comment.created_at
    local = localtime(created_at)
    parts.append(
        f'<li class="comment{" comment--reply" if parent_id else ""}'
        f'{"" if approved else " comment--pending"}" id="avis-{pk}">\n'
        f'  <article class="comment__inner" aria-label="'
        + gettext("Avis de %(name)s") % {"name": plain_name}
        + '">\n    <header class="comment__meta">\n'
        f'      <span class="comment__author">{typeset_name}</span>\n'
        f'      <time class="comment__date" datetime="{escape(date(local, ISO_FORMAT))}">'
        f"{escape(comment_date(created_at))}</time>\n      "
    )
    if not approved:
        parts.append(f'<strong class="comment__pending">'
                     f'{gettext("en attente de modération")}</strong>')
    parts.append(f'\n    </header>\n    <div class="comment__body">{comment.body_html}</div>\n    ')
    if approved:
        parts.append('<p class="comment__actions">')
        if comments_open:
            parts.append(
                f'<a class="comment__reply" href="?repondre={pk}#publiez-votre-avis" '
                f'data-reply-to="{parent_id or pk}" data-reply-name="{plain_name}">'
                f'{gettext("Répondre")}<span class="visually-hidden"> '
                + gettext("à %(name)s") % {"name": typeset_name}
                + "</span></a>")
        parts.append(
            f'\n      <a class="comment__report" href="{escape(id_url("comments:report", pk))}" '
            f'rel="nofollow">{gettext("Signaler cet avis")}<span class="visually-hidden"> '
            + gettext("de %(name)s") % {"name": typeset_name}
            + "</span></a></p>")
    parts.append("\n  </article>\n  ")
    if not parent_id:
        parts.append('<ol class="comment__replies" data-replies>')
        # A comment just posted (the JSON answer, a poster's own page) has none read with it.
        for reply in getattr(comment, "visible_replies", ()):
            _write(parts, reply, comments_open)
        parts.append("</ol>")
    parts.append("\n</li>\n")
