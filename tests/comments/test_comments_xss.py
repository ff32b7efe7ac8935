"""Whatever readers type, the page only ever gets text and safe links."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from comments.text import render_body
from comments.models import Comment

from ..comments_support import add_comment, french, post  # noqa: F401 (french: autouse)
from ..conftest import make_article

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">clic</a>',
    'http://exemple.org/"onmouseover="alert(1)',
    "https://exemple.org/<script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{ 7|add:7 }} {% now 'Y' %}",
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser.found


def assert_inert(html):
    for tag, attrs in elements(html):
        assert tag not in ("iframe", "object", "embed"), tag
        if tag == "img":
            assert attrs.get("src", "").startswith("/"), attrs
        # Only the site's own files (the page's and the admin's); JSON-LD is data, never run
        # (its escaping is tested in test_seo.py).
        if tag == "script" and attrs.get("type") != "application/ld+json":
            assert attrs.get("src", "").startswith(("/static/", "/admin/jsi18n/")), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name == "href":
                assert not (value or "").strip().lower().startswith("javascript:"), attrs
    assert "alert(1)</script>" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_name_and_text_is_inert_on_the_page(client, payload):
    article = make_article()
    parent = add_comment(article, name=payload, body=payload)
    add_comment(article, name=payload, body=f"Réponse : {payload}", parent=parent)
    html = client.get(article.get_absolute_url()).content.decode()
    assert_inert(html)
    if "{{" in payload:
        assert "{{ 7|add:7 }}" in html  # shown as typed, never evaluated


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_posted_is_inert_in_json_in_the_error_page_and_in_the_admin(client, payload):
    from django.contrib.auth.models import User
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(User.objects.create_superuser("chef", "chef@example.org"))
    article = make_article()
    data = post(client, article, json=True, name=payload[:80], body=f"Avis : {payload}").json()
    assert data["ok"]
    assert_inert(data["html"])
    error_page = post(client, article, name=payload[:80], body=payload, email="invalide")
    assert error_page.status_code == 400
    assert_inert(error_page.content.decode().replace('value="{{ 7|add:7 }}', ""))
    comment = Comment.objects.latest("pk")
    assert_inert(admin_client.get("/admin/comments/comment/").content.decode())
    assert_inert(admin_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode())


def test_javascript_urls_are_never_links():
    html = render_body("javascript:alert(1) et data:text/html,<script>x</script> et vbscript:x")
    assert "<a" not in html and "&lt;script&gt;" in html


def test_link_markup():
    assert render_body("www.exemple.org") == (
        '<p><a href="http://www.exemple.org" rel="nofollow ugc noopener">www.exemple.org</a></p>'
    )
    assert "<a" not in render_body("écrivez-moi à lou@example.org")  # no mailto harvesting


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("<>\"'&=/:.ajvscript hton()\n") + ["http://", "www.", ".com"]),
                max_size=40).map("".join))
def test_any_text_renders_to_nothing_but_paragraphs_breaks_and_safe_links(text):
    for tag, attrs in elements(render_body(text)):
        assert tag in ("p", "br", "a"), tag
        if tag == "a":
            assert set(attrs) == {"href", "rel"} and attrs["rel"] == "nofollow ugc noopener"
            assert attrs["href"].startswith(("http://", "https://"))
