"""Query budgets: reader pages read the database a constant number of times, whatever the
number of comments, tags, authors or articles on the page (no N+1 query).

The page cache is off here, so every request is a real render.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Tag
from comments.models import Comment
from ratings.models import Rating, RatingSummary

from ..conftest import clear_caches as clear_cache
from ..conftest import COUNTER_READS, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# The article, the menu, the tags, the related articles, the bylines, the comments, the footer's
# pages (a fragment of every page since the pages app: cached like the others).
ARTICLE_BUDGET = 7
# A list: its subject (or the menu's sections), its page with the list's length, the bylines;
# an author's page: her page's ids with her list's length, then their cards (her articles are
# walked once); the home page: the menu's sections, its articles, their bylines, the best rated.
LIST_BUDGET = 4
# Just after a change, the menu drawn again reads the sections (the home and section pages read
# them anyway).
MENU_READ = 1


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def add_comments(article, count):
    now = timezone.now()
    Comment.objects.bulk_create([
        Comment(article=article, name=f"Lectrice {i}", email=f"l{i}@example.org",
                body=f"Avis numéro {i}.", body_html=f"<p>Avis numéro {i}.</p>",
                fingerprint=f"fp{i}", status=Comment.Status.APPROVED,
                created_at=now - timedelta(minutes=count - i))
        for i in range(count)
    ])


def add_votes(article, count):
    Rating.objects.bulk_create([
        Rating(article=article, reader_id=f"r{i}", ip_hash=f"h{i}", score=1 + i % 5)
        for i in range(count)
    ])
    RatingSummary.objects.rebuild(article.pk)


def article_with(*, comments, tags, authors):
    article = make_article(
        authors=[make_author(long_bio="Longue bio.") for _ in range(authors)],
        tags=[f"Mot-clé {i}" for i in range(tags)],
    )
    add_comments(article, comments)
    add_votes(article, 7)
    return article


def forget_fragments():
    """Empty the stores of fragments and pages, not the page-cache counters this process has
    already read (after a change, a render reads the ones it lacks: COUNTER_READS)."""
    clear_cache(keep_counters=True)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(
    "small, large",
    [
        ({"comments": 5, "tags": 1, "authors": 1}, {"comments": 200, "tags": 1, "authors": 1}),
        ({"comments": 5, "tags": 1, "authors": 1}, {"comments": 5, "tags": 20, "authors": 1}),
        ({"comments": 5, "tags": 1, "authors": 1}, {"comments": 5, "tags": 1, "authors": 4}),
    ],
    ids=["5-vs-200-comments", "1-vs-20-tags", "1-vs-4-authors"],
)
def test_article_page_reads_the_same_few_queries_whatever_its_size(client, small, large,
                                                                    django_assert_max_num_queries):
    few = article_with(**small)
    many = article_with(**large)
    # Warm-up: the first request of a process loads one-off things (site settings, the
    # page-cache counters of what it shows).
    client.get(few.get_absolute_url())
    client.get(many.get_absolute_url())

    # Cold renders: no cached fragment spares either page a query.
    forget_fragments()
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        n_few, response_few = queries_for(client, few.get_absolute_url())
    forget_fragments()
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        n_many, response_many = queries_for(client, many.get_absolute_url())
    assert n_few == n_many
    page = response_many.content.decode()
    # What the counts cover is on the page.
    if large["comments"] == 200:
        assert page.count('class="comment"') + page.count('class="comment ') >= 50
        assert "Avis numéro 0." in page
    if large["tags"] == 20:
        assert "Mot-clé 19" in page
    if large["authors"] == 4:
        for author in many.ordered_authors:
            assert author.name in page


def test_article_page_with_its_fragments_cached_reads_only_the_article(client):
    article = article_with(comments=20, tags=5, authors=2)
    cold = client.get(article.get_absolute_url()).content.decode()
    n_warm, warm = queries_for(client, article.get_absolute_url())
    assert n_warm == 1  # the article and its rating summary; every other part is cached
    token = re.compile(r'name="(?:csrfmiddlewaretoken|jeton)" value="[^"]+"')
    assert token.sub("", warm.content.decode()) == token.sub("", cold)


def make_articles(count, section, author, tag):
    articles = []
    for i in range(count):
        article = make_article(f"Article de liste {i}", section=section, authors=[author],
                               tags=[tag], published_at=timezone.now() - timedelta(hours=i + 1))
        add_comments(article, 2)
        articles.append(article)
    return articles


@pytest.fixture
def list_subjects():
    section = make_section("Ville")
    author = make_author("Camille Martin")
    tag = Tag.for_name("Urbanisme")
    return section, author, tag


def list_urls(section, author, tag):
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["home", "section", "tag", "author"])
def test_list_pages_read_the_same_few_queries_whatever_the_page_size(
        client, settings, list_subjects, page, django_assert_max_num_queries):
    section, author, tag = list_subjects
    settings.ARTICLES_PER_PAGE = 30
    url = list_urls(section, author, tag)[page]

    make_articles(3, section, author, tag)
    client.get(url)  # warm-up
    with django_assert_max_num_queries(LIST_BUDGET):
        n_few, _ = queries_for(client, url)

    make_articles(27, section, make_author("Deuxième plume"), tag)
    # Other authors and sections too, so the home page fills every block.
    for _ in range(3):
        other = make_section()
        make_articles(10, other, author, tag)
    # Just after the change: the counters of what changed and of the new cards, read once.
    with django_assert_max_num_queries(LIST_BUDGET + MENU_READ + COUNTER_READS):
        queries_for(client, url)
    with django_assert_max_num_queries(LIST_BUDGET):
        n_many, response = queries_for(client, url)
    assert n_few == n_many
    cards = response.content.decode().count('<article class="card')
    # Section: 30 of its own; tag: a full page of 30 out of 60; author: 3 + 30; home: the
    # latest seven and four per section (four sections).
    assert cards == {"home": 7 + 4 * 4, "section": 30, "tag": 30, "author": 30}[page]


@pytest.mark.parametrize("page", ["section", "tag", "author"])
def test_lists_stop_after_max_list_pages(client, settings, list_subjects, page):
    """However many articles a list has, it ends at MAX_LIST_PAGES pages: the last one is
    served, the next is a 404 (never a deep, slow OFFSET, never a 500)."""
    section, author, tag = list_subjects
    settings.ARTICLES_PER_PAGE = 2
    settings.MAX_LIST_PAGES = 3
    make_articles(9, section, author, tag)
    url = list_urls(section, author, tag)[page]
    last = client.get(url, {"page": 3})
    assert last.status_code == 200
    assert "Page 3 sur 3" in last.content.decode()
    assert last.content.decode().count('<article class="card') == 2
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": 999999999999}).status_code == 404
    assert client.get(url, {"page": "dernier"}).status_code == 404
