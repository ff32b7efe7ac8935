"""E-mails of the newsroom: who must act on an article after a workflow step.

- submitted for review → every editor (users holding `articles.publish_article`);
- published (or scheduled) → the people who wrote it (its byline's accounts, and who created it);
- sent back to draft (« Renvoyer en brouillon », « Dépublier ») → the same, with the editor's note.

`workflow.apply` calls `step_taken` for each step, whoever takes it (the form's buttons, the
bulk actions, the shell); the e-mails are queued once the step is committed and sent by the
task worker (`core.tasks.retried`), so a click never waits for nor breaks on the mail server.
Nobody is told about their own step. Texts are French (the site's language), typeset; links
are absolute, built from SITE_URL and the admin's address of the article.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reversion.models import Version

from core.tasks import retried, send_email
from core.typography import typeset_text

from .models import Article

SUBMITTED = "submit"
PUBLISHED = "publish"
RETURNED = {"to_draft", "unpublish"}  # an editor sends the piece back to its writer


def step_taken(article, name, user=None, note=""):
    """Queue the e-mails of the step `name` just applied to `article` by `user` (None: unknown,
    e.g. a script), once the transaction commits (never for a step rolled back)."""
    if name != SUBMITTED and name != PUBLISHED and name not in RETURNED:
        return
    transaction.on_commit(partial(_enqueue, article, name, user, note))


def _enqueue(article, name, user, note):
    # The article's pk is read now: a new article gets it after `apply`, before the commit.
    if article.pk is not None:
        send_step_mails.enqueue(article.pk, name, getattr(user, "pk", None), note or "")


@retried
def send_step_mails(article_pk, name, actor_pk=None, note=""):
    """The e-mails of one workflow step (see the module). Nothing is sent if the article is
    gone or has moved on meanwhile (a submission withdrawn before the worker came)."""
    article = Article.objects.select_related("section").filter(pk=article_pk).first()
    if article is None:
        return "supprimé entre-temps"
    expected = {SUBMITTED: Article.Status.REVIEW, PUBLISHED: Article.Status.PUBLISHED}.get(
        name, Article.Status.DRAFT)
    if article.status != expected:
        return "l'article a changé d'état entre-temps"
    actor = get_user_model().objects.filter(pk=actor_pk).first() if actor_pk else None
    with translation.override(settings.LANGUAGE_CODE):
        if name == SUBMITTED:
            sent = _mail_editors(article, actor)
        else:
            sent = _mail_writers(article, name, actor, note)
    return f"{sent} e-mail(s)"


def editor_addresses(exclude=None):
    """Addresses of the active users who may publish (the permission, by group or by user,
    or superusers), in one query."""
    permission = Permission.objects.filter(
        content_type__app_label="articles", codename="publish_article")
    users = get_user_model().objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True) | Q(groups__permissions__in=permission)
        | Q(user_permissions__in=permission))
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return _unique(users.values_list("email", flat=True).distinct())


def writer_addresses(article, exclude=None):
    """Addresses of who wrote `article`: the accounts on its byline (else an author's contact
    address) and the account that created it (its first revision)."""
    addresses = []
    for byline in article.bylines.select_related("author__user"):
        user = byline.author.user
        if user is not None and exclude is not None and user.pk == exclude.pk:
            continue
        addresses.append((user.email if user else "") or byline.author.email)
    first = (Version.objects.get_for_object(article).select_related("revision__user")
             .order_by("revision__date_created").first())
    creator = first.revision.user if first else None
    if creator is not None and creator.is_active and (exclude is None or creator.pk != exclude.pk):
        addresses.append(creator.email)
    return _unique(addresses)


def _unique(addresses):
    seen = []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.append(address.lower())
    return seen


def admin_link(article):
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])


def name_of(user):
    if user is None:
        return _("la rédaction")
    return user.get_full_name() or user.get_username()


def _mail_editors(article, actor):
    addresses = editor_addresses(exclude=actor)
    subject = _("À relire : « %(title)s »") % {"title": article.title}
    context = {"article": article, "who": name_of(actor), "admin_url": admin_link(article)}
    return _send(subject, "articles/email/submitted.txt", context, addresses)


def _mail_writers(article, name, actor, note):
    from .workflow import format_datetime  # workflow imports this module

    addresses = writer_addresses(article, exclude=actor)
    context = {"article": article, "who": name_of(actor), "note": note.strip(),
               "admin_url": admin_link(article)}
    if name == PUBLISHED:
        if article.is_scheduled():
            context["scheduled_for"] = format_datetime(article.published_at)
            subject = _("Programmé : « %(title)s »") % {"title": article.title}
        else:
            context["article_url"] = settings.SITE_URL + article.get_absolute_url()
            subject = _("Publié : « %(title)s »") % {"title": article.title}
        template = "articles/email/published.txt"
    else:
        context["unpublished"] = name == "unpublish"
        subject = _("Renvoyé en brouillon : « %(title)s »") % {"title": article.title}
        template = "articles/email/returned.txt"
    return _send(subject, template, context, addresses)


def _send(subject, template, context, addresses):
    if not addresses:
        return 0
    body = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    subject, body = typeset_text(subject), typeset_text(body)
    # One message each (nobody learns the others' addresses), each its own task: a refused
    # address is retried alone, without sending the others theirs again.
    for address in addresses:
        send_email.enqueue(subject, body, address)
    return len(addresses)
