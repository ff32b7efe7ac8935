"""French typography (core/typography.py): text nodes only, idempotent, tricky cases."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from core.typography import NBSP, NNBSP, typeset_html, typeset_text

from ..conftest import make_article


def show(text):
    """Make the invisible spaces visible in assertion messages: ⍽ fine, · insécable."""
    return text.replace(NNBSP, "⍽").replace(NBSP, "·")


@pytest.mark.parametrize("source, expected", [
    # Existing spaces become unbreakable: fine before ; ! ?, insécable before :
    ("<p>Bonjour ! Ça va ? Oui ; non : peut-être.</p>", "<p>Bonjour⍽! Ça va⍽? Oui⍽; non·: peut-être.</p>"),
    # Missing spaces are added after a word.
    ("<p>Vraiment? Oui! Note: ceci</p>", "<p>Vraiment⍽? Oui⍽! Note·: ceci</p>"),
    # "?!" is one group: one space before it, none inside.
    ("<p>Quoi ?! Non!!!</p>", "<p>Quoi⍽?! Non⍽!!!</p>"),
    # Times, ratios and scores are not punctuation.
    ("<p>Rendez-vous à 10:30, ratio 1:2, score 3-0!</p>", "<p>Rendez-vous à 10:30, ratio 1:2, score 3-0!</p>"),
    # URLs and e-mail addresses in the text are left as written.
    ("<p>Voir https://exemple.fr/?q=a:b&amp;x=1 ou www.exemple.fr/l'art et moi@exemple.fr : merci</p>",
     "<p>Voir https://exemple.fr/?q=a:b&amp;x=1 ou www.exemple.fr/l'art et moi@exemple.fr·: merci</p>"),
    # Attributes (":" and quotes inside) and tags are never touched.
    ('<p><a href="https://x.fr/?a=1&amp;b=2" title="a > b : &quot;c&quot; ?">Lien</a> !</p>',
     '<p><a href="https://x.fr/?a=1&amp;b=2" title="a > b : &quot;c&quot; ?">Lien</a>⍽!</p>'),
    # Link text may be a name or another language: no space is added there, existing ones are fixed.
    ("<p><a href=\"/en/\">What's new? Yahoo!</a> et <a href=\"/x\">Quoi ?</a></p>",
     "<p><a href=\"/en/\">What’s new? Yahoo!</a> et <a href=\"/x\">Quoi⍽?</a></p>"),
    # Code and preformatted text are code.
    ("<p>Tapez <code>a ? b : \"c\"</code> !</p><pre>x = \"y\" ; z?</pre>",
     "<p>Tapez <code>a ? b : \"c\"</code>⍽!</p><pre>x = \"y\" ; z?</pre>"),
    # An element in another language keeps its own rules.
    ('<p lang="en">Hello: "world"?</p><p>l\'école</p>', '<p lang="en">Hello: "world"?</p><p>l’école</p>'),
    # Straight quotes pair up into guillemets, across inline tags; nested ones become “ ”.
    ('<p>Il dit "bonjour" à <em>l\'ami</em>.</p>', "<p>Il dit «⍽bonjour⍽» à <em>l’ami</em>.</p>"),
    ('<p>Lu dans "<em>Le Monde</em>".</p>', "<p>Lu dans «⍽<em>Le Monde</em>⍽».</p>"),
    ('<p>"Il a crié "au feu" puis s\'est tu"</p>', "<p>«⍽Il a crié “au feu” puis s’est tu⍽»</p>"),
    # An unpaired quote (inches, a quote across paragraphs) stays straight.
    ('<p>Un écran 27" suffit.</p><p>"Début</p><p>fin"</p>', '<p>Un écran 27" suffit.</p><p>"Début</p><p>fin"</p>'),
    # Guillemets get fine spaces inside, whatever was typed.
    ("<p>«Bonjour» et « salut » et «\u00a0ciao\u00a0»</p>", "<p>«⍽Bonjour⍽» et «⍽salut⍽» et «⍽ciao⍽»</p>"),
    ("<p>Lui : « C’est <strong>fini</strong> ! »</p>", "<p>Lui·: «⍽C’est <strong>fini</strong>⍽!⍽»</p>"),
    # Punctuation right after an inline tag.
    ("<p><em>Bonjour</em>! et <strong>toi</strong> ?</p>", "<p><em>Bonjour</em>⍽! et <strong>toi</strong>⍽?</p>"),
    # Emoji survive and do not confuse the rules.
    ("<p>Bravo 🎉 ! Super!😀 👩‍👩‍👧 : famille</p>", "<p>Bravo 🎉⍽! Super!😀 👩‍👩‍👧·: famille</p>"),
    # Escaped text stays escaped; entities are understood.
    ("<p>a &lt;b&gt; &amp; c ! d&nbsp;?</p>", "<p>a &lt;b&gt; &amp; c⍽! d⍽?</p>"),
    # Headings, lists and tables are text too.
    ("<h2 id=\"pourquoi\">Pourquoi ?</h2><ul><li>Un : deux</li></ul><table><tr><td>Total :</td></tr></table>",
     "<h2 id=\"pourquoi\">Pourquoi⍽?</h2><ul><li>Un·: deux</li></ul><table><tr><td>Total·:</td></tr></table>"),
    # Nothing to do, nothing changed; a lone punctuation at a line start is left.
    ("<p>Rien à signaler.</p><p>? Étrange</p>", "<p>Rien à signaler.</p><p>? Étrange</p>"),
])
def test_french_typography_on_html(source, expected):
    result = typeset_html(source)
    assert show(result) == expected
    assert typeset_html(result) == result, "typesetting twice must change nothing"


def test_already_typeset_text_is_left_as_it_is():
    typeset = f"<p>«{NNBSP}Déjà{NNBSP}» prêt{NNBSP}? Oui{NBSP}: l’été{NNBSP}!</p>"
    assert typeset_html(typeset) == typeset
    # The same with entities, as an HTML serializer may write it.
    assert typeset_html("<p>«&nbsp;Déjà&nbsp;» prêt&nbsp;?</p>") == f"<p>«{NNBSP}Déjà{NNBSP}» prêt{NNBSP}?</p>"


def test_plain_text_version_for_feeds_and_titles():
    assert show(typeset_text("L'été \"chaud\" : 10:30 !")) == "L’été «⍽chaud⍽»·: 10:30⍽!"
    assert typeset_text("a < b & c") == "a < b & c"  # plain text stays plain (no escaping)
    assert typeset_text("") == ""


def test_typo_filter_escapes_plain_text_and_keeps_safe_html():
    template = Template("{% load typography %}{{ plain|typo }}|{{ html|typo }}|{{ empty|typo }}")
    rendered = template.render(Context({
        "plain": "<script>alert('x')</script> Vraiment ?",
        "html": mark_safe("<p>Bio : <em>journaliste</em></p>"),
        "empty": None,
    }))
    plain, html, empty = rendered.split("|")
    assert "<script>" not in plain and "&lt;script&gt;" in plain
    assert show(plain).endswith("Vraiment⍽?")
    assert show(html) == "<p>Bio·: <em>journaliste</em></p>"
    assert empty == ""


@pytest.mark.django_db
def test_article_body_is_typeset_on_save_and_source_stays_clean(client):
    body = '<h2>Pourquoi ?</h2><p>Il a dit "oui" à 10:30 : voir <a href="https://x.fr/?a=b">ici</a> !</p>'
    article = make_article("Le jour J : enfin !", body=body, standfirst="L'attente ? Terminée.")
    article.refresh_from_db()
    assert article.body == body  # what the journalist wrote, untouched
    assert show(article.body_html) == (
        '<h2 id="pourquoi">Pourquoi⍽?</h2><p>Il a dit «⍽oui⍽» à 10:30·: voir '
        '<a href="https://x.fr/?a=b">ici</a>⍽!</p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.body_html in html
    assert show(f'<h1 class="article__title">Le jour J{NBSP}: enfin{NNBSP}!</h1>') in show(html)
    assert "L’attente" in html


_html_text = st.text(alphabet=st.sampled_from(list("ab é:;!?\"'«»<>&0123456789 \u00a0")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "em", "a", "code", "h2", "li"]), _html_text), max_size=5))
def test_typesetting_is_idempotent_and_never_touches_markup(parts):
    from django.utils.html import escape

    html = "".join(
        f'<{tag} title="x : &quot;y&quot; ?">{escape(text)}</{tag}>' if tag == "a" else f"<{tag}>{escape(text)}</{tag}>"
        for tag, text in parts
    )
    once = typeset_html(html)
    assert typeset_html(once) == once
    tags = re.compile(r"<[^>]+>")
    assert tags.findall(once) == tags.findall(html)
    # Only spaces, quotes and apostrophes may change; letters and signs stay in order.
    def kept(markup):
        return re.sub(r"[^\w&<>;:!?]", "", unescape(tags.sub("", markup)))

    assert kept(once) == kept(html)
