"""Privacy (RGPD): IP hashes are forgotten after the retention period wherever the app keeps
them, and the « Confidentialité » page says what is kept, why and for how long."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from ratings.models import Rating

from ..conftest import make_article

pytestmark = pytest.mark.django_db


def test_one_command_forgets_old_ip_hashes_of_votes_comments_and_failed_logins(settings, capsys):
    from axes.models import AccessAttempt

    settings.IP_HASH_RETENTION_DAYS = 30
    article = make_article()
    long_ago, lately = timezone.now() - timedelta(days=31), timezone.now() - timedelta(days=29)
    old_vote, _ = Rating.objects.vote(article, "lecteur-ancien", "a" * 64, 4, new_reader=True)
    recent_vote, _ = Rating.objects.vote(article, "lecteur-recent", "b" * 64, 5, new_reader=True)
    Rating.objects.filter(pk=old_vote.pk).update(created_at=long_ago, updated_at=long_ago)
    Rating.objects.filter(pk=recent_vote.pk).update(created_at=lately, updated_at=lately)
    old_comment = Comment.objects.create(article=article, name="Lou", email="lou@example.org",
                                         body="Ancien.", ip_hash="c" * 64, created_at=long_ago)
    old_attempt = AccessAttempt.objects.create(username="x", ip_address="::1", user_agent="",
                                               failures_since_start=3)
    AccessAttempt.objects.filter(pk=old_attempt.pk).update(attempt_time=long_ago)
    AccessAttempt.objects.create(username="y", ip_address="::2", user_agent="", failures_since_start=1)

    call_command("purge_ip_hashes")
    out = capsys.readouterr().out
    assert "1 comment IP hash(es), 0 report IP hash(es) and 1 vote IP hash(es) older than 30 days blanked" in out
    assert "1 old failed-login record(s), " in out
    assert Rating.objects.get(pk=old_vote.pk).ip_hash == ""
    assert Rating.objects.get(pk=recent_vote.pk).ip_hash == "b" * 64
    assert Comment.objects.get(pk=old_comment.pk).ip_hash == ""
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y"]
    # The votes themselves stay, and so do the counts.
    assert Rating.objects.count() == 2
    assert article.rating_summary.count == 2


def test_a_purged_vote_can_still_be_changed_by_its_reader():
    article = make_article()
    rating, _ = Rating.objects.vote(article, "lecteur", "a" * 64, 2, new_reader=True)
    Rating.objects.filter(pk=rating.pk).update(ip_hash="")
    _, previous = Rating.objects.vote(article, "lecteur", "d" * 64, 5)
    assert previous == 2 and Rating.objects.get(pk=rating.pk).ip_hash == "d" * 64


def test_privacy_page_says_what_is_kept_why_and_how_long(client, settings):
    settings.IP_HASH_RETENTION_DAYS = 21
    settings.IP_HASH_ROTATION_HOURS = 12
    settings.TASK_RESULTS_DAYS = 5
    home = client.get("/").content.decode()
    assert 'href="/confidentialite/"' in home and "Confidentialité" in home  # in the footer
    response = client.get("/confidentialite/")
    assert response.status_code == 200
    page = response.content.decode()
    for fact in ["cookie", "«\u00a0lecteur\u00a0»", "empreinte", "toutes les 12 heures", "effacée après 21 jours",
                 "e-mail", "aucun service tiers", "jamais affiché", 'href="/avis/effacer/"',
                 "JSON ou CSV", "365 jours", "file d'envoi, d'où elle est effacée après 5 jours",
                 "publier les suivants sans attente"]:
        assert fact in page, fact
    assert "\u00a0:" in page  # French typography
    assert client.get("/en/confidentialite/").status_code == 200
