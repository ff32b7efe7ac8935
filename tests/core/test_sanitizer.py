import pytest

from core.html import count_words, sanitize_html

from ..conftest import make_article

pytestmark = pytest.mark.django_db

TABLE = ("<table><thead><tr><th>Ville</th><th>Part</th></tr></thead>"
         "<tbody><tr><td>Lyon</td><td>12,5 %</td></tr></tbody></table>")


def test_script_tags_and_their_content_are_removed():
    assert sanitize_html("<p>Bonjour</p><script>alert(1)</script>") == "<p>Bonjour</p>"


def test_event_handlers_are_removed():
    cleaned = sanitize_html('<p onclick="alert(1)">Texte</p><img src=x onerror="alert(1)">')
    assert "onclick" not in cleaned and "onerror" not in cleaned and "<img" not in cleaned
    assert "<p>Texte</p>" in cleaned


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                  "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)"])
def test_dangerous_link_schemes_are_removed(href):
    cleaned = sanitize_html(f'<p><a href="{href}">lien</a></p>')
    assert "href" not in cleaned and "lien" in cleaned


def test_allowed_structure_survives():
    html = ("<h2>Titre</h2><h3>Sous-titre</h3><h4>Détail</h4><p><strong>gras</strong> <em>italique</em> "
            '<a href="https://example.org/page">lien</a></p><ul><li>un</li></ul><ol><li>deux</li></ol>'
            "<blockquote><p>Citation</p></blockquote><hr><figure><figcaption>Légende</figcaption></figure>"
            + TABLE)
    cleaned = sanitize_html(html)
    for fragment in ["<h2>Titre</h2>", "<h3>", "<h4>", "<strong>gras</strong>", "<em>italique</em>",
                     '<a href="https://example.org/page">lien</a>', "<ul><li>un</li></ul>",
                     "<ol><li>deux</li></ol>", "<blockquote>", "<hr>", "<figcaption>", TABLE]:
        assert fragment in cleaned


def test_styles_classes_and_unknown_tags_are_dropped_but_text_kept():
    cleaned = sanitize_html('<h1 style="color:red" class="big">Gros titre</h1><p><span>mot</span><font>x</font></p>')
    assert cleaned == "Gros titre<p>motx</p>"


def test_article_body_is_sanitized_on_every_save_not_only_in_forms():
    article = make_article(body='<p>Avant</p><script>alert("x")</script><a href="javascript:x()">l</a>' + TABLE)
    article.refresh_from_db()
    assert "<script" not in article.body and "javascript:" not in article.body
    assert TABLE in article.body


def test_null_bytes_and_control_characters_are_dropped():
    assert sanitize_html("<p>a\x00b\x07c</p>") == "<p>abc</p>"


def test_word_count_ignores_markup():
    assert count_words("<p>L'été <strong>arrive</strong> à Paris-Plage.</p>") == 4


def test_bold_and_italic_from_a_paste_keep_their_emphasis():
    html = '<p><b style="font-weight:700">Gras</b>, <I class="x">italique</I>, <br><img src="x.png"></p>'
    assert sanitize_html(html) == "<p><strong>Gras</strong>, <em>italique</em>, <br></p>"
