"""Helpers shared by the comment tests."""

import time

import pytest
from django.utils import translation

from ratings import spam
from ratings.models import Comment


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
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/articles/{article.slug}/avis/", form_data(article, **fields),
                       REMOTE_ADDR=ip, **headers)


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
