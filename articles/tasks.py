"""What the newsroom's actions leave to do off the request (core/tasks.py: retried on failure)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.tasks import retried

from .models import Article


@retried
def tell_overwritten(article_id, user_id, by_name):
    """`user_id`'s version of the article was replaced by `by_name`'s, deliberately, after a
    conflict: they are told, with the link to the history, where their version stays."""
    user = get_user_model().objects.filter(pk=user_id).first()
    article = Article.objects.filter(pk=article_id).first()
    if user is None or article is None or not user.email:
        return "personne à prévenir"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_name": settings.SITE_NAME,
            "article": article,
            "by_name": by_name,
            "history_url": settings.SITE_URL + reverse("admin:articles_article_history",
                                                       args=[article.pk]),
        }
        subject = _("« %(title)s » : votre version a été remplacée par %(name)s") % {
            "title": article.title, "name": by_name}
        body = render_to_string("articles/emails/overwritten.txt", context)
    EmailMessage(subject, body, to=[user.email]).send()
    return "envoyé"
