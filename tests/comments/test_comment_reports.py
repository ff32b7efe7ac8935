"""« Signaler cet avis »: any reader reports a published comment with a reason; enough
reports send it back to the moderation queue, and an editor's decision closes them."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from comments.models import Comment, CommentReport
from comments.moderation import set_status
from comments.reports import open_reports
from magazine.privacy import purge_ip_hashes
from tests.comments_support import add_comment, french  # noqa: F401
from tests.conftest import make_article, reader_client, text

pytestmark = pytest.mark.django_db


def report(comment, ip, reason="harassment", explanation=""):
    client = reader_client(REMOTE_ADDR=ip)
    return client.post(reverse("comments:report", args=[comment.pk]),
                       {"reason": reason, "explanation": explanation})


def test_each_published_comment_has_a_report_link_to_a_form_showing_it(client):
    article = make_article()
    comment = add_comment(article, name="Marie", body="Un avis : discutable !")
    page = text(client.get(article.get_absolute_url()))
    url = reverse("comments:report", args=[comment.pk])
    assert f'href="{url}"' in page and "Signaler cet avis" in page
    form = client.get(url)
    assert form.status_code == 200
    assert "set-cookie" not in {name.lower() for name in form.headers}
    body = text(form)
    assert "Un avis : discutable !" in body and "Pourquoi signalez-vous cet avis ?" in body
    assert "Harcèlement ou attaque personnelle" in body


def test_a_report_is_recorded_and_thanked_without_an_account():
    comment = add_comment(make_article())
    response = report(comment, "203.0.113.1", reason="illegal", explanation="Des menaces  ")
    assert response.status_code == 200
    assert "Merci. La rédaction examine les avis signalés" in text(response)
    stored = CommentReport.objects.get()
    assert (stored.comment, stored.reason, stored.explanation) == (comment, "illegal", "Des menaces")
    assert stored.ip_hash and "203.0.113.1" not in stored.ip_hash
    assert Comment.objects.get(pk=comment.pk).is_approved  # one report hides nothing


def test_a_report_without_a_reason_is_refused_in_french_and_stores_nothing():
    comment = add_comment(make_article())
    response = report(comment, "203.0.113.1", reason="")
    assert response.status_code == 400
    assert "Choisissez un motif." in text(response)
    assert not CommentReport.objects.exists()
    assert report(comment, "203.0.113.1", reason="<script>").status_code == 400


def test_enough_reports_from_different_readers_hide_the_comment_until_an_editor_decides(settings):
    settings.COMMENTS_REPORTS_TO_HOLD = 3
    article = make_article()
    comment = add_comment(article, body="Un avis à retirer.")
    client = reader_client()
    assert "Un avis à retirer." in text(client.get(article.get_absolute_url()))
    report(comment, "203.0.113.1")
    report(comment, "203.0.113.1")  # the same reader twice counts once
    report(comment, "203.0.113.2")
    assert Comment.objects.get(pk=comment.pk).is_approved
    report(comment, "203.0.113.3")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    # The cached article page no longer shows it.
    assert "Un avis à retirer." not in text(client.get(article.get_absolute_url()))
    assert open_reports().filter(comment=comment).count() == 3

    editor = User.objects.create_superuser("chef", "chef@example.org", "x")
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, editor)
    assert not open_reports().exists()  # the decision answered them
    assert "Un avis à retirer." in text(client.get(article.get_absolute_url()))


def test_reports_of_pending_or_unknown_comments_are_404():
    article = make_article()
    pending = add_comment(article, status=Comment.Status.PENDING)
    assert report(pending, "203.0.113.1").status_code == 404
    assert reader_client().get(reverse("comments:report", args=[999999])).status_code == 404
    assert not CommentReport.objects.exists()


def test_a_flood_of_reports_from_one_connection_is_slowed(settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 2
    article = make_article()
    comments = [add_comment(article, body=f"Avis {n}") for n in range(3)]
    assert report(comments[0], "203.0.113.9").status_code == 200
    assert report(comments[1], "203.0.113.9").status_code == 200
    refused = report(comments[2], "203.0.113.9")
    assert refused.status_code == 429
    assert "Trop de signalements" in text(refused)
    assert CommentReport.objects.count() == 2


def test_a_forged_cross_site_report_is_refused():
    from django.test import Client

    comment = add_comment(make_article())
    response = Client(HTTP_SEC_FETCH_SITE="cross-site").post(
        reverse("comments:report", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 403
    assert not CommentReport.objects.exists()


def test_reporters_address_hashes_are_forgotten_like_the_comments(settings):
    from datetime import timedelta

    from django.utils import timezone

    comment = add_comment(make_article())
    report(comment, "203.0.113.1")
    CommentReport.objects.update(created_at=timezone.now() - timedelta(days=400))
    assert purge_ip_hashes()["comment_reports"] == 1
    assert CommentReport.objects.get().ip_hash == ""


def test_editors_find_reported_comments_and_can_dismiss_the_reports(client):
    article = make_article()
    reported = add_comment(article, body="Un avis signalé.")
    add_comment(article, body="Un avis tranquille.")
    report(reported, "203.0.113.1", reason="spam", explanation="Publicité déguisée")
    editor = User.objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(editor)
    listing = text(client.get(reverse("admin:comments_comment_changelist") + "?signale=oui"))
    assert "Un avis signalé." in listing and "Un avis tranquille." not in listing
    assert "1 signalement" in listing
    assert "Signalés, à examiner" in listing
    change = text(client.get(reverse("admin:comments_comment_change", args=[reported.pk])))
    assert "Publicité déguisée" in change and "Publicité ou spam" in change
    response = client.post(reverse("admin:comments_comment_changelist") + "?signale=oui", {
        "action": "dismiss_reports", "_selected_action": [reported.pk]}, follow=True)
    assert "Signalements classés pour 1 avis." in text(response)
    assert not open_reports().exists()
    assert Comment.objects.get(pk=reported.pk).is_approved
    listing = text(client.get(reverse("admin:comments_comment_changelist") + "?signale=oui"))
    assert "Un avis signalé." not in listing


def test_the_report_page_reads_a_few_queries_whatever_the_thread(client, django_assert_max_num_queries):
    article = make_article()
    comments = [add_comment(article, body=f"Avis {n}") for n in range(30)]
    # The comment with its article, and what every page reads (page-cache counters, the menu,
    # the footer's pages, query-string redirects): never the thread.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("comments:report", args=[comments[-1].pk])).status_code == 200
