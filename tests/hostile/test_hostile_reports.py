"""The hostile-input corpus at « Signaler cet avis »: in the address, the reason and the
explanation. Never a 5xx, refusals in French, nothing stored that a page would run."""

import pytest

from comments.models import Comment, CommentReport
from ..comments_support import add_comment
from ..conftest import reader_client
from . import corpus
from .test_hostile_input import FRENCH_REFUSALS, check, chunks

pytestmark = pytest.mark.django_db

FRENCH_REFUSALS.append("Votre signalement n'a pas été envoyé")


@pytest.fixture
def comment(magazine, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 1_000_000
    settings.COMMENTS_REPORTS_TO_HOLD = 1_000_000
    return add_comment(magazine["object"], body="Un avis ordinaire.")


@pytest.mark.parametrize("part", chunks(corpus.SMALL, 3))
def test_any_reason_and_explanation(comment, part):
    client = reader_client()
    url = f"/avis/{comment.pk}/signaler/"
    for index, payload in enumerate(part):
        reason = payload if index % 2 else "other"
        check(client.post(url, {"reason": reason, "explanation": payload}), payload,
              allowed=(200, 400, 429))
    for report in CommentReport.objects.all():
        assert report.reason in CommentReport.Reason.values
    page = reader_client().get(comment.article.get_absolute_url())
    check(page)


@pytest.mark.parametrize("part", chunks(corpus.SMALL, 2))
def test_any_address(comment, part):
    client = reader_client()
    for payload in part:
        check(client.get(f"/avis/{payload}/signaler/"), payload)
        check(client.get(f"/avis/{comment.pk}/signaler/", {"reason": payload}), payload)
    assert Comment.objects.get(pk=comment.pk).is_approved
