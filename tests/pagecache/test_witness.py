"""A publication moves the lists of its section and tags, and with them the counters of every
page whose related-articles block draws from those lists; most of those blocks stay as they
were. Such a page is checked by its witness (the related articles and neighbours it shows, one
query) and served again, "revalidated", instead of being drawn again (pagecache.store.revalidate);
a page whose block does change is drawn again as before."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from freezegun import freeze_time

from articles import related
from pagecache import dependencies
from articles.models import Section

from ..conftest import make_article, make_section
from .test_front_purge import front, nginx_purged, recorder  # noqa: F401 (fixtures)
from .test_purge_list import stored_earlier

pytestmark = pytest.mark.django_db


def fresh(url):
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return Client().get(url).content


@pytest.fixture
def bridges():
    """An article of « Ville » tagged « ponts », four older articles sharing its tag (its
    whole related block, RELATED_ARTICLES=4) and a newer one in its section (its « suivant »);
    another section, « Région »."""
    now = timezone.now()
    section = make_section("Ville")
    older = [make_article(f"Un pont ancien {n}", section=section, tags=["ponts"],
                          published_at=now - timedelta(days=2, hours=n)) for n in range(4)]
    article = make_article("Les ponts de la Loire", section=section, tags=["ponts"],
                           published_at=now - timedelta(days=1))
    following = make_article("Le marché du samedi", section=section,
                             published_at=now - timedelta(hours=1))
    make_section("Région")  # (a new section changes the menu of every page)
    return section, article, following, older


def read(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response


@override_settings(RELATED_ARTICLES=4)
def test_a_publication_that_leaves_a_block_as_it_was_redraws_nothing_there(bridges):
    section, article, following, _older = bridges
    url, following_url = article.get_absolute_url(), following.get_absolute_url()
    assert read(url)["X-Page-Cache"] == "miss"
    before = read(url)
    assert before["X-Page-Cache"] == "hit"
    read(following_url)

    # In the article's section, untagged: ranked after its four tagged companions, and newer
    # than its « suivant ». Its section's list moved, its block did not.
    make_article("La rentrée des classes", section=section)
    after = read(url)
    assert after["X-Page-Cache"] == "revalidated"
    assert after.content == before.content == fresh(url)
    assert "La rentrée des classes" not in after.content.decode()
    assert read(url)["X-Page-Cache"] == "hit"

    # The newer article's « suivant » is the new one: its page is drawn again.
    redrawn = read(following_url)
    assert redrawn["X-Page-Cache"] == "miss"
    assert "La rentrée des classes" in redrawn.content.decode()
    assert redrawn.content == fresh(following_url)


@override_settings(RELATED_ARTICLES=4)
def test_a_publication_that_enters_a_block_redraws_the_page(bridges):
    _section, article, _following, _older = bridges
    url = article.get_absolute_url()
    read(url)
    # Elsewhere, but sharing its tag and newer than its companions: first of its block.
    make_article("Le nouveau pont de Tours", section=Section.objects.get(name="Région"), tags=["ponts"])
    after = read(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Le nouveau pont de Tours" in after.content.decode()
    assert after.content == fresh(url)


@override_settings(RELATED_ARTICLES=4)
def test_an_article_scheduled_for_later_enters_the_block_on_time(bridges):
    _section, article, _following, _older = bridges
    url = article.get_absolute_url()
    read(url)
    in_an_hour = timezone.now() + timedelta(hours=1)
    make_article("Le pont de demain", section=Section.objects.get(name="Région"), tags=["ponts"],
                 published_at=in_an_hour)
    # Not live yet: the block is as it was...
    now = read(url)
    assert now["X-Page-Cache"] == "revalidated"
    assert "Le pont de demain" not in now.content.decode()
    # ...until its time comes.
    with freeze_time(in_an_hour + timedelta(minutes=1)):
        later = read(url)
        assert "Le pont de demain" in later.content.decode()
        assert later["X-Page-Cache"] == "miss"


@override_settings(RELATED_ARTICLES=4)
def test_an_edit_of_a_related_article_still_redraws_the_page(bridges):
    _section, article, _following, older = bridges
    url = article.get_absolute_url()
    read(url)
    older[0].title = "Un pont ancien, restauré"
    older[0].save()
    after = read(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Un pont ancien, restauré" in after.content.decode()


@override_settings(RELATED_ARTICLES=4)
def test_a_revalidated_page_is_purged_in_front_at_the_next_change(bridges, front):
    section, article, _following, _older = bridges
    url = article.get_absolute_url()
    read(url)
    stored_earlier()
    make_article("La rentrée des classes", section=section)
    assert url in nginx_purged(front)
    assert read(url)["X-Page-Cache"] == "revalidated"
    stored_earlier()
    front.clear()
    make_article("Les vendanges", section=section)
    assert url in nginx_purged(front)


@override_settings(RELATED_ARTICLES=4, PAGE_CACHE_SECONDS=0)
def test_without_the_page_cache_the_block_is_checked_and_not_drawn_again(bridges, monkeypatch):
    section, article, _following, _older = bridges
    url = article.get_absolute_url()
    drawn = []
    draw = related.related_articles
    monkeypatch.setattr(related, "related_articles",
                        lambda *args, **kwargs: drawn.append(url) or draw(*args, **kwargs))
    first = read(url)
    assert drawn == [url]

    drawn.clear()
    make_article("La rentrée des classes", section=section)  # leaves the block as it was
    after = read(url)
    assert drawn == []
    assert after.content == first.content == fresh(url)

    drawn.clear()
    make_article("Le nouveau pont de Tours", section=Section.objects.get(name="Région"),
                 tags=["ponts"])  # enters it
    again = read(url)
    assert drawn == [url]
    assert "Le nouveau pont de Tours" in again.content.decode()
    assert again.content == fresh(url)


def test_a_list_also_shown_without_the_witness_is_not_covered_by_it():
    """Another part of the page showing the section's list itself (a box of its latest
    articles): the witness of the related block no longer vouches for that list."""
    covers = ["section-articles:1", "tag-articles:2"]
    with dependencies.page_scope(None) as page:
        with dependencies.scope():
            dependencies.witness("related", (7,), ((3, 4), None, 5), covers)
        dependencies.depends_on("section-articles:1")
    assert page.stored_witnesses() == (
        ("related", (7,), ((3, 4), None, 5), frozenset({"tag-articles:2"})),)

    with dependencies.page_scope(None) as alone:
        dependencies.witness("related", (7,), ((3, 4), None, 5), covers)
    assert alone.stored_witnesses() == (("related", (7,), ((3, 4), None, 5), frozenset(covers)),)
    assert alone.all_keys() == set(covers)


@override_settings(RELATED_ARTICLES=4)
def test_a_comment_on_a_related_article_leaves_the_page_as_it_was(bridges):
    """Related cards show no comment count: an approved comment there changes nothing on the
    page, which stays a hit. A list that shows the count draws its card again."""
    from comments.models import Comment

    section, article, _following, older = bridges
    url = article.get_absolute_url()
    read(url)
    before = read(url)
    assert before["X-Page-Cache"] == "hit"
    assert older[0].title in before.content.decode()
    read(section.get_absolute_url())

    Comment.objects.create(article=older[0], name="Lou", email="lou@example.org",
                           body="Un avis sur le pont.", status=Comment.Status.APPROVED)
    after = read(url)
    assert after["X-Page-Cache"] == "hit"
    assert after.content == fresh(url)
    listed = read(section.get_absolute_url())
    assert listed["X-Page-Cache"] == "miss"
    assert "1 avis" in listed.content.decode()
    assert listed.content == fresh(section.get_absolute_url())


@override_settings(RELATED_ARTICLES=1)
def test_a_deleted_tag_no_longer_chooses_the_related_article():
    """A tag deleted takes its lists with it (taggit's cascade sends no m2m_changed): an article
    whose related block it filled gets the block it now has."""
    from articles.models import Tag

    now = timezone.now()
    city, region = make_section("Ville"), make_section("Région")
    make_article("Le pont sur la Loire", section=region, tags=["ponts"],
                 published_at=now - timedelta(days=3))
    make_article("La place du marché", section=city, published_at=now - timedelta(days=2))
    article = make_article("Les ponts de Nantes", section=city, tags=["ponts"],
                           published_at=now - timedelta(days=1))
    url = article.get_absolute_url()
    read(url)
    assert "Le pont sur la Loire" in read(url).content.decode().split("À lire aussi")[-1]

    Tag.objects.get(name="ponts").delete()
    after = read(url)
    assert "Le pont sur la Loire" not in after.content.decode().split("À lire aussi")[-1]
    assert after.content == fresh(url)


@override_settings(RELATED_ARTICLES=4)
def test_checking_a_block_takes_no_write_lock_on_a_single_database(bridges):
    """With no replica, a witness reads where everything else does, outside any transaction:
    on SQLite an atomic block would take the write lock (BEGIN IMMEDIATE), and readers would
    queue behind an editor's publication."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section, article, _following, _older = bridges
    url = article.get_absolute_url()
    read(url)
    make_article("La rentrée des classes", section=section)
    with CaptureQueriesContext(connection) as queries:
        assert read(url)["X-Page-Cache"] == "revalidated"
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("BEGIN", "SAVEPOINT"))]
