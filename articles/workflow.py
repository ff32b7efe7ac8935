"""The editorial workflow: who may do what to an article, and what publishing requires.

Draft → in review → published (now, or later: `published_at` in the future schedules it) →
archived. Each step is a Transition; `check` is the one rule for whether a user may take it
(and, when it publishes, whether the article is ready), `apply` the one change it makes, and
`perform` does both on a saved article (bulk actions, the shell). The admin's form and buttons
call `check` and `apply` too, so a forged request meets the same rules as a click.

In the shell: `workflow.perform(user, article.pk, "publish")`.

Roles: an *editor* (« Rédacteur en chef ») holds `articles.publish_article` and works on every
article; a *journalist* edits the articles they author (their Author profile is on the byline)
while those are drafts or in review, and sees the others' work only once readers can.
"""

from dataclasses import dataclass

import reversion
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authors.models import Author
from pagecache.prerender import redrawn_before_commit

from . import notifications
from .models import Article, ArticleAuthor

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
# What a journalist may still edit on an article they author.
JOURNALIST_EDITABLE = {Status.DRAFT, Status.REVIEW}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # button and bulk action
    done: str  # history and confirmation message
    sources: frozenset
    target: str
    editors_only: bool


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", gettext_lazy("Soumettre à la relecture"),
                   gettext_lazy("Soumis à la relecture"), frozenset({Status.DRAFT}),
                   Status.REVIEW, editors_only=False),
        Transition("to_draft", gettext_lazy("Renvoyer en brouillon"),
                   gettext_lazy("Renvoyé en brouillon"), frozenset({Status.REVIEW}),
                   Status.DRAFT, editors_only=False),
        Transition("publish", gettext_lazy("Publier"), gettext_lazy("Publié"),
                   frozenset({Status.DRAFT, Status.REVIEW}), Status.PUBLISHED, editors_only=True),
        Transition("unpublish", gettext_lazy("Dépublier"),
                   gettext_lazy("Dépublié (retour en brouillon)"),
                   frozenset({Status.PUBLISHED}), Status.DRAFT, editors_only=True),
        Transition("archive", gettext_lazy("Archiver"), gettext_lazy("Archivé"),
                   frozenset({Status.PUBLISHED}), Status.ARCHIVED, editors_only=True),
        Transition("restore", gettext_lazy("Sortir des archives"),
                   gettext_lazy("Sorti des archives (en brouillon)"),
                   frozenset({Status.ARCHIVED}), Status.DRAFT, editors_only=True),
    ]
}


class TransitionRefused(Exception):
    """A status change the user may not make, or an article not ready for it (French message).

    `code`: "transition_refused" (the user or the status) or "incomplete" (not ready)."""

    def __init__(self, message, code="transition_refused"):
        super().__init__(message)
        self.code = code


def is_editor(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_author(user, article):
    """Whether `user` signs `article` (their Author profile is on its byline)."""
    if article.pk is None or not user.is_authenticated:
        return False
    cache = article.__dict__.setdefault("_signed_by", {})
    if user.pk not in cache:
        cache[user.pk] = ArticleAuthor.objects.filter(article=article, author__user=user).exists()
    return cache[user.pk]


def visible_articles(user, queryset):
    """What `user` sees in the newsroom: everything for an editor; for a journalist, what
    they sign plus what readers can already see (never someone else's draft)."""
    if is_editor(user):
        return queryset
    signed = ArticleAuthor.objects.filter(author__user=user).values("article_id")
    public = Article.objects.published().values("pk")
    return queryset.filter(Q(pk__in=signed) | Q(pk__in=public))


def can_edit(user, article):
    if not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    if article.pk is None:
        return user.has_perm("articles.add_article")
    return article.status in JOURNALIST_EDITABLE and is_author(user, article)


def can_delete(user, article):
    if not user.has_perm("articles.delete_article"):
        return False
    return is_editor(user) or (article.status == Status.DRAFT and is_author(user, article))


def allowed_transitions(user, article):
    """The transitions `user` may apply to `article` now, in display order."""
    return [t for t in TRANSITIONS.values() if _refusal(user, article, t) is None]


def check(user, article, name, author_count=None):
    """The Transition called `name` if `user` may apply it to `article` now, and, when it
    publishes, if the article is ready (`author_count`: see `publication_problems`); else
    TransitionRefused with the reason in French."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(_("Action inconnue."))
    reason = _refusal(user, article, transition)
    if reason:
        raise TransitionRefused(reason)
    if transition.target == Status.PUBLISHED:
        missing = publication_problems(article, author_count)
        if missing:
            raise TransitionRefused(publication_refusal(missing), code="incomplete")
    return transition


def _refusal(user, article, transition):
    if transition.editors_only and not is_editor(user):
        return _("Seule la rédaction en chef peut faire cela (« %(action)s »).") % {
            "action": transition.label}
    if not can_edit(user, article):
        return _("Vous ne pouvez pas modifier cet article.")
    if article.status not in transition.sources:
        return _("Impossible depuis le statut « %(status)s » (« %(action)s »).") % {
            "status": article.get_status_display(), "action": transition.label}
    return None


def publication_problems(article, author_count=None):
    """What a reader would miss if `article` went live now, as French phrases (empty: ready).

    `author_count` is the byline as submitted in a form; by default the saved byline counts.
    """
    if author_count is None:
        author_count = article.bylines.count() if article.pk else 0
    missing = []
    if not (article.title or "").strip():
        missing.append(_("le titre"))
    if not (article.standfirst or "").strip():
        missing.append(_("le chapô"))
    if article.section_id is None:
        missing.append(_("la rubrique"))
    if author_count < 1:
        missing.append(_("au moins un auteur"))
    if article.cover_image and not (article.cover_alt or "").strip():
        missing.append(_("le texte alternatif de l'image de une"))
    return missing


def publication_refusal(missing):
    return _("Publication impossible : il manque %(missing)s.") % {
        "missing": get_text_list(missing, _("et"))}


def apply(article, transition, user=None, note=""):
    """Set the status the transition leads to. Not saved; the publication time, when it is
    published without one, is set by `Article.save` (now). Whoever must act next is told by
    e-mail once the step commits (`articles.notifications`); `note` is the editor's word to
    the writer (sent back, published)."""
    article.status = transition.target
    notifications.step_taken(article, transition.name, user=user, note=note)


def perform(user, article_id, name, note=""):
    """Take the transition `name` on the saved article `article_id` as `user`: checked on the
    locked row, saved as one revision whose comment says what happened (with `note`, the
    editor's word to the writer, if any). Returns the article and that comment;
    TransitionRefused if not allowed, Article.DoesNotExist if it is gone."""
    with transaction.atomic(), redrawn_before_commit():
        article = Article.objects.select_for_update().get(pk=article_id)
        transition = check(user, article, name)
        with reversion.create_revision():
            apply(article, transition, user=user, note=note)
            article.save()
            comment = transition_note(article, transition, note)
            reversion.set_user(user)
            reversion.set_comment(comment)
    return article, comment


def transition_note(article, transition, note=""):
    """What the history says about a transition just applied to `article` (and the editor's
    `note` to the writer, when one was left)."""
    if article.is_scheduled():
        done = _("Programmé pour le %(date)s") % {"date": format_datetime(article.published_at)}
    else:
        done = str(transition.done)
    note = (note or "").strip()
    if note:
        return _("%(done)s — note : « %(note)s »") % {"done": done, "note": note}
    return done


def status_label(article):
    """The status as the newsroom reads it: « Programmé pour le … » for a future publication."""
    if article.is_scheduled():
        return _("Programmé pour le %(date)s") % {"date": format_datetime(article.published_at)}
    return article.get_status_display()


def format_datetime(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def ensure_byline(article, user):
    """Put `user` on the byline of `article` (creating their Author profile if they have none),
    so a journalist can keep editing what they wrote."""
    author = Author.objects.filter(user=user).first()
    if author is None:
        author = Author.objects.create(name=user.get_full_name() or user.get_username(), user=user)
    if not article.bylines.filter(author=author).exists():
        last = article.bylines.aggregate(last=Max("position"))["last"]
        ArticleAuthor.objects.create(article=article, author=author,
                                     position=0 if last is None else last + 1)
    article.__dict__.setdefault("_signed_by", {})[user.pk] = True
    return author
