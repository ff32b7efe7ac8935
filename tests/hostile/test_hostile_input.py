"""The hostile-input corpus (tests/hostile/corpus.py) fired at every public page and form.

Whatever arrives: never a 5xx; a refusal is a 4xx with a French message; nothing is stored
that a page would run (a reader's text is kept as text and only ever rendered escaped); no page
echoes a payload unescaped. Every request goes through the whole middleware stack with the test
client (fast); CSRF is enforced where the test is about CSRF.
"""

import html
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from articles.models import Article
from ratings.models import Comment, Rating

from ..comments_support import form_data
from ..conftest import make_article, make_author, make_section
from ..test_comments_xss import assert_inert, elements
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
    "Votre avis n'a pas pu être vérifié",         # a comment refused by CSRF, text kept
]

# The same refusals on the English pages (/en/), once the catalogue translates them (until the
# lead regenerates it, new messages show in French there, which FRENCH_REFUSALS accepts).
ENGLISH_REFUSALS = [
    "Page not found", "Choose a rating from 1 to 5 stars", "Your comment was not sent", "Too many",
    "not valid", "no longer valid", "Articles are rated with the form", "Enter a valid email address",
    "Comments are closed", "could not be verified", "Bad request", "Access denied", "Form refused", "does not accept this method",
]

TOTAL = {"requests": 0}  # how many hostile requests this worker fired (printed at the end)


@pytest.fixture
def magazine(settings):
    # Limits out of the way: the corpus must reach the forms, not the rate limiter (rate
    # limiting itself is tested elsewhere).
    settings.COMMENTS_RATE_LIMIT = 1_000_000
    settings.RATINGS_VOTES_PER_HOUR = 1_000_000
    settings.RATINGS_MAX_READERS_PER_IP = 0
    settings.COMMENTS_HOLD_ALL = False
    section = make_section("Société")
    author = make_author("Ana Lys", email="ana@example.org")
    article = make_article("Une enquête", section=section, authors=[author], tags=["enquête"])
    return {"article": article.slug, "section": section.slug, "author": author.slug,
            "tag": article.tags.first().slug, "object": article}


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
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    response = client.post(f"/articles/{article.slug}/avis/", form_data(article, **fields),
                           REMOTE_ADDR="203.0.113.7", **headers)
    if json and response.status_code == 400:
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
    assert_inert(editor.get("/admin/ratings/comment/?all=").content.decode())


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
        json_headers = {"HTTP_ACCEPT": "application/json"} if index % 2 else {}
        response = client.post(url, {"score": payload}, **json_headers)
        check(response, payload)
        assert response.status_code == 400, (payload, response.status_code)
    assert not Rating.objects.exists()


def test_hostile_reader_cookies_never_become_reader_ids(magazine):
    url = f"/articles/{magazine['article']}/noter/"
    for index, payload in enumerate(corpus.SMALL[:60]):
        client = Client()
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


# --- CSRF and methods ---------------------------------------------------------------------------

def test_forged_or_missing_csrf_is_refused_in_french_and_stores_nothing(magazine):
    article = magazine["object"]
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(article.get_absolute_url())
    real = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    forms = [
        (f"/articles/{article.slug}/avis/", form_data(article, body="Avis sans jeton CSRF.")),
        (f"/articles/{article.slug}/noter/", {"score": "5"}),
        (f"/auteurs/{magazine['author']}/contact/", {}),
        ("/avis/effacer/", {"email": "lou@example.org"}),
    ]
    attacker = Client(enforce_csrf_checks=True)  # a cross-site form: no cookie of ours
    for url, data in forms:
        for token in [None, "", "x" * 64, real[:-1] + ("A" if real[-1] != "A" else "B"), "\x00" * 64,
                      "<script>alert(1)</script>"]:
            sent = dict(data) if token is None else {**data, "csrfmiddlewaretoken": token}
            response = browser.post(url, sent)
            check(response, allowed=(403,))
            assert "Envoi refusé" in response.content.decode()
        # A valid token of another reader's cookie.
        check(attacker.post(url, {**data, "csrfmiddlewaretoken": real}), allowed=(403,))
        check(attacker.post(url, data, HTTP_X_CSRFTOKEN=real, HTTP_ORIGIN="https://evil.example"),
              allowed=(403,))
    assert not Comment.objects.exists() and not Rating.objects.exists()
    # The reader's own token works (the refusals above were about the token, nothing else).
    assert browser.post(forms[1][0], {"score": "5", "csrfmiddlewaretoken": real}).status_code == 302


def test_a_comment_refused_by_csrf_keeps_its_text_and_can_be_sent_again(magazine):
    article = magazine["object"]
    url = f"/articles/{article.slug}/avis/"
    reader = Client(enforce_csrf_checks=True)
    text = "Mon long avis <b>pesé</b>, écrit pendant une heure."
    data = form_data(article, body=text, csrfmiddlewaretoken="x" * 64)  # a stale page's token
    response = reader.post(url, data, HTTP_ORIGIN="http://testserver")
    check(response, text, allowed=(403,))
    page = response.content.decode()
    assert "Votre avis n'a pas pu être vérifié" in html.unescape(page)
    assert html.escape(text) in page  # the text is back in the form, escaped
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert not Comment.objects.exists()
    # Sending again from that page works.
    assert reader.post(url, {**data, "csrfmiddlewaretoken": fresh},
                       HTTP_ORIGIN="http://testserver").status_code == 302
    assert Comment.objects.get().body == text
    # comments.js gets the message as JSON (the text is still in its textarea).
    response = Client(enforce_csrf_checks=True).post(url, data, HTTP_ORIGIN="http://testserver",
                                                     HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and not response.json()["ok"]
    # From another site: the plain refusal, nothing of the attacker's text in the page.
    response = Client(enforce_csrf_checks=True).post(url, data, HTTP_ORIGIN="https://evil.example")
    check(response, text, allowed=(403,))
    assert "Envoi refusé" in response.content.decode() and "pesé" not in response.content.decode()
    assert Comment.objects.count() == 1


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
