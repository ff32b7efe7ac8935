"""The article form in Chromium: the headline large and full width over the standfirst and the
text, publication, cover, bylines and referencing in a side column (one column on a phone), the
word count and reading time live, the preview a click away, axe 0 on the add and change forms;
the rich-text editor speaks French and its tables start with a header row."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

from ..conftest import make_article, make_section
from ..newsroom_helpers import PASSWORD, make_journalist
from .test_accessibility import DESKTOP, PHONE, axe_violations
from .test_newsroom import body_editor, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENGLISH = re.compile(r"\b(heading|paragraph|insert|link|list|bold|italic|blockquote|rule|table|"
                     r"row|column|cell|merge|split|delete|undo|redo|yes|no)\b", re.I)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def settled_boxes(page, *selectors):
    """The boxes of these elements, read together, once the layout has stopped moving."""
    read = """(selectors) => selectors.map(
        (selector) => document.querySelector(selector).getBoundingClientRect().toJSON())"""
    boxes = page.evaluate(read, list(selectors))
    for _attempt in range(30):
        page.wait_for_timeout(100)
        again = page.evaluate(read, list(selectors))
        if again == boxes:
            break
        boxes = again
    return boxes


@pytest.fixture(autouse=True)
def quiet_at_the_end(browser, new_page):
    """The form tells the server who has it open (and when they leave): every page is left and
    the last of those requests answered before the test's data is flushed."""
    yield
    for context in browser.contexts:
        for open_page in context.pages:
            open_page.goto("about:blank")
            open_page.wait_for_timeout(300)


@pytest.fixture
def journalist():
    make_section("Ville")
    return make_journalist(username="camille", password=PASSWORD)


def test_the_form_is_made_for_writing_and_counts_words_live(new_page, journalist):
    page = new_page(viewport=DESKTOP)
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    assert page.get_by_role("heading", level=1).inner_text() == "Nouvel article"

    # The headline spans the main column, in large type; the side column is beside it.
    title, main, side = box(page, "#id_title"), box(page, ".article-form__main"), box(page, ".article-form__side")
    assert title["width"] > main["width"] * 0.9
    assert float(page.eval_on_selector("#id_title", "e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    assert side["x"] >= main["x"] + main["width"]
    assert box(page, "#id_standfirst")["y"] > title["y"] and box(page, ".field-body")["y"] > box(page, "#id_standfirst")["y"]
    # Status, schedule, section, tags, cover, bylines, SEO: all in the side column, in that order.
    order = page.evaluate("""() => [".field-status_column", ".field-published_at", ".field-section",
        ".field-tags", ".field-cover_image", "#bylines-group", ".field-seo_title"].map(s => {
            const e = document.querySelector(s); return e && e.closest(".article-form__side") ? e.getBoundingClientRect().top : null; })""")
    assert None not in order and order == sorted(order), order
    # Text first for the keyboard and screen readers: the side column comes after it in the page.
    assert page.evaluate("""() => document.querySelector('.article-form__main')
        .compareDocumentPosition(document.querySelector('.article-form__side')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    page.locator("#id_title").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_standfirst"

    # No preview before the first save; the count starts at zero.
    stats = page.locator("#article-stats")
    assert stats.inner_text() == "0 mot · 1 min de lecture"
    assert "après le premier enregistrement" in page.locator(".article-form__bar").inner_text()

    page.locator("#id_title").fill("Les potagers des toits")
    body_editor(page).click()
    page.keyboard.type("Un potager sur le toit, c'est l'été en ville.")
    # « c'est » and « l'été » are one word each, like the readers' count.
    expect(stats).to_have_text("9 mots · 1 min de lecture")
    # 550 words: 2.5 minutes at 220 a minute, rounded as the reader's page rounds it (to 2).
    page.keyboard.press("Enter")
    page.keyboard.insert_text(" ".join(["mot"] * 541))
    expect(stats).to_have_text("550 mots · 2 min de lecture")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    article = Article.objects.get(title="Les potagers des toits")
    assert (article.word_count, article.reading_minutes) == (550, 2)
    assert page.locator("#article-stats").inner_text() == "550 mots · 2 min de lecture"

    # Saved: the preview is one click away, above the text, in a new tab.
    preview = page.locator(".article-form__bar").get_by_role("link", name=re.compile("^Aperçu"))
    assert preview.is_visible() and box(page, ".article-form__preview")["y"] < box(page, "#id_title")["y"]
    with page.context.expect_page() as opened:
        preview.click()
    shown = opened.value
    shown.wait_for_load_state()
    assert shown.get_by_role("heading", level=1).inner_text() == "Les potagers des toits"
    # Nothing left polling the server (the form's presence notice) while the test's data goes.
    shown.close()
    page.goto("about:blank")


def test_one_column_on_a_phone(new_page, journalist):
    page = new_page(viewport=PHONE)
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    # Measured once the rich-text editors have drawn themselves (they change the column's
    # height as they start): both boxes at the same moment, twice alike 100 ms apart.
    expect(body_editor(page)).to_be_visible()
    main, side = settled_boxes(page, ".article-form__main", ".article-form__side")
    assert side["y"] >= main["y"] + main["height"] - 1
    assert box(page, "#id_title")["width"] > PHONE["width"] * 0.7
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_add_and_change_forms_have_no_axe_violations(new_page, journalist):
    author = journalist.author
    article = make_article("Les toits deviennent des potagers", status=Article.Status.DRAFT,
                           authors=[author], tags=["potager"])
    page = new_page(viewport=DESKTOP)
    log_in(page, journalist)
    found = {}
    for url in ["/admin/articles/article/add/", f"/admin/articles/article/{article.pk}/change/"]:
        page.goto(url)
        body_editor(page).wait_for()
        page.locator(".article-form__side details summary").first.click()  # referencing, opened
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert not found, found


def test_the_editor_speaks_french_and_tables_start_with_a_header_row(new_page, journalist):
    page = new_page(viewport=DESKTOP)
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    body_editor(page).click()
    menu = page.locator(".field-body .prose-menubar")
    labels = menu.locator("button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label') || b.title)")
    assert labels and not [label for label in labels if ENGLISH.search(label or "")], labels
    # The block type shown is the paragraph's, named in French.
    assert page.locator(".prose-menubar__selected button").get_attribute("aria-label") == "Paragraphe"
    assert page.locator("[data-name=link]").get_attribute("aria-label") == "Insérer un lien"
    # The block type list: French entries, and its arrow drawn by CSS (no missing glyph).
    page.locator(".prose-menubar__selected").click()
    options = page.locator(".prose-menubar__picker .prose-menubar__option").all_inner_texts()
    assert "Paragraphe" in options and "Intertitre 2" in options
    assert not [option for option in options if ENGLISH.search(option)], options
    arrow = page.eval_on_selector(".prose-menubar__selected", "e => getComputedStyle(e, '::after').content")
    assert "⏷" not in arrow
    page.keyboard.press("Escape")

    page.locator("[data-name=table]").click()
    dialog = page.locator("dialog[open]")
    assert dialog.get_by_role("heading").inner_text() == "Insérer un tableau"
    header = dialog.get_by_label("Première ligne d'en-tête")
    assert header.input_value() == "Oui"
    assert header.locator("option").all_inner_texts() == ["Oui", "Non"]
    assert not ENGLISH.search(dialog.inner_text()), dialog.inner_text()
    dialog.get_by_role("button", name="Insérer le tableau").click()
    assert body_editor(page).locator("table tr").first.locator("th").count() == 3
