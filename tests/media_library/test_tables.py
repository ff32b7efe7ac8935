"""Tables in article bodies as readers get them: text under its header, numbers right-aligned
with theirs, an emoji never alone on its line."""

import re

import pytest

from media_library.tables import arrange_tables
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

TABLE = (
    "<table><tbody>"
    "<tr><th><p>Légume</p></th><th><p>Prix au kilo</p></th><th><p>Avis</p></th></tr>"
    "<tr><td><p>🌱 Tomates cerises</p></td><td><p>3,50 €</p></td><td><p>Très sucrées</p></td></tr>"
    "<tr><td><p>🥕 Carottes</p></td><td><p>1 200 €</p></td><td><p>—</p></td></tr>"
    "<tr><td><p>🧅 Oignons</p></td><td><p>12 %</p></td><td><p>À garder au sec</p></td></tr>"
    "</tbody></table>"
)


def cells(html):
    return re.findall(r"<(t[hd])( class=\"num\")?>(.*?)</t[hd]>", html)


def test_the_published_page_aligns_numbers_right_and_text_under_its_header(client):
    article = make_article(body="<p>Le marché.</p>" + TABLE)
    page = client.get(article.get_absolute_url()).content.decode()
    table = re.search(r"<table>.*?</table>", page, re.S).group(0)
    found = cells(table)
    # Header and cells of the price column are numbers; the others stay left.
    assert [(tag, bool(num)) for tag, num, _text in found[:3]] == [
        ("th", False), ("th", True), ("th", False)]
    for _tag, num, text in found[3:]:
        assert bool(num) == bool(re.search(r"\d", text))
    assert "🌱\u00a0Tomates" in table and "🥕\u00a0Carottes" in table


def test_a_column_with_one_word_in_it_is_text():
    html = arrange_tables("<table><tr><th>Ville</th><th>Habitants</th></tr>"
                          "<tr><td>Lyon</td><td>520 000</td></tr>"
                          "<tr><td>Paris</td><td>environ deux millions</td></tr></table>")
    assert 'class="num"' not in html


def test_tables_with_merged_cells_are_left_as_they_are_and_other_html_untouched():
    source = ('<p>Avant 🌱 ici.</p><table><tr><th colspan="2">Total</th></tr>'
              "<tr><td>A</td><td>12</td></tr></table><p>Après</p>")
    html = arrange_tables(source)
    assert 'class="num"' not in html
    assert html.startswith("<p>Avant 🌱 ici.</p>") and html.endswith("<p>Après</p>")
    assert arrange_tables("<p>Sans tableau</p>") == "<p>Sans tableau</p>"
