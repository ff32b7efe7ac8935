"""Property tests (hypothesis) of what hostile text can do to the sanitizer, the comment form
and the rating form; and the corpus's rich-text vectors saved through the admin's article form."""

import html
import re

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from articles.models import Article
from core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, GENERIC_ATTRIBUTES, sanitize_html
from comments.forms import CommentForm
from ratings.forms import RatingForm
from comments.models import Comment

from ..conftest import make_article
from ..newsroom_helpers import change_url, form_data, make_journalist, reload
from ..comments.test_comments_xss import assert_inert, elements
from . import corpus

# Pieces hostile HTML is made of: the generator glues them in any order, so it builds broken,
# nested and half-closed markup as well as well-formed vectors.
TAG_NAMES = sorted(ALLOWED_TAGS) + ["script", "img", "svg", "iframe", "style", "math", "object", "embed",
                                    "form", "input", "textarea", "noscript", "template", "base",
                                    "meta", "link", "SCRIPT", "ScRiPt", "a"]
ATTRIBUTES = ["href", "src", "onclick", "onerror", "onload", "style", "class", "id", "title",
              "xlink:href", "formaction", "srcdoc", "colspan", "scope", "start", "data-x",
              "ONMOUSEOVER", "on", "rel", "target"]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:x",
        "&#106;avascript:x", "&#x6A;avascript:x", "javascript&colon;x", "vbscript:x",
        "data:text/html,<script>x</script>", "https://exemple.org/", "http://x", "mailto:a@b.c",
        "//evil.example", "#ancre", "/relatif", "", "\x00javascript:x", "\u202ejavascript:x"]
PIECES = (
    [f"<{t}" for t in TAG_NAMES] + [f"</{t}>" for t in TAG_NAMES]
    + [f" {a}=" for a in ATTRIBUTES] + [f'"{u}"' for u in URLS] + [f"'{u}'" for u in URLS] + URLS
    + [">", "/>", "<", "\"", "'", "=", " ", "\n", "<!--", "-->", "<![CDATA[", "]]>", "&", "&amp;",
       "&lt;", "&gt;", "&quot;", "&#0;", "alert(1)", "texte", "é", "😀", "\u202e", "\x00", "\x0b"]
)
hostile_html = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40).map("".join)

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def assert_sanitized(cleaned):
    assert "<script" not in cleaned.lower()
    for tag, attrs in elements(cleaned):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES, (tag, name)
            assert not name.startswith("on")
            if name == "href":
                # What a browser would follow: entities decoded, blanks and controls dropped.
                target = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                assert target.startswith(SAFE_SCHEMES) or not re.match(r"^[a-z][a-z0-9+.-]*:", target), value


@hsettings(max_examples=400, deadline=None)
@given(hostile_html)
@example('<a href="javascript:alert(1)">x</a>')
@example('<p onclick="alert(1)">x</p><script>alert(1)</script>')
@example("<scr<script>ipt>alert(1)</scr</script>ipt>")
def test_sanitizer_output_is_inert_and_stable(dirty):
    cleaned = sanitize_html(dirty)
    assert_sanitized(cleaned)
    assert sanitize_html(cleaned) == cleaned  # idempotent: saving twice changes nothing


def test_sanitizer_keeps_only_the_listed_attributes():
    for dirty in ['<blockquote title="x">c</blockquote>', '<p lang="en" dir="rtl">t</p>', '<h2 title=</a>']:
        for tag, attrs in elements(sanitize_html(dirty)):
            assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES, (dirty, tag, attrs)
    assert sanitize_html('<p lang="en" title="x">Hello</p>') == '<p lang="en">Hello</p>'


def test_sanitizer_on_the_whole_corpus():
    for dirty in corpus.TEXT:
        cleaned = sanitize_html(dirty)
        assert_sanitized(cleaned)
        assert sanitize_html(cleaned) == cleaned, repr(dirty)[:200]
        assert "\x00" not in cleaned


# --- Forms --------------------------------------------------------------------------------------

any_text = st.text() | hostile_html | st.sampled_from(corpus.SMALL)


@pytest.mark.django_db
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=any_text, email=any_text | st.emails().map(str), body=any_text)
def test_comment_form_stores_only_inert_text(settings, name, email, body):
    settings.COMMENTS_HOLD_ALL = False
    article = Article.objects.first() or make_article()
    form = CommentForm({"name": name, "email": email, "body": body, "site_web": "", "jeton": ""},
                       article=article)
    if not form.is_valid():
        for errors in form.errors.values():
            assert all(error.strip() for error in errors)
        return
    comment = form.save(commit=False)
    comment.reader_id, comment.ip_hash = "lecteur", "0" * 64
    comment.save()
    stored = Comment.objects.get(pk=comment.pk)
    assert "\x00" not in stored.body + stored.name + stored.email
    for tag, attrs in elements(stored.body_html):
        assert tag in ("p", "br", "a"), tag
        if tag == "a":
            assert set(attrs) == {"href", "rel"} and attrs["href"].startswith(("http://", "https://"))


@hsettings(max_examples=300, deadline=None)
@given(any_text)
@example("5")
@example(" 5")
@example("5.0")
@example("٥")
def test_rating_form_accepts_only_one_to_five(score):
    form = RatingForm({"score": score})
    if form.is_valid():
        assert form.cleaned_data["score"] in (1, 2, 3, 4, 5)
        assert score.strip() in ("1", "2", "3", "4", "5")
    else:
        assert form.errors["score"] == ["Choisissez une note de 1 à 5 étoiles."]


# --- The admin's article form -------------------------------------------------------------------

def assert_admin_inert(page):
    """The admin page: its own scripts only (static files and the admin's own addresses)."""
    for tag, attrs in elements(page):
        assert tag not in ("iframe", "object", "embed"), tag
        if tag == "script" and attrs.get("type") != "application/json":
            assert attrs.get("src", "").startswith(("/static/", "/admin/")), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), attrs
    assert "alert(1)</script>" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("part", [corpus.XSS[0::4], corpus.XSS[1::4]])
def test_hostile_rich_text_saved_in_the_admin_is_stored_sanitized(client, part):
    journalist = make_journalist()
    article = make_article(status=Article.Status.DRAFT, authors=[journalist.author])
    client.force_login(journalist)
    for payload in part:
        response = client.post(change_url(article), form_data(
            article, body=f"<p>Début</p>{payload}<p>Fin</p>", standfirst=payload[:300]))
        assert response.status_code in (200, 302), response.status_code
        body = reload(article).body
        assert_sanitized(body)
        if "<style" not in payload.lower():  # an unclosed <style> swallows what follows
            assert "Fin" in body  # the rest of the text is kept
    # Readers see it inert, and so does the editor reopening it.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED,
                                                 published_at=reload(article).updated_at)
    assert_admin_inert(client.get(change_url(article)).content.decode())
    from django.test import Client

    assert_inert(Client().get(reload(article).get_absolute_url()).content.decode())
