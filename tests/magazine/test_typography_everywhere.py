"""French typography on everything a reader reads, not only article bodies: the interface's
own words, names, section names, job titles, credits and captions, comments, search pages and
e-mails. No ordinary space before ; : ! ? or », none after «."""

import html
import re

import pytest
from django.core import mail

from comments.models import Comment
from comments.moderation import set_status
from tests.comments_support import add_comment, french  # noqa: F401
from tests.conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# An ordinary space (or none, for guillemets) where French wants an unbreakable one.
PLAIN_SPACE = re.compile(r"(?<=\S) [;:!?»]|«(?=\S)|« ")


def visible_text(page):
    page = re.sub(r"<(script|style|head|textarea)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def offenders(text):
    return [line.strip() for line in text.splitlines() if PLAIN_SPACE.search(line)]


@pytest.fixture
def story():
    section = make_section("Ville : quartiers")
    author = make_author("Jean « Jojo » Dupont", short_bio="Il écrit ; il rit !",
                         job_title="reporter : ville", email="jean@example.org")
    article = make_article(
        "Été en ville : les potagers ?", section=section, authors=[author],
        standfirst="Un chapô : vraiment ! Et « bien » ?",
        cover_credit="AFP : Jean", cover_caption="La place ; le soir !")
    add_comment(article, name="Marie : lectrice !", body="Super ! Vraiment ? Oui : « génial ».")
    return article


def test_reader_pages_are_set_in_french_typography(client, story):
    author = story.ordered_authors[0]
    paths = [story.get_absolute_url(), "/", story.section.get_absolute_url(),
             author.get_absolute_url(), "/recherche/?q=potagers", "/recherche/?q=rien",
             "/auteurs/", "/avis/effacer/", "/en" + story.get_absolute_url()]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert offenders(visible_text(response.content.decode())) == [], path


def test_comment_report_page_is_set_too(client, story):
    comment = Comment.objects.get()
    page = client.get(f"/avis/{comment.pk}/signaler/").content.decode()
    assert offenders(visible_text(page)) == []


def test_emails_are_set_in_french_typography(story, django_capture_on_commit_callbacks):
    comment = add_comment(story, status=Comment.Status.PENDING, name="Sam : lecteur",
                          body="Bravo ! Et « merci ».")
    with django_capture_on_commit_callbacks(execute=True):
        set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert mail.outbox, "the article's author is told"
    for message in mail.outbox:
        assert offenders(message.subject) == []
        assert offenders(message.body) == []
        assert "Bravo\u202f! Et «\u202fmerci\u202f»." in message.body
