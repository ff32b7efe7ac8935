"""The newsroom's home, calendar and lists in a browser: an editor finds the submitted article
on the dashboard and opens it; the calendar shows a programmed article in its week and month
and opens it; at 1280 × 800 the last column of the article and comment lists is on screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from comments.models import Comment

from ..comments_support import add_comment
from ..conftest import make_article, make_author
from ..newsroom_helpers import PASSWORD, make_editor, make_journalist
from .test_newsroom import log_in

# serialized_rollback: the roles come from a data migration (see test_newsroom).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREEN = {"width": 1280, "height": 800}


def test_editor_finds_the_submitted_article_on_the_dashboard_and_opens_it(new_page):
    journalist = make_journalist(username="camille", password=PASSWORD)
    editor = make_editor(username="chef", password=PASSWORD)
    article = make_article("Les abeilles des toits de Lyon", status=Article.Status.DRAFT,
                           authors=[journalist.author])
    workflow.perform(journalist, article.pk, "submit")

    page = new_page(viewport=SCREEN)
    log_in(page, editor)
    queue = page.locator("#newsroom-review")
    assert "(1)" in queue.locator("h2").inner_text()
    page.get_by_role("link", name="1 à relire").wait_for()
    queue.get_by_role("link", name="Les abeilles des toits de Lyon").click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    assert page.locator("#id_title").input_value() == "Les abeilles des toits de Lyon"
    # Django's list of apps is still on the home page.
    page.goto("/admin/")
    assert page.locator("#content-main .app-articles").is_visible()


def test_the_calendar_shows_a_programmed_article_in_its_week_and_month(new_page):
    editor = make_editor(username="chef", password=PASSWORD)
    when = timezone.localtime() + timedelta(days=1)
    article = make_article("Le marché de nuit", published_at=when)

    page = new_page(viewport=SCREEN)
    log_in(page, editor)
    page.goto("/admin/articles/article/")
    page.get_by_role("link", name="Calendrier des publications").click()
    page.wait_for_url("**/calendrier/")
    assert page.locator("td.today[aria-current=date]").count() == 1

    # Its week (the one after this one when tomorrow is Monday).
    page.goto(f"/admin/articles/article/calendrier/?vue=semaine&date={when.date().isoformat()}")
    entry = page.locator("li.calendar-entry", has_text="Le marché de nuit")
    assert "Programmé" in entry.inner_text()
    page.get_by_role("link", name="Mois", exact=True).click()
    entry = page.locator("li.calendar-entry", has_text="Le marché de nuit")
    assert entry.count() == 1 and "Programmé" in entry.inner_text()
    entry.get_by_role("link").click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    assert page.locator("#id_title").input_value() == "Le marché de nuit"


def _last_column_is_on_screen(page):
    """The right edges of the list's last column and of the table, and the edge of what shows
    them: the page's width, or the list's box if it is narrower (it scrolls sideways)."""
    return page.evaluate("""() => {
        const cells = document.querySelectorAll('#result_list thead th');
        const last = cells[cells.length - 1].getBoundingClientRect();
        const table = document.querySelector('#result_list').getBoundingClientRect();
        const box = document.querySelector('#changelist .results').getBoundingClientRect();
        const page = document.documentElement;
        return {last: last.right, table: table.right, scroll: page.scrollWidth,
                width: Math.min(page.clientWidth, box.right), page: page.clientWidth};
    }""")


def test_the_last_column_of_the_article_and_comment_lists_fits_1280_px(new_page):
    editor = make_editor(username="chef", password=PASSWORD)
    authors = [make_author(f"Marie-Christine de La Tour d'Auvergne {n}") for n in range(3)]
    long_title = ("Les jardins partagés sur les toits de la métropole lyonnaise : enquête sur "
                  "une agriculture urbaine qui change les quartiers")
    for n in range(5):
        article = make_article(f"{long_title} ({n})", authors=authors)
        add_comment(article, name="Jean-Baptiste Alexandre de Montmorency-Laval",
                    email=f"jean-baptiste.de.montmorency-laval{n}@exemple-tres-long.example",
                    body="Un avis très argumenté qui dépasse la longueur d'une colonne " * 3,
                    status=Comment.Status.PENDING,
                    spam_reasons="liens nombreux, adresse inconnue, premier avis, mots suspects")

    page = new_page(viewport=SCREEN)
    log_in(page, editor)
    for url in ["/admin/articles/article/", "/admin/comments/comment/",
                "/admin/comments/comment/?status__exact=tout"]:
        page.goto(url)
        box = _last_column_is_on_screen(page)
        assert box["last"] <= box["width"] and box["table"] <= box["width"], (url, box)
        assert box["scroll"] <= box["page"], (url, box)  # no sideways scrolling of the page
