"""In Chromium: reader pages ask nothing of any other host (every request recorded), and the
newsroom admin, prose editor included, runs under the strict CSP without a single violation
(console "Refused to …" messages and `securitypolicyviolation` events both count)."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from ratings.models import Rating

from ..conftest import make_article, make_author, make_section
from ..newsroom_helpers import PASSWORD, make_editor
from .test_newsroom import body_editor, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs in every page before its own scripts (through the DevTools protocol, which the page's CSP
# does not govern): turns each violation event into a console message the test collects.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def watch(page):
    """Every request the page makes, and every CSP complaint."""
    requests, violations = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: violations.append(message.text)
            if "CSP-VIOLATION" in message.text or "Content Security Policy" in message.text else None)
    page.add_init_script(REPORT_VIOLATIONS)
    return requests, violations


def test_reader_pages_make_no_request_to_another_host(page, live_server):
    section = make_section("Sciences")
    author = make_author("Ana Lys", email="ana@example.org", website="https://ana.example.org")
    article = make_article("Les abeilles des toits", section=section, authors=[author], tags=["abeilles"],
                           body='<h2>Sur les toits</h2><p>Voir <a href="https://exemple.org/source">la source</a>.</p>')
    Rating.objects.vote(article, "lecteur-1", "0" * 64, 5, new_reader=True)
    Comment.objects.create(article=article, name="Lou", email="lou@example.org",
                           body="Merci ! https://exemple.org/lien", status=Comment.Status.APPROVED)
    requests, violations = watch(page)
    own = urlparse(live_server.url).netloc
    for url in ["/", article.get_absolute_url(), section.get_absolute_url(), author.get_absolute_url(),
                "/recherche/?q=abeilles", "/confidentialite/", "/en/", f"/auteurs/{author.slug}/contact/"]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # With JavaScript: the share button, the rating widget, the comment form all stay local.
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    others = sorted({url for url in requests if urlparse(url).scheme in ("http", "https", "ws", "wss")
                     and urlparse(url).netloc != own})
    assert others == []
    assert len(requests) > 8  # the recorder did record the pages and their files
    assert violations == []


def test_admin_and_prose_editor_work_under_the_strict_csp(new_page):
    section = make_section("Sciences")
    editor = make_editor(username="chef", password=PASSWORD)
    existing = make_article("Un article existant", section=section, authors=[editor.author],
                            status=Article.Status.DRAFT)
    Comment.objects.create(article=existing, name="Lou", email="lou@example.org", body="Un avis.")
    page = new_page()
    requests, violations = watch(page)
    log_in(page, editor)

    # A new article, written in the prose editor, saved.
    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_title").fill("Écrit sous CSP stricte")
    page.locator("#id_standfirst").fill("Un chapô.")
    page.locator("#id_section").select_option(label="Sciences")
    body_editor(page).click()
    page.keyboard.type("Un premier paragraphe, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("en gras")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.keyboard.type("Un second paragraphe.")
    with page.expect_navigation():
        page.locator("input[name=_continue], button[name=_continue]").first.click()
    article = Article.objects.get(title="Écrit sous CSP stricte")
    assert "en gras</strong>" in article.body and "Un second paragraphe." in article.body

    # The change page: edit again in the editor, save.
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    body_editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Ajouté ensuite.")
    with page.expect_navigation():
        page.locator("input[name=_continue], button[name=_continue]").first.click()
    assert "Ajouté ensuite." in Article.objects.get(pk=article.pk).body

    # The rest of the newsroom's pages.
    for url in [reverse("admin:index"), reverse("admin:articles_article_changelist"),
                reverse("admin:articles_article_history", args=[article.pk]),
                reverse("admin:articles_article_change", args=[existing.pk]),
                reverse("admin:comments_comment_changelist"),
                reverse("admin:authors_author_changelist"),
                reverse("admin:articles_section_add") + "?_popup=1"]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    own = urlparse(page.url).netloc
    assert [url for url in requests if urlparse(url).scheme.startswith("http")
            and urlparse(url).netloc != own] == []
    assert violations == []
