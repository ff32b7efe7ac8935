"""The hostile-input corpus (tests/hostile/corpus.py) fired at every public page and form.

Whatever arrives: never a 5xx; a refusal is a 4xx with a French message; nothing is stored
that a page would run (a reader's text is kept as text and only ever rendered escaped); no page
echoes a payload unescaped. Every request goes through the whole middleware stack with the test
client (fast); CSRF is enforced where the test is about CSRF.
"""

import html
import json as json_module
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from comments.models import Comment
from ratings.models import Rating

from ..comments_support import form_data, post
from ..conftest import reader_client
from ..comments.test_comments_xss import assert_inert, elements
from . import corpus

pytestmark = pytest.mark.django_db

# What the site says when it refuses something (one of these is in every 4xx page).
FRENCH_REFUSALS = [
    "Page introuvable",                          # 404
    "Requête incorrecte",                        # 400 (templates/400.html)
    "Envoi refusé",                              # 403 CSRF (templates/403_csrf.html)
    "Accès refusé",                              # 403 (templates/403.html)
    "n'accepte pas cette méthode",               # 405 (magazine.middleware)
    "On note un article avec le formulaire",     # 405 on the vote address
    "Votre avis n'a pas été envoyé",             # comment form errors
    "Choisissez une note de 1 à 5 étoiles",      # vote errors
    "Trop de",                                   # 429
    "Ce lien n'est pas valide",                  # bad signed links
    "Saisissez une adresse e-mail valide",       # erase request
    "Les avis sont fermés",
    "n'est plus valable",                        # expired or forged preview links
    "ne peut être envoyé que depuis une page du Magazine",  # a reader's form from elsewhere
    "attend du JSON",                            # 415: JSON asked for with a form body
]

# The same refusals on the English pages (/en/), once the catalogue translates them (until the
# lead regenerates it, new messages show in French there, which FRENCH_REFUSALS accepts).
ENGLISH_REFUSALS = [
    "Page not found", "Choose a rating from 1 to 5 stars", "Your comment was not sent", "Too many",
    "not valid", "no longer valid", "Articles are rated with the form", "Enter a valid email address",
    "Comments are closed", "could not be verified", "Bad request", "Access denied", "Form refused", "does not accept this method",
    "can only be sent from a page of", "expects JSON",
]

TOTAL = {"requests": 0}  # how many hostile requests this worker fired (printed at the end)


PAGES = [
    "/", "/en/", "/rubrique/{section}/", "/en/rubrique/{section}/", "/mot-cle/{tag}/",
    "/auteurs/", "/auteurs/{author}/", "/en/auteurs/{author}/", "/articles/{article}/",
    "/en/articles/{article}/", "/recherche/", "/en/recherche/", "/flux/rss/", "/flux/atom/",
    "/rubrique/{section}/rss/", "/mot-cle/{tag}/atom/", "/auteurs/{author}/rss/",
    "/sitemap.xml", "/sitemap-actualites.xml", "/sitemap-articles.xml", "/robots.txt",
    "/les-mieux-notes/", "/auteurs/{author}/contact/", "/avis/effacer/", "/confidentialite/",
    "/en/confidentialite/",
]
LIST_PAGES = ["/rubrique/{section}/", "/mot-cle/{tag}/", "/auteurs/{author}/", "/recherche/?q=enquête",
              "/en/rubrique/{section}/", "/les-mieux-notes/", "/flux/rss/", "/sitemap-articles.xml"]


def chunks(values, n):
    return [values[i::n] for i in range(n)]


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def check(response, payload=None, *, allowed=(200, 301, 302, 400, 403, 404, 405, 429)):
    """The rules every answer to a hostile request follows."""
    TOTAL["requests"] += 1
    status = response.status_code
    assert status < 500, (status, repr(payload)[:200])
    assert status in allowed, (status, repr(payload)[:200])
    if response.request.get("REQUEST_METHOD") == "HEAD":
        return  # no body to read
    if not is_html(response):
        if 400 <= status < 500 and response.get("Content-Type", "").startswith("application/json"):
            data = response.json()
            assert data.get("message") or data.get("error"), data
        return
    text = response.content.decode()
    if 400 <= status < 500:
        unescaped = html.unescape(text)
        refusals = FRENCH_REFUSALS + (ENGLISH_REFUSALS if 'lang="en"' in text else [])
        assert any(message in unescaped for message in refusals), (
            status, re.findall(r"<h1>.*?</h1>", text), repr(payload)[:100])
        assert 'lang="fr"' in text or 'lang="en"' in text
    if payload and re.search(r"<[a-zA-Z!/?]", payload):
        assert payload not in text, repr(payload)[:200]  # echoed only escaped, if at all
    assert_inert(text)


def fill(template, magazine):
    return template.format(**magazine)


# --- Query strings ------------------------------------------------------------------------------

@pytest.mark.parametrize("part", chunks(corpus.SMALL, 4))
def test_any_search_query(client, magazine, part):
    for index, payload in enumerate(part):
        prefix = "/en" if index % 5 == 0 else ""
        check(client.get(f"{prefix}/recherche/", {"q": payload}), payload)


def test_huge_search_queries(client, magazine):
    for payload in corpus.LARGE:
        response = client.get("/recherche/", {"q": payload})
        check(response, payload)
        assert response.status_code == 200  # cut to a few words, never refused
    response = client.get("/recherche/", {"q": "enquête " * 10_000})
    assert "Une enquête" in response.content.decode()


@pytest.mark.parametrize("part", chunks(corpus.SMALL, 3))
def test_any_page_number_or_parameter_on_every_list(client, magazine, part):
    for index, payload in enumerate(part):
        page = fill(LIST_PAGES[index % len(LIST_PAGES)], magazine)
        joiner = "&" if "?" in page else "?"
        check(client.get(f"{page}{joiner}{urlencode({'page': payload})}"), payload)
        if index % 3 == 0:
            # As an unknown parameter's name and value, and as the feeds' `complet`.
            other = fill(PAGES[index // 3 % len(PAGES)], magazine)
            check(client.get(f"{other}?{urlencode({payload: payload, 'complet': payload})}"), payload)


def test_bogus_page_numbers_are_french_404s(client, magazine):
    for template in LIST_PAGES:
        page = fill(template, magazine)
        joiner = "&" if "?" in page else "?"
        for payload in corpus.PAGES:
            response = client.get(f"{page}{joiner}{urlencode({'page': payload})}")
            check(response, payload, allowed=(200, 404))
            # (the top list has no pages, feeds take none, sitemaps call theirs ?p=)
            paginated = not page.startswith(("/les-mieux-notes/", "/flux/", "/sitemap"))
            if paginated and payload in ("-1", "0", "99999999999", "abc", "9223372036854775808", "NaN"):
                assert response.status_code == 404, (page, payload)


def test_absurd_query_strings(client, magazine):
    absurd = [
        "&".join(f"page={n}" for n in range(500)),
        "&".join(f"x{n}=1" for n in range(5000)),  # more fields than Django accepts: 400
        "q=" + "%" * 3000,
        "q=%zz%%%2",
        "page[]=1&page[0]=2&page[__proto__]=3",
        "=" * 2000,
        "&" * 5000,
        ";" * 1000,
        "q=a" * 3000,
    ]
    for query in absurd:
        for template in ("/", "/recherche/", "/rubrique/{section}/", "/articles/{article}/", "/flux/rss/"):
            check(client.get(f"{fill(template, magazine)}?{query}"), None)


# --- Paths --------------------------------------------------------------------------------------

PATHS = ["/articles/{p}/", "/rubrique/{p}/", "/mot-cle/{p}/", "/auteurs/{p}/", "/auteurs/{p}/contact/",
         "/avis/effacer/{p}/", "/avis/desabonnement/{p}/", "/apercu/1/{p}/", "/en/articles/{p}/",
         "/rubrique/{p}/rss/", "/sitemap-{p}.xml", "/articles/{p}/avis/", "/{p}"]


@pytest.mark.parametrize("part", chunks(corpus.SMALL, 2))
def test_any_path(client, magazine, part):
    for index, payload in enumerate(part):
        template = PATHS[index % len(PATHS)]
        response = client.get(template.format(p=quote(payload[:2000], safe="")))
        check(response, payload, allowed=(200, 301, 302, 400, 404))


def test_invalid_utf8_and_odd_bytes_in_paths_and_query_strings(client, magazine):
    for raw in corpus.RAW_BYTES:
        escaped = quote(raw, safe="")
        for template in PATHS:
            check(client.get(template.format(p=escaped)), None, allowed=(200, 301, 302, 400, 404))
        for template in PAGES[::3]:
            check(client.get(f"{fill(template, magazine)}?q={escaped}&page={escaped}&p={escaped}"),
                  None, allowed=(200, 404))


# --- Comments -----------------------------------------------------------------------------------

def post_comment(client, article, json=False, **fields):
    response = post(client, article, json=json, ip="203.0.113.7", **fields)
    if (json and response.status_code == 400 and response["Content-Type"] == "application/json"
            and "errors" in response.json()):
        assert response.json()["message"].startswith("Votre avis n'a pas été envoyé")
    return response


def assert_comment_inert(comment):
    """A stored comment: the reader's text as typed (text, never markup), and its HTML only
    paragraphs, line breaks and safe links."""
    assert "\x00" not in comment.body + comment.name + comment.email
    assert "<script" not in comment.body_html.lower()
    for tag, attrs in elements(comment.body_html):
        assert tag in ("p", "br", "a"), (tag, comment.body_html[:200])
        if tag == "a":
            assert set(attrs) == {"href", "rel"}
            assert attrs["href"].startswith(("http://", "https://")), attrs


@pytest.mark.parametrize("part", chunks(corpus.TEXT, 4))
def test_any_comment_text_or_name(client, magazine, part):
    article = magazine["object"]
    for index, payload in enumerate(part):
        # The payload as the text, every other one as the name too (with an honest, unique
        # text); every other one as comments.js sends it (JSON answer).
        json = index % 2 == 1
        response = post_comment(client, article, json=json, body=payload, name=f"Lecteur {index}")
        check(response, payload)
        if index % 2 == 0:
            response = post_comment(client, article, json=json, name=payload,
                                    body=f"Un avis honnête numéro {index} sur l'enquête.")
            check(response, payload)
    stored = list(Comment.objects.all())
    assert stored  # the valid ones were taken
    for comment in stored:
        assert_comment_inert(comment)
    # Everything stored, shown to readers and to editors: inert.
    Comment.objects.update(status=Comment.Status.APPROVED)
    from django.conf import settings

    settings.COMMENTS_PER_PAGE = 10_000
    check(client.get(article.get_absolute_url()))
    editor = Client()
    from django.contrib.auth.models import User

    editor.force_login(User.objects.create_superuser("chef", "chef@example.org"))
    assert_inert(editor.get("/admin/comments/comment/?all=").content.decode())


@pytest.mark.parametrize("part", chunks(corpus.SMALL[::2], 2))
def test_any_email_parent_token_and_honeypot(client, magazine, part):
    article = magazine["object"]
    for index, payload in enumerate(part):
        field = ("email", "parent", "jeton", "site_web", "notify_replies")[index % 5]
        body = f"Avis numéro {index} : tout va bien."
        check(post_comment(client, article, json=index % 4 != 0, body=body, **{field: payload}),
              payload)
    for comment in Comment.objects.all():
        assert_comment_inert(comment)
        assert "@" in comment.email


def test_comment_bodies_of_invalid_utf8_and_too_many_fields(client, magazine):
    article = magazine["object"]
    url = f"/articles/{article.slug}/avis/"
    token = form_data(article)["jeton"]
    for raw in corpus.RAW_BYTES:
        body = (b"name=Lou&email=lou%40example.org&jeton=" + token.encode() + b"&body=" + raw
                + b"+et+du+texte&site_web=")
        check(client.generic("POST", url, body, content_type="application/x-www-form-urlencoded"))
        check(client.generic("POST", url, b"body=" + raw, content_type="multipart/form-data; boundary=x"))
    for content_type in ["application/json", "text/plain", "application/xml", "", "multipart/form-data",
                         "application/x-www-form-urlencoded; charset=utf-16", "x/y; charset=nope"]:
        check(client.generic("POST", url, b'{"body": "<script>alert(1)</script>"}',
                             content_type=content_type))
    many = "&".join(f"f{n}=1" for n in range(3000))
    check(client.generic("POST", url, many.encode(), content_type="application/x-www-form-urlencoded"))
    for comment in Comment.objects.all():
        assert_comment_inert(comment)


# --- Ratings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("part", chunks(corpus.SMALL, 2))
def test_any_score(client, magazine, part):
    url = f"/articles/{magazine['article']}/noter/"
    for index, payload in enumerate(part):
        if index % 2:  # as rating.js sends it
            response = client.post(url, json_module.dumps({"score": payload}),
                                   content_type="application/json", HTTP_ACCEPT="application/json")
        else:
            response = client.post(url, {"score": payload})
        check(response, payload)
        assert response.status_code == 400, (payload, response.status_code)
    assert not Rating.objects.exists()


def test_hostile_reader_cookies_never_become_reader_ids(magazine):
    url = f"/articles/{magazine['article']}/noter/"
    for index, payload in enumerate(corpus.SMALL[:60]):
        client = reader_client()
        client.cookies["lecteur"] = payload.replace("\x00", "").replace(";", "")[:3000]
        response = client.post(url, {"score": str(index % 5 + 1)})
        check(response, payload)
    # Forged cookies are ignored: every vote got a fresh random reader id, none is the payload.
    assert Rating.objects.count() == 60
    assert not Rating.objects.filter(reader_id__in=corpus.SMALL[:60]).exists()


# --- The other forms ----------------------------------------------------------------------------

def test_author_contact_erase_and_unsubscribe_forms(client, magazine):
    contact = f"/auteurs/{magazine['author']}/contact/"
    for index, payload in enumerate(corpus.SMALL[::6]):
        check(client.post(contact, {"x": payload}, REMOTE_ADDR=f"10.0.{index // 200}.{index % 200}"),
              payload)
        response = client.post("/avis/effacer/", {"email": payload},
                               REMOTE_ADDR=f"10.1.{index // 200}.{index % 200}")
        check(response, payload)
        token = quote(payload[:500], safe="")
        for url in (f"/avis/effacer/{token}/", f"/avis/desabonnement/{token}/"):
            response = client.post(url, {"x": payload})
            check(response, payload, allowed=(400, 404))


def test_long_and_large_values_in_the_other_forms(client, magazine):
    contact = f"/auteurs/{magazine['author']}/contact/"
    for payload in corpus.LARGE:
        check(client.post(contact, {"x": payload}), payload)
        check(client.post("/avis/effacer/", {"email": payload}), payload)
        check(client.post(f"/articles/{magazine['article']}/noter/", {"score": payload}), payload)


# --- Forgery and methods ------------------------------------------------------------------------

def reader_forms(magazine):
    article = magazine["object"]
    return [
        (f"/articles/{article.slug}/avis/", form_data(article, body="Avis venu d'ailleurs.")),
        (f"/articles/{article.slug}/noter/", {"score": "5"}),
        (f"/auteurs/{magazine['author']}/contact/", {}),
        ("/avis/effacer/", {"email": "lou@example.org"}),
    ]


FOREIGN = [
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},  # a sister site under the same domain is not us
    {"HTTP_SEC_FETCH_SITE": "none"},
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},  # sandboxed frames, data: pages
    {"HTTP_ORIGIN": "http://127.0.0.1:8000.evil.example"},
    {"HTTP_ORIGIN": "http://127.0.0.1:8001"},  # another port is another origin
    {"HTTP_ORIGIN": "https://127.0.0.1:8000"},  # another scheme too
    {"HTTP_REFERER": "https://evil.example/piege.html"},
    {"HTTP_REFERER": "javascript:alert(1)"},
    # The Host header is never trusted: a request claiming to be for evil.example, from it.
    {"HTTP_ORIGIN": "http://evil.example", "HTTP_HOST": "evil.example"},
    # Sec-Fetch-Site wins over an Origin a proxy may have forged.
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://127.0.0.1:8000"},
]


def test_readers_forms_from_another_site_are_refused_in_french_and_store_nothing(magazine, settings):
    """A page elsewhere that makes its visitors vote, comment, reveal an address or ask for an
    erasure mail: browsers say where the request comes from, and only this site is accepted."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    for url, data in reader_forms(magazine):
        for headers in FOREIGN:
            response = Client().post(url, data, **headers)
            check(response, allowed=(403,))
            assert "Envoi refusé" in response.content.decode(), (url, headers)
            assert not response.cookies, (url, headers)
            assert "no-store" in response["Cache-Control"]
            # Scripts get it as JSON.
            response = Client().post(url, json_module.dumps(data), content_type="application/json",
                                     HTTP_ACCEPT="application/json", **headers)
            assert response.status_code in (403, 415), (url, headers)
    assert not Comment.objects.exists() and not Rating.objects.exists()
    from django.core import mail

    assert mail.outbox == []


def test_readers_forms_from_this_site_are_accepted(magazine, settings):
    settings.SITE_URL = "https://lemagazine.example"
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.lemagazine.example"]
    url = f"/articles/{magazine['article']}/noter/"
    for headers in ({"HTTP_SEC_FETCH_SITE": "same-origin"},
                    {"HTTP_ORIGIN": "https://lemagazine.example"},
                    {"HTTP_ORIGIN": "https://lemagazine.example:443"},
                    {"HTTP_ORIGIN": "https://www.lemagazine.example"},
                    {"HTTP_REFERER": "https://lemagazine.example/articles/une-enquete/"}):
        assert Client().post(url, {"score": "4"}, **headers).status_code == 302, headers
    assert Rating.objects.count() == 5


def test_every_unsafe_method_is_checked(magazine):
    for url, data in reader_forms(magazine):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = Client().generic(method, url, urlencode(data),
                                        content_type="application/x-www-form-urlencoded",
                                        HTTP_SEC_FETCH_SITE="cross-site")
            check(response, allowed=(403, 405))
    assert not Comment.objects.exists() and not Rating.objects.exists()


def test_json_answers_require_json(magazine):
    """A script asks for JSON and sends JSON; a form body asking for JSON (what a cross-site
    form could send without a preflight) is refused."""
    article = magazine["object"]
    for url, data in reader_forms(magazine)[:2]:
        response = reader_client().post(url, data, HTTP_ACCEPT="application/json")
        assert response.status_code == 415 and response.json()["ok"] is False
        for body in (b"[1, 2]", b"{", b'"texte"', b"\xff\xfe"):
            response = reader_client().post(url, body, content_type="application/json",
                                            HTTP_ACCEPT="application/json")
            check(response, allowed=(400,))
    assert not Comment.objects.exists() and not Rating.objects.exists()
    assert article.pk


def test_a_form_whose_origin_the_browser_hides_is_confirmed_with_a_csrf_token(magazine):
    """Neither Sec-Fetch-Site, Origin nor Referer (an old browser, a privacy extension): the
    reader's text comes back on a private page, to send again with an ordinary CSRF token."""
    article = magazine["object"]
    url = f"/articles/{article.slug}/avis/"
    reader = Client(enforce_csrf_checks=True)
    text = "Mon long avis <b>pesé</b>, écrit pendant une heure."
    data = form_data(article, body=text)
    response = reader.post(url, data)
    check(response, text, allowed=(200,))
    page = response.content.decode()
    assert "Confirmez l'envoi" in html.unescape(page)
    assert html.escape(text) in page  # the text is back, escaped, in a textarea
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert not Comment.objects.exists()
    # A forged or missing token: the confirmation again, nothing stored.
    for forged in ("", "x" * 64, token[:-1] + ("A" if token[-1] != "A" else "B")):
        again = reader.post(url, {**data, "csrfmiddlewaretoken": forged})
        assert again.status_code == 200 and "Confirmez l" in html.unescape(again.content.decode())
    assert not Comment.objects.exists()
    # Another browser cannot use this reader's token (it goes with their cookie).
    assert Client(enforce_csrf_checks=True).post(
        url, {**data, "csrfmiddlewaretoken": token}).status_code == 200
    assert not Comment.objects.exists()
    # The reader confirms: sent.
    assert reader.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert Comment.objects.get().body == text
    # The same for a vote.
    vote = f"/articles/{article.slug}/noter/"
    confirm = reader.post(vote, {"score": "5"})
    assert confirm.status_code == 200 and 'name="score" value="5"' in confirm.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.content.decode()).group(1)
    assert reader.post(vote, {"score": "5", "csrfmiddlewaretoken": token}).status_code == 302
    assert Rating.objects.get().score == 5


def test_wrong_methods_everywhere(client, magazine):
    urls = [fill(p, magazine) for p in PAGES] + [
        f"/articles/{magazine['article']}/noter/", f"/articles/{magazine['article']}/avis/",
        "/avis/effacer/x/", "/avis/desabonnement/x/"]
    for url in urls:
        for method in ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "HEAD"):
            response = client.generic(method, url, b"<script>alert(1)</script>")
            check(response, allowed=(200, 302, 400, 403, 404, 405))
            if method in ("PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "CONNECT"):
                assert response.status_code in (400, 403, 404, 405), (method, url, response.status_code)
    # GET on the vote address explains itself.
    response = client.get(f"/articles/{magazine['article']}/noter/")
    assert response.status_code == 405 and "On note un article" in response.content.decode()
    assert not Comment.objects.exists() and not Rating.objects.exists()


def test_hostile_headers(magazine):
    client = Client()
    article_url = f"/articles/{magazine['article']}/"
    for payload in corpus.SMALL[:120]:
        header = payload.replace("\r", "").replace("\n", "").replace("\x00", "")[:4000]
        for url in ("/", article_url, "/recherche/?q=x"):
            check(client.get(url, HTTP_ACCEPT_LANGUAGE=header, HTTP_X_FORWARDED_FOR=header,
                             HTTP_REFERER=header, HTTP_USER_AGENT=header, HTTP_ACCEPT=header,
                             HTTP_IF_NONE_MATCH=header, HTTP_IF_MODIFIED_SINCE=header,
                             HTTP_RANGE=header, HTTP_COOKIE=header), payload)
    for host in ["evil.example", "localhost:99999@evil.example", "<script>", "a" * 300, "127.0.0.1\x00"]:
        response = Client(HTTP_HOST=host).get("/")
        check(response, allowed=(400,))


def test_corpus_is_large_enough():
    assert len(corpus.TEXT) + len(corpus.PAGES) + len(corpus.RAW_BYTES) >= 500
