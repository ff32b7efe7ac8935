"""The page cache (pagecache/): the same bytes for every anonymous reader, served without a
query, and never a page the database would not give now."""

import gzip
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.signals import request_started
from django.test import Client, override_settings
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article
from pagecache.purge import pages_purged
from pagecache.store import fragments, pages
from comments.models import Comment
from ratings.models import Rating

from ..comments_support import add_comment, post
from ..conftest import make_article, make_author, make_section, reader_client

pytestmark = pytest.mark.django_db


def get(url, client=None, **extra):
    response = (client or Client()).get(url, **extra)
    return response


# -- One page for every anonymous reader ----------------------------------------------------


def test_every_anonymous_reader_gets_the_same_bytes_and_no_cookie():
    article = make_article("Un article pour tous", tags=["jardins"])
    add_comment(article, body="Un avis déjà là.")
    first = get(article.get_absolute_url())
    second = get(article.get_absolute_url())
    third = get(article.get_absolute_url(), client=reader_client())  # a reader who voted before
    third_client_cookie = Client()
    third_client_cookie.cookies["lecteur"] = "un-cookie-signe-ou-pas"
    fourth = get(article.get_absolute_url(), client=third_client_cookie)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first.content == second.content == third.content == fourth.content
    for response in (first, second, third, fourth):
        assert not response.cookies
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=300")
        assert response["Vary"] == "Accept-Encoding"  # no Cookie, no Accept-Language
    page = first.content.decode()
    assert "csrfmiddlewaretoken" not in page and 'name="jeton" value=""' in page


@pytest.mark.parametrize("url", ["/", "/rubrique/{section}/", "/mot-cle/{tag}/", "/auteurs/{author}/",
                                 "/les-mieux-notes/", "/recherche/?q=jardins", "/flux/rss/",
                                 "/sitemap.xml", "/auteurs/{author}/contact/", "/avis/effacer/",
                                 "/confidentialite/", "/en/", "/en/articles/{article}/"])
def test_every_reader_page_is_public_and_sets_no_cookie(url):
    author = make_author("Ana Lys", email="ana@example.org")
    article = make_article("Jardins partagés", authors=[author], tags=["jardins"])
    url = url.format(section=article.section.slug, tag=article.tags.first().slug,
                     author=author.slug, article=article.slug)
    for _ in range(2):
        response = get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert response["Cache-Control"].startswith("public, max-age=0, s-maxage="), url
        assert "Cookie" not in response.get("Vary", "") and "Accept-Language" not in response.get("Vary", "")
    assert response["X-Page-Cache"] == "hit", url


def test_a_hit_reads_nothing_from_the_database(django_assert_num_queries):
    article = make_article()
    get(article.get_absolute_url())
    with django_assert_num_queries(0):
        assert get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_staff_get_fresh_private_pages():
    from django.contrib.auth.models import User

    article = make_article()
    get(article.get_absolute_url())
    staff = Client()
    staff.force_login(User.objects.create_superuser("chef", "chef@example.org"))
    response = staff.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_conditional_get_head_and_gzip():
    article = make_article()
    url = article.get_absolute_url()
    first = get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert get(url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    head = Client().head(url)
    assert head.status_code == 200 and head.content == b"" and head["X-Page-Cache"] == "hit"
    zipped = get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and zipped["ETag"] == "W/" + etag
    assert gzip.decompress(zipped.content) == first.content
    assert get(url, HTTP_IF_NONE_MATCH=zipped["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


# -- Text anyone can type -----------------------------------------------------------------------


MARKERS = ["__csrf_token_placeholder__", "__form_token_placeholder__"]


def test_placeholders_typed_in_a_search_are_just_text():
    """Three times, gzipped: the audit saw 200, 500, 500 (a stored page split at its markers)."""
    make_article("Un article")
    for marker in MARKERS:
        for _ in range(3):
            response = get("/recherche/", data={"q": marker}, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200
            assert marker in gzip.decompress(response.content).decode()


def test_placeholders_in_comments_and_alt_texts_are_served_as_written(settings):
    """Comments closing (after 60 days) or an alt text with a marker made pages 500; a link
    holding one got each reader's CSRF secret spliced in."""
    article = make_article("Avec des marqueurs", cover_alt=f"Une photo {MARKERS[1]}",
                           published_at=timezone.now() - timedelta(days=90))  # comments closed
    link = f"https://other.example/ref?c={MARKERS[0]}"
    add_comment(article, body=f"Voyez {link} et {MARKERS[1]}.")
    for url in (article.get_absolute_url(), "/", article.section.get_absolute_url()):
        pages = [get(url, HTTP_ACCEPT_ENCODING="gzip") for _ in range(3)]
        assert all(p.status_code == 200 for p in pages), url
        bodies = {gzip.decompress(p.content) for p in pages}
        assert len(bodies) == 1, url  # the same bytes each time: nothing spliced in
    page = get(article.get_absolute_url()).content.decode()
    assert link in page and f"{MARKERS[1]}." in page


# -- Query strings ------------------------------------------------------------------------------


def test_parameters_a_page_does_not_read_do_not_make_another_copy():
    article = make_article()
    url = article.get_absolute_url()
    get(url)
    for query in ("utm_source=lettre", "x=1&y=2", "q=__form_token_placeholder__", "random=8841"):
        response = get(f"{url}?{query}")
        assert response["X-Page-Cache"] == "hit", query


def test_parameters_a_page_reads_make_their_own_copy():
    section = make_section("Culture")
    for i in range(3):
        make_article(f"Culture {i}", section=section)
    with override_settings(ARTICLES_PER_PAGE=2):
        page_1 = get("/rubrique/culture/")
        page_2 = get("/rubrique/culture/?page=2")
        assert page_1.content != page_2.content
        assert get("/rubrique/culture/?page=2&utm=x")["X-Page-Cache"] == "hit"
        assert get("/rubrique/culture/?page=2").content == page_2.content
    assert '<html lang="en">' in get("/en/rubrique/culture/").content.decode()


def test_errors_are_not_stored():
    get("/articles/nope/")
    response = get("/articles/nope/")
    assert response.status_code == 404 and "X-Page-Cache" not in response


# -- What a change redraws ------------------------------------------------------------------------


def test_publishing_editing_and_unpublishing_show_at_once():
    section = make_section("Ville")
    make_article("Premier", section=section)
    assert "Deuxième" not in get("/").content.decode()
    second = make_article("Deuxième", section=section)
    assert "Deuxième" in get("/").content.decode()
    second.title = "Deuxième, corrigé"
    second.save()
    assert "Deuxième, corrigé" in get(second.get_absolute_url()).content.decode()
    assert "Deuxième, corrigé" in get("/").content.decode()
    second.status = Article.Status.ARCHIVED
    second.save()
    assert "Deuxième" not in get("/").content.decode()
    assert get(second.get_absolute_url()).status_code == 410  # withdrawn: gone (redirects)


def test_an_edit_redraws_only_what_shows_it():
    ville, sport = make_section("Ville"), make_section("Sport")
    edited = make_article("Un article de la ville", section=ville)
    elsewhere = make_article("Un article de sport", section=sport)
    urls = [edited.get_absolute_url(), elsewhere.get_absolute_url(), "/", ville.get_absolute_url(),
            sport.get_absolute_url()]
    for url in urls:
        get(url)
    edited.title = "Un article de la ville, corrigé"
    edited.save()
    status = {url: get(url)["X-Page-Cache"] for url in urls}
    assert status == {
        edited.get_absolute_url(): "miss", "/": "miss", ville.get_absolute_url(): "miss",
        elsewhere.get_absolute_url(): "hit", sport.get_absolute_url(): "hit",
    }


def test_a_vote_redraws_its_stars_not_its_text_nor_other_articles(django_assert_max_num_queries):
    voted, other = make_article("Noté"), make_article("Autre")
    add_comment(voted, body="Un avis déjà là.")
    for url in (voted.get_absolute_url(), other.get_absolute_url()):
        get(url)
    Rating.objects.vote(voted, "lecteur-1", "empreinte", 5)
    assert get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    # The article's page again: the article row and the stars; its text, byline, comments
    # and related articles come from their fragments.
    with django_assert_max_num_queries(2):
        response = get(voted.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and "5,0/5 (1 vote)" in response.content.decode()


def test_a_page_another_process_drew_again_is_taken_from_the_shared_cache(
        django_assert_num_queries):
    article = make_article("Un titre")
    get(article.get_absolute_url())
    old_copies = dict(pages.copies)
    article.title = "Un nouveau titre"
    article.save()
    assert get(article.get_absolute_url())["X-Page-Cache"] == "miss"  # drawn again, stored
    # This process still holds the old page, as a process that did not draw it again does.
    pages.copies.clear()
    pages.copies.update(old_copies)
    with django_assert_num_queries(0):
        response = get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit" and "Un nouveau titre" in response.content.decode()


def test_fragments_another_process_drew_again_are_taken_from_the_shared_cache(
        django_assert_max_num_queries):
    voted = make_article("Un titre")
    add_comment(voted, body="Un avis déjà là.")
    get(voted.get_absolute_url())
    old_copies = dict(fragments.copies)
    voted.title = "Un nouveau titre"
    voted.save()
    get(voted.get_absolute_url())  # its text, byline and related articles drawn again, stored
    fragments.copies.clear()
    fragments.copies.update(old_copies)  # as a process that did not draw them again
    Rating.objects.vote(voted, "lecteur-1", "empreinte", 5)
    # As after any vote: the article row and the stars; the rest from the shared cache.
    with django_assert_max_num_queries(2):
        response = get(voted.get_absolute_url())
    page = response.content.decode()
    assert response["X-Page-Cache"] == "miss" and "Un nouveau titre" in page
    assert "5,0/5 (1 vote)" in page


def test_a_scheduled_article_appears_in_cached_lists_when_its_time_comes():
    go_live = timezone.now() + timedelta(hours=1)
    article = make_article("Programmé", published_at=go_live)
    make_article("Déjà là")
    assert "Programmé" not in get("/").content.decode()
    assert get("/")["X-Page-Cache"] == "hit"
    with freeze_time(go_live + timedelta(seconds=1)):
        assert "Programmé" in get("/").content.decode()
        assert get(article.get_absolute_url()).status_code == 200


def test_comments_close_by_themselves_on_cached_pages(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 60
    article = make_article(published_at=timezone.now() - timedelta(days=59, hours=23))
    assert "Publiez votre avis" in get(article.get_absolute_url()).content.decode()
    assert get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    with freeze_time(timezone.now() + timedelta(hours=2)):
        page = get(article.get_absolute_url()).content.decode()
        assert "Les avis sont fermés pour cet article." in page and "Publiez votre avis" not in page


def test_the_news_sitemap_lets_articles_go_after_48_hours():
    make_article("Tout chaud", published_at=timezone.now() - timedelta(hours=47))
    make_article("Plus récent", published_at=timezone.now() - timedelta(hours=1))
    assert "Tout chaud" in get("/sitemap-actualites.xml").content.decode()
    with freeze_time(timezone.now() + timedelta(hours=2)):
        page = get("/sitemap-actualites.xml").content.decode()
        assert "Tout chaud" not in page and "Plus récent" in page


def test_comment_decisions_redraw_the_thread():
    article = make_article()
    comment = add_comment(article, status=Comment.Status.PENDING, body="À relire.")
    assert "À relire." not in get(article.get_absolute_url()).content.decode()
    from comments.moderation import set_status

    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert "À relire." in get(article.get_absolute_url()).content.decode()
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.REMOVED)
    assert "À relire." not in get(article.get_absolute_url()).content.decode()


# -- Purges of caches in front ------------------------------------------------------------------


def test_a_change_names_the_addresses_to_purge(commits, settings):
    settings.PAGE_CACHE_PURGE = True
    section = make_section("Ville")
    edited = make_article("À purger", section=section)
    other = make_article("Pas touché", section=make_section("Sport"))
    edited_url, section_url, other_url = (edited.get_absolute_url(), section.get_absolute_url(),
                                          other.get_absolute_url())
    for url in (edited_url, "/", section_url, f"{section_url}?page=1", other_url, "/en/",
                f"/en{edited_url}"):
        get(url)
    purged = []
    pages_purged.connect(receiver := lambda sender, keys, urls, **kw: purged.extend(urls))
    try:
        edited.title = "À purger, corrigé"
        edited.save()
    finally:
        pages_purged.disconnect(receiver)
    assert f"http://testserver{edited_url}" in purged
    assert f"http://testserver/en{edited_url}" in purged
    assert "http://testserver/" in purged and "http://testserver/en/" in purged
    assert f"http://testserver{section_url}" in purged
    assert f"http://testserver{section_url}?page=1" in purged
    assert f"http://testserver{other_url}" not in purged


# -- The front door -----------------------------------------------------------------------------


@pytest.fixture
def front():
    """magazine.wsgi's application: the page cache's front door before Django's handler."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished
    from django.db import close_old_connections

    from pagecache.wsgi import FrontDoor

    app = FrontDoor(WSGIHandler())
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(path, **environ):
        captured = {}

        def start_response(status, headers):
            captured["status"], captured["headers"] = status, headers

        body = app({"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
                    "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SCRIPT_NAME": "",
                    "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
                    "wsgi.input": BytesIO(b""), **environ}, start_response)
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        headers = {}
        for name, value in captured["headers"]:
            headers.setdefault(name.lower(), []).append(value)
        return captured["status"], headers, content

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_front_door_answers_hits_before_django(front):
    article = make_article("Servi par la porte d'entrée")
    assert front(article.get_absolute_url())[1]["x-page-cache"] == ["miss"]
    started = []
    request_started.connect(receiver := lambda **kwargs: started.append(kwargs))
    try:
        status, headers, page = front(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    finally:
        request_started.disconnect(receiver)
    assert status == "200 OK" and headers["x-page-cache"] == ["hit"] and started == []
    assert headers["content-security-policy"] and headers["x-frame-options"] == ["DENY"]
    assert headers["content-length"] == [str(len(page))] and "set-cookie" not in headers
    assert "Servi par la porte" in gzip.decompress(page).decode()
    assert front(article.get_absolute_url(), HTTP_IF_NONE_MATCH=headers["etag"][0],
                 HTTP_ACCEPT_ENCODING="gzip")[0].startswith("304")


def test_front_door_never_serves_an_invalidated_copy(front):
    article = make_article("Version une")
    front(article.get_absolute_url())
    assert front(article.get_absolute_url())[1]["x-page-cache"] == ["hit"]
    article.title = "Version deux"
    article.save()
    status, headers, page = front(article.get_absolute_url())
    assert headers["x-page-cache"] == ["miss"] and "Version deux" in page.decode()
    Rating.objects.vote(article, "lecteur", "empreinte", 3)
    assert front(article.get_absolute_url())[1]["x-page-cache"] == ["miss"]


def test_front_door_lets_staff_and_posts_through(front):
    article = make_article()
    front(article.get_absolute_url())
    assert "x-page-cache" not in front(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")[1]
    assert front(article.get_absolute_url(), HTTP_COOKIE="lecteur=x")[1]["x-page-cache"] == ["hit"]
    status, headers, _page = front(article.get_absolute_url(), REQUEST_METHOD="POST")
    assert status[:3] in ("403", "405") and "x-page-cache" not in headers


def test_hosts_outside_allowed_hosts_are_refused_not_served(front):
    article = make_article()
    front(article.get_absolute_url())
    status, _headers, _page = front(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert status.startswith("400")


# -- Readers' own state -------------------------------------------------------------------------


def test_the_page_after_a_vote_or_a_comment_is_for_that_reader_only(client):
    article = make_article()
    get(article.get_absolute_url())
    response = post(client, article, body="Mon avis à moi.")
    own = client.get(response["Location"])
    assert "Mon avis à moi." in own.content.decode()
    assert "no-store" in own["Cache-Control"] and "X-Page-Cache" not in own
    # Nobody else gets it, even from that exact address (the parameter is bound to the
    # poster's reader cookie): the shared page.
    other = Client().get(response["Location"])
    assert "Mon avis à moi." not in other.content.decode()
    assert other["Cache-Control"].startswith("public")
    assert "Mon avis à moi." not in get(article.get_absolute_url()).content.decode()
    # A forged or expired signed parameter is just ignored: the shared page.
    forged = get(f"{article.get_absolute_url()}?merci=faux")
    assert forged.status_code == 200 and forged["Cache-Control"].startswith("public")
