"""The newsroom by hand: a journalist writes in the rich-text editor and submits, an editor
publishes, readers see it. Real login forms, real editor UI (menu buttons and keyboard)."""

import pytest

from articles.models import Article

from ..conftest import make_section
from ..newsroom_helpers import PASSWORD, make_editor, make_journalist
from ..articles.test_newsroom_editor import WORD_PASTE

# serialized_rollback: the roles come from a data migration, which a flush between
# transactional tests would otherwise wipe.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/")


def body_editor(page):
    return page.locator(".field-body [contenteditable=true]")


def test_journalist_writes_editor_publishes_readers_see_the_table(new_page):
    make_section("Sciences")
    journalist = make_journalist(username="camille", password=PASSWORD)
    editor = make_editor(username="chef", password=PASSWORD)

    # The journalist writes a draft with a heading, a list and a 3×3 table.
    page = new_page()
    csp_violations = []
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").fill("Les abeilles des toits de Lyon")
    page.locator("#id_standfirst").fill("Sur les toits, des ruches par centaines.")
    page.locator("#id_section").select_option(label="Sciences")

    body_editor(page).click()
    page.locator(".prose-menubar__selected").click()  # block type menu
    page.locator("[data-name=heading2]").click()
    page.keyboard.type("Un recensement")
    page.keyboard.press("Enter")
    page.keyboard.type("Ce que disent les apiculteurs :")
    page.keyboard.press("Enter")
    page.locator("[data-name=bulletList]").click()
    page.keyboard.type("des ruches partout")
    page.keyboard.press("Enter")
    page.keyboard.type("du miel de tilleul")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list

    page.locator("[data-name=table]").click()
    dialog = page.locator("dialog[open]")
    assert dialog.get_by_text("Insérer un tableau").is_visible()  # the editor speaks French
    dialog.locator("input[name=rows]").fill("2")
    dialog.locator("input[name=cols]").fill("2")
    dialog.locator("select[name=withHeaderRow]").select_option(index=0)  # with a header row
    dialog.locator("button[type=submit]").click()
    # Grow it to 3×3 with the table buttons: a column after, a row after.
    page.locator("[data-name='table:addColumnAfter']").click()
    page.locator("[data-name='table:addRowAfter']").click()
    body_editor(page).locator("th").first.click()
    cells = ["Quartier", "Ruches", "Miel (kg)", "Croix-Rousse", "120", "800",
             "Confluence", "45", "310"]
    for index, text in enumerate(cells):
        page.keyboard.type(text)
        if index < len(cells) - 1:
            page.keyboard.press("Tab")

    with page.expect_navigation():
        page.get_by_role("button", name="Soumettre à la relecture").click()
    assert page.get_by_text("Soumis à la relecture").first.is_visible()
    article = Article.objects.get(title="Les abeilles des toits de Lyon")
    assert article.status == Article.Status.REVIEW
    assert article.body.count("<tr>") == 3
    assert [a.user for a in article.ordered_authors] == [journalist]
    assert page.get_by_role("button", name="Publier", exact=True).count() == 0
    assert csp_violations == []  # the editor works under the strict policy

    # The editor, in another browser session, publishes it.
    page = new_page()
    log_in(page, editor)
    page.goto("/admin/articles/article/?statut=review")
    page.get_by_role("link", name="Les abeilles des toits de Lyon").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publier", exact=True).click()
    assert page.locator(".workflow-actions__status").inner_text() == "Statut\u00a0: Publié"

    # A reader sees the article with its table.
    page = new_page()
    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Les abeilles des toits de Lyon"
    assert page.get_by_role("heading", name="Un recensement").is_visible()
    assert page.locator(".article__body li").all_inner_texts() == ["des ruches partout",
                                                                 "du miel de tilleul"]
    table = page.locator(".article__body table")
    assert table.locator("tr").count() == 3
    assert table.locator("tr").nth(0).locator("th, td").all_inner_texts() == ["Quartier", "Ruches", "Miel (kg)"]
    assert table.locator("tr").nth(2).locator("th, td").all_inner_texts() == ["Confluence", "45", "310"]


def test_pasting_from_a_word_processor_keeps_structure_and_drops_junk(new_page):
    journalist = make_journalist(username="ines", password=PASSWORD)
    page = new_page()
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").fill("Collé depuis un traitement de texte")
    body_editor(page).click()
    # What a paste from Word puts in the clipboard, delivered as a real paste event.
    page.evaluate(
        """([html]) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "texte");
            const target = document.querySelector(".field-body [contenteditable=true]");
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [WORD_PASTE],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    body = Article.objects.get(title="Collé depuis un traitement de texte").body
    assert "<h2>Un intertitre</h2>" in body
    assert "<strong>mot fort</strong>" in body and "<em>mot penché</em>" in body
    assert "<li><p>Premier point</p></li>" in body
    assert "Lyon" in body and "<table>" in body
    for junk in ["style=", "class=", "mso", "<span", "o:p", "<img", "alert"]:
        assert junk not in body, junk
