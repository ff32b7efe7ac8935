"""The publication calendar of the newsroom: weeks and months, today marked, each article a
link with its status; rescheduling a programmed article from it; what a journalist may see."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from reversion.models import Version

from articles.models import Article

from ..conftest import make_article
from ..newsroom_helpers import change_url, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status
CALENDAR = "/admin/articles/article/calendrier/"
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=PARIS)  # a Wednesday


def cell(html, day):
    """The calendar cell of day number `day` (its <td>)."""
    for match in re.finditer(r"<td[^>]*>.*?</td>", html, re.S):
        if re.search(rf'<div class="calendar-day">{day}\b', match.group()):
            return match.group()
    raise AssertionError(f"no cell for {day}")


@pytest.fixture
def editor():
    return make_editor()


@freeze_time(NOW)
def test_week_shows_scheduled_and_published_articles_with_links_and_status(client, editor):
    friday = make_article("Vendredi matin", published_at=NOW + timedelta(days=2))
    monday = make_article("Lundi dernier", published_at=NOW - timedelta(days=2))
    make_article("La semaine prochaine", published_at=NOW + timedelta(days=7))
    make_article("Un brouillon", status=Status.DRAFT)
    client.force_login(editor)
    html = client.get(CALENDAR).content.decode()
    assert "Semaine du 9 mars au 15 mars 2026" in html
    friday_cell = cell(html, 13)
    assert f'href="{change_url(friday)}"' in friday_cell and "Programmé" in friday_cell
    assert "10:00" in friday_cell
    monday_cell = cell(html, 9)
    assert f'href="{change_url(monday)}"' in monday_cell and "En ligne" in monday_cell
    assert "La semaine prochaine" not in html and "Un brouillon" not in html
    today = cell(html, 11)
    assert 'class="today"' in today and 'aria-current="date"' in today
    assert 'href="/admin/articles/article/calendrier/?vue=semaine&amp;date=2026-03-02"' in html
    assert 'href="/admin/articles/article/calendrier/?vue=semaine&amp;date=2026-03-16"' in html
    # The next week holds the next article.
    html = client.get(CALENDAR, {"vue": "semaine", "date": "2026-03-16"}).content.decode()
    assert "La semaine prochaine" in html and 'aria-current="date"' not in html


@freeze_time(NOW)
def test_month_shows_the_whole_month_and_moves_by_month(client, editor):
    late = make_article("Fin du mois", published_at=NOW + timedelta(days=19))  # 30 March
    april = make_article("En avril", published_at=NOW + timedelta(days=26))  # 6 April
    client.force_login(editor)
    html = client.get(CALENDAR, {"vue": "mois", "date": "2026-03-11"}).content.decode()
    assert "Mars 2026" in html
    assert f'href="{change_url(late)}"' in cell(html, 30)
    assert april.title not in html  # the grid ends on Sunday 5 April
    assert 'class=" outside"' in cell(html, 23)  # Monday 23 February starts it, greyed
    assert 'href="/admin/articles/article/calendrier/?vue=mois&amp;date=2026-02-01"' in html
    assert 'href="/admin/articles/article/calendrier/?vue=mois&amp;date=2026-04-01"' in html
    html = client.get(CALENDAR, {"vue": "mois", "date": "2026-04-01"}).content.decode()
    assert "Avril 2026" in html and f'href="{change_url(april)}"' in html


@freeze_time(NOW)
def test_a_journalist_sees_their_own_schedule_and_what_is_public(client):
    journalist = make_journalist()
    mine = make_article("Le mien, programmé", published_at=NOW + timedelta(days=1),
                        authors=[journalist.author])
    make_article("Celui d'un autre, programmé", published_at=NOW + timedelta(days=1))
    public = make_article("En ligne pour tous", published_at=NOW - timedelta(hours=1))
    client.force_login(journalist)
    html = client.get(CALENDAR).content.decode()
    assert mine.title in html and public.title in html
    assert "Celui d&#x27;un autre" not in html
    assert "Reprogrammer" not in html  # the date is the editors' call


@pytest.mark.parametrize("query", [
    {"date": "pas-une-date"}, {"date": "99999-01-01"}, {"date": "0001-01-01"},
    {"date": "9999-12-31", "vue": "mois"}, {"vue": "autre"}, {"date": "2026-02-30"},
])
def test_odd_dates_get_this_week_and_a_french_message(client, editor, query):
    client.force_login(editor)
    response = client.get(CALENDAR, query, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "calendar" in html
    if "date" in query:
        assert "voici aujourd’hui" in html


def test_readers_and_staff_without_a_role_are_kept_out(client):
    from django.contrib.auth import get_user_model

    assert client.get(CALENDAR).status_code == 302  # to the login page
    client.force_login(get_user_model().objects.create_user("stagiaire", is_staff=True))
    assert client.get(CALENDAR).status_code == 403


@freeze_time(NOW)
def test_the_calendar_reads_the_same_queries_for_a_busy_month(
        client, editor, django_assert_max_num_queries):
    def add(count):
        for n in range(count):
            make_article(f"Papier {n}", published_at=NOW + timedelta(hours=5 * n + 1))

    add(2)
    client.force_login(editor)
    client.get(CALENDAR, {"vue": "mois"})
    with django_assert_max_num_queries(30) as few:
        client.get(CALENDAR, {"vue": "mois"})
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Papier 39" in client.get(CALENDAR, {"vue": "mois"}).content.decode()


# --- « Reprogrammer » ------------------------------------------------------------------------

@freeze_time(NOW)
def test_editor_reschedules_a_programmed_article_from_the_calendar(client, editor):
    article = make_article("À déplacer", published_at=NOW + timedelta(days=1))
    version = reload(article).version
    client.force_login(editor)
    html = client.get(CALENDAR).content.decode()
    assert f'action="/admin/articles/article/{article.pk}/reprogrammer/"' in html
    response = client.post(f"/admin/articles/article/{article.pk}/reprogrammer/", {
        "published_at": "2026-03-20T08:30",
        "next": f"{CALENDAR}?vue=semaine&date=2026-03-11",
    }, follow=True)
    article = reload(article)
    assert timezone_local(article.published_at) == datetime(2026, 3, 20, 8, 30, tzinfo=PARIS)
    assert article.is_scheduled() and article.version == version + 1
    html = response.content.decode()
    assert "Reprogrammé pour le" in html
    assert "Semaine du 16 mars au 22 mars 2026" in html  # the calendar follows the article
    assert Version.objects.get_for_object(article).first().revision.get_comment().startswith(
        "Reprogrammé pour le")


def timezone_local(value):
    return value.astimezone(PARIS)


@freeze_time(NOW)
def test_rescheduling_refuses_a_past_or_odd_date_and_non_editors(client, editor):
    article = make_article("À déplacer", published_at=NOW + timedelta(days=1))
    url = f"/admin/articles/article/{article.pk}/reprogrammer/"
    before = reload(article).published_at
    client.force_login(editor)
    for value in ["2026-03-01T08:00", "demain", "", "2026-13-45T99:99"]:
        response = client.post(url, {"published_at": value, "next": "https://ailleurs.example/"},
                               follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0].startswith(CALENDAR)  # never to another site
        assert "À déplacer" in response.content.decode()
        assert reload(article).published_at == before
    assert "doit être à venir" in client.post(
        url, {"published_at": "2026-03-01T08:00"}, follow=True).content.decode()
    assert client.get(url).status_code == 405
    live = make_article("Déjà en ligne", published_at=NOW - timedelta(days=1))
    response = client.post(f"/admin/articles/article/{live.pk}/reprogrammer/",
                           {"published_at": "2026-03-20T08:30"}, follow=True)
    assert "n’est plus programmé" in response.content.decode()
    assert reload(live).published_at == NOW - timedelta(days=1)

    journalist = make_journalist()
    own = make_article("Le sien", published_at=NOW + timedelta(days=1), authors=[journalist.author])
    client.force_login(journalist)
    assert client.post(f"/admin/articles/article/{own.pk}/reprogrammer/",
                       {"published_at": "2026-03-20T08:30"}).status_code == 403
    assert client.post("/admin/articles/article/999999/reprogrammer/",
                       {"published_at": "2026-03-20T08:30"}).status_code == 404


def test_the_article_list_links_to_the_calendar(client, editor):
    client.force_login(editor)
    assert f'href="{CALENDAR}"' in client.get("/admin/articles/article/").content.decode()
