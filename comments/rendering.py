"""A reader comment's HTML (`{% comment_list %}` under an article, and the JSON a poster's
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

from core.templatetags.dates import date
from core.templatetags.images import escape
from core.templatetags.typography import typo
from core.urls import id_url_maker

ISO_FORMAT = r"Y-m-d\TH:i:sO"


class _Words:
    """What every comment of a thread says in the current language and time zone, looked up
    once for the whole thread rather than once per comment (each lookup reads the request's
    language or time zone)."""

    def __init__(self):
        self.tz = timezone.get_current_timezone()
        self.first_of_month = pgettext("date d'un avis, premier du mois", "j\\e\\r F Y à G \\h i")
        self.other_day = pgettext("date d'un avis", "j F Y à G \\h i")
        self.by = gettext("Avis de %(name)s")
        self.pending = gettext("en attente de modération")
        self.reply = gettext("Répondre")
        self.reply_to = gettext("à %(name)s")
        self.report = gettext("Signaler cet avis")
        self.report_of = gettext("de %(name)s")
        self.report_url = id_url_maker("comments:report")

    def date(self, local):
        """« 28 novembre 2026 à 14 h 05 », « 1er décembre 2026 à 9 h 00 » (French typography)."""
        # Each format parsed once (core.templatetags.dates: the same bytes as Django's filter).
        return date(local, self.first_of_month if local.day == 1 else self.other_day)


def comment_date(value):
    """« 28 novembre 2026 à 14 h 05 », « 1er décembre 2026 à 9 h 00 » (French typography)."""
    words = _Words()
    return words.date(timezone.localtime(value, words.tz))


def comments_html(comments, comments_open):
    """The comments (and, for the top-level ones, their visible replies) as <li>s."""
    parts = []
    words = _Words()
    for comment in comments:
        _write(parts, comment, comments_open, words)
    return "".join(parts)


def comment_html(comment, comments_open):
    """The comment (and, if it is a top-level one, its visible replies) as an <li>."""
    return comments_html((comment,), comments_open)


def _write(parts, comment, comments_open, words):
    pk, parent_id, approved = comment.pk, comment.parent_id, comment.is_approved
    name = comment.name
    plain_name, typeset_name = escape(name), typo(name)
    local = timezone.localtime(comment.created_at, words.tz)
    parts.append(
        f'<li class="comment{" comment--reply" if parent_id else ""}'
        f'{"" if approved else " comment--pending"}" id="avis-{pk}">\n'
        f'  <article class="comment__inner" aria-label="'
        + words.by % {"name": plain_name}
        + '">\n    <header class="comment__meta">\n'
        f'      <span class="comment__author">{typeset_name}</span>\n'
        f'      <time class="comment__date" datetime="{escape(date(local, ISO_FORMAT))}">'
        f"{escape(words.date(local))}</time>\n      "
    )
    if not approved:
        parts.append(f'<strong class="comment__pending">{words.pending}</strong>')
    parts.append(f'\n    </header>\n    <div class="comment__body">{comment.body_html}</div>\n    ')
    if approved:
        parts.append('<p class="comment__actions">')
        if comments_open:
            parts.append(
                f'<a class="comment__reply" href="?repondre={pk}#publiez-votre-avis" '
                f'data-reply-to="{parent_id or pk}" data-reply-name="{plain_name}">'
                f'{words.reply}<span class="visually-hidden"> '
                + words.reply_to % {"name": typeset_name}
                + "</span></a>")
        parts.append(
            f'\n      <a class="comment__report" href="{escape(words.report_url(pk))}" '
            f'rel="nofollow">{words.report}<span class="visually-hidden"> '
            + words.report_of % {"name": typeset_name}
            + "</span></a></p>")
    parts.append("\n  </article>\n  ")
    if not parent_id:
        parts.append('<ol class="comment__replies" data-replies>')
        # A comment just posted (the JSON answer, a poster's own page) has none read with it.
        for reply in getattr(comment, "visible_replies", ()):
            _write(parts, reply, comments_open, words)
        parts.append("</ol>")
    parts.append("\n</li>\n")
