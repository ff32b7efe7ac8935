"""Helpers shared by the comment tests."""

import json as json_module
import time

import pytest
from django.utils import translation

from comments import spam
from comments.models import Comment


def form_data(article, *, age=30, **fields):
    """What a reader's browser sends: a form served `age` seconds ago, filled in."""
    data = {
        "name": "Camille",
        "email": "camille@example.org",
        "body": "Très bel article, merci.",
        "jeton": spam.form_token(article, now=time.time() - age),
        "site_web": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, article, *, json=False, ip="203.0.113.10", **fields):
    """A comment as a browser sends it: the form, or JSON from comments.js."""
    url = f"/articles/{article.slug}/avis/"
    if json:
        return client.post(url, json_module.dumps(form_data(article, **fields)),
                           content_type="application/json", HTTP_ACCEPT="application/json",
                           REMOTE_ADDR=ip)
    return client.post(url, form_data(article, **fields), REMOTE_ADDR=ip)


def become_trusted(client, article, **fields):
    """The reader behind `client` posts a comment and an editor approves it: their next
    comments are published at once (trust goes with their reader cookie)."""
    from comments.moderation import set_status

    fields.setdefault("body", "Un premier avis, approuvé ensuite.")
    assert post(client, article, **fields).status_code == 302
    first = Comment.objects.latest("pk")
    set_status(Comment.objects.filter(pk=first.pk), Comment.Status.APPROVED)
    return first


def add_comment(article, *, status=Comment.Status.APPROVED, **fields):
    """A comment stored directly, as if posted and moderated."""
    fields.setdefault("name", "Lou")
    fields.setdefault("email", "lou@example.org")
    fields.setdefault("body", "Un avis déjà là.")
    return Comment.objects.create(article=article, status=status, **fields)


@pytest.fixture(autouse=True)
def french():
    """Test code builds URLs too (get_absolute_url): in French, whatever a previous test on
    an /en/ page left active in this thread."""
    translation.activate("fr")
    yield
    translation.activate("fr")
