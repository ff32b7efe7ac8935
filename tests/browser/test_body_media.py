"""Pictures in a body, by hand: a journalist inserts a library picture from the editor's picker,
uploads another one on the spot, saves and previews; readers get the figures with caption and
credit. A picture pasted from another site is refused with a notice, then copied into the
library when asked. No CSP violation."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles.models import Article
from media_library.models import ImageUsage, LibraryImage

from ..conftest import make_section
from ..newsroom_helpers import PASSWORD, make_journalist
from .test_newsroom import body_editor, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def jpeg(size=(1600, 1000), colour=(40, 120, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_journalist_inserts_library_pictures_and_readers_see_the_figures(new_page, watch, tmp_path,
                                                                          monkeypatch):
    from core import safe_fetch

    fetched = []
    # The live server runs in this process: the pasted picture's address is "fetched" here.
    monkeypatch.setattr(safe_fetch, "fetch", lambda url, **limits: fetched.append(url) or jpeg((900, 600)))
    make_section("Ville")
    journalist = make_journalist(username="camille", password=PASSWORD)
    LibraryImage.objects.create(file=ContentFile(jpeg(), name="marche.jpg"), alt="Les étals du marché couvert",
                                caption="Le marché couvert un samedi matin", credit="Photo Léa Martin")
    upload = tmp_path / "quai.png"
    Image.new("RGB", (1200, 800), (200, 90, 40)).save(upload, "PNG")

    page = new_page()
    watched = watch(page)
    log_in(page, journalist)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").fill("Le marché couvert renaît")
    page.locator("#id_standfirst").fill("Après deux ans de travaux, les commerçants reviennent.")
    page.locator("#id_section").select_option(label="Ville")
    body_editor(page).click()
    page.keyboard.type("Les commerçants sont de retour.")
    page.keyboard.press("Enter")
    # A YouTube address typed on its own line: a video, once saved.
    page.keyboard.type("https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    page.keyboard.press("Enter")

    # From the library: search, choose, wide.
    page.locator("[data-name=libraryFigure]").click()
    dialog = page.locator("dialog.library-picker[open]")
    assert dialog.get_by_text("Insérer une image de la médiathèque").is_visible()
    dialog.locator(".library-picker__search").fill("étals")
    dialog.locator(".library-picker__item", has_text="Les étals du marché couvert").click()
    dialog.locator("select.library-picker__width").select_option("wide")
    dialog.get_by_role("button", name="Insérer").click()
    assert body_editor(page).locator('figure[data-width="wide"] img').is_visible()

    # Uploaded on the spot, without alt text first: refused in French, nothing stored.
    page.keyboard.press("Enter")
    page.locator("[data-name=libraryFigure]").click()
    dialog = page.locator("dialog.library-picker[open]")
    dialog.get_by_text("Envoyer une nouvelle image").click()
    dialog.locator("input[type=file]").set_input_files(str(upload))
    dialog.get_by_role("button", name="Envoyer dans la médiathèque").click()
    dialog.get_by_text("Le texte alternatif est obligatoire").wait_for()
    assert LibraryImage.objects.count() == 1
    dialog.locator("input[name=alt]").fill("Le quai au soleil couchant")
    dialog.locator("input[name=caption]").fill("Le quai Saint-Antoine")
    dialog.locator("input[name=credit]").fill("Photo Hugo Bernard")
    dialog.get_by_role("button", name="Envoyer dans la médiathèque").click()
    dialog.locator(".library-picker__item[aria-pressed=true]", has_text="Le quai au soleil couchant").wait_for()
    dialog.get_by_role("button", name="Insérer").click()
    assert body_editor(page).locator("figure[data-image-id]").count() == 2

    # A picture pasted from another site: dropped, and the editor says so.
    body_editor(page).locator("p").first.click()
    # The editor takes the click's cursor on its next tick (until then the inserted figure is
    # still selected, and a paste would replace it): a person never pastes that fast.
    page.wait_for_function("""() => !document.querySelector('.field-body [contenteditable=true]')
        .classList.contains('ProseMirror-hideselection')""")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData('text/html', '<p>Collé</p><img src="https://ailleurs.example/photo.jpg">');
        document.querySelector('.field-body [contenteditable=true]').dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    page.get_by_text("Les images collées depuis un autre site ne sont pas reprises").wait_for()
    assert body_editor(page).locator("img[src^='https://']").count() == 0
    # ...and, when asked, copied into the library (never hot-linked).
    page.get_by_role("button", name="Importer l'image collée dans la médiathèque").click()
    dialog = page.locator("dialog.library-picker[open]")
    assert dialog.locator("input[name=url]").input_value() == "https://ailleurs.example/photo.jpg"
    dialog.locator("input[name=alt]").fill("La photo collée")
    dialog.get_by_role("button", name="Envoyer dans la médiathèque").click()
    dialog.locator(".library-picker__item[aria-pressed=true]", has_text="La photo collée").wait_for()
    dialog.get_by_role("button", name="Insérer").click()
    assert fetched == ["https://ailleurs.example/photo.jpg"]

    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    page.wait_for_load_state()
    article = Article.objects.get(title="Le marché couvert renaît")
    assert article.body.count("<figure data-image-id=") == 3 and "ailleurs.example" not in article.body
    assert ImageUsage.objects.filter(object_id=article.pk).count() == 3
    # After a reload the editor shows the figures again (stored by id, read back).
    assert body_editor(page).locator("figure[data-image-id] img").count() == 3

    # Preview: the reader's figures, with caption and credit.
    page.goto(f"/admin/articles/article/{article.pk}/apercu/")
    figures = page.locator(".article__body figure.body-figure")
    assert figures.count() == 3
    assert page.locator(".article__body figure.embed a[data-embed=youtube]").count() == 1
    first = figures.filter(has_text="Le marché couvert un samedi matin")
    assert "body-figure--wide" in first.get_attribute("class")
    assert first.locator("figcaption").inner_text().startswith("Le marché couvert un samedi matin")
    assert first.locator(".credit").inner_text().lower() == "photo léa martin"
    assert first.locator("img").get_attribute("alt") == "Les étals du marché couvert"
    assert first.locator("source[type='image/webp']").count() == 1
    first.locator("img").scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.body-figure img')]"
                           ".slice(0, 1).every((img) => img.complete && img.naturalWidth > 0)")

    # Published: readers get the same.
    article.status = Article.Status.PUBLISHED
    article.save()
    reader = new_page()
    requested = []
    reader.on("request", lambda request: requested.append(request.url))
    reader.goto(article.get_absolute_url())
    reader.wait_for_load_state("networkidle")
    # Nothing asked of YouTube (or any other host) before the reader clicks the video.
    assert requested and all(urlsplit(url).hostname in ("localhost", "127.0.0.1") for url in requested)
    assert reader.locator("figure.embed a[data-embed=youtube]").is_visible()
    second = reader.locator(".article__body figure.body-figure", has_text="Le quai Saint-Antoine")
    assert second.locator("figcaption").inner_text().startswith("Le quai Saint-Antoine")
    assert second.locator(".credit").inner_text().lower() == "photo hugo bernard"
    assert watched.violations == []
