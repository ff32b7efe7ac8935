"""A newsroom change draws again, before it commits, the pages it makes stale that readers were
reading (pagecache.prerender): the first reader after the commit gets the new page from the
cache instead of drawing it. A change that rolls back leaves nothing it drew in any cache, and
a page that cannot be drawn never stops the change."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from articles import workflow
from articles.models import Article
from articles.views import ArticleDetailView
from pagecache import prerender, store
from pagecache.generations import counters
from pagecache.models import Generation

from ..conftest import make_article, make_section
from ..newsroom_helpers import change_url, form_data, make_editor

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
NEW_TITLE = "Des tomates sur le balcon"


def read(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response


def fresh(url):
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return Client().get(url).content


def shown(response, text=NEW_TITLE):
    return text in response.content.decode()


@pytest.fixture
def garden():
    """An article of « Jardins » tagged « potagers », and an article in review sharing its
    section and tag: once published, the newest of the section, first of the older one's
    related articles, and on the home page."""
    section = make_section("Jardins")
    older = make_article("Un potager sur le toit", section=section, tags=["potagers"],
                         published_at=timezone.now() - timedelta(days=2))
    draft = make_article(NEW_TITLE, section=section, tags=["potagers"],
                         status=Article.Status.REVIEW)
    return older, draft


def text_of(entry):
    if isinstance(entry, store.Page):
        return entry.body.decode()
    if isinstance(entry, store.Fragment):
        return str(entry.html)
    return ""


def stored_and_read(*urls):
    for url in urls:
        read(url)
        assert read(url)["X-Page-Cache"] == "hit"


def test_a_publication_from_the_list_leaves_the_pages_it_changes_stored(
        client, garden, django_capture_on_commit_callbacks):
    older, draft = garden
    urls = ["/", older.get_absolute_url(), older.section.get_absolute_url()]
    stored_and_read(*urls)

    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "publish_selected",
                                            "_selected_action": [draft.pk]})
    assert response.status_code == 302
    assert Article.objects.published().filter(pk=draft.pk).exists()

    for url in urls:
        after = read(url)
        assert after["X-Page-Cache"] == "hit", url
        assert shown(after), url
        assert after.content == fresh(url), url


def test_a_correction_saved_in_the_form_leaves_the_article_page_stored(
        client, garden, django_capture_on_commit_callbacks):
    older, _draft = garden
    url = older.get_absolute_url()
    stored_and_read(url)

    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(older), form_data(older, title="Un potager sur les toits"))
    assert response.status_code == 302

    after = read(url)
    assert after["X-Page-Cache"] == "hit"
    assert shown(after, "Un potager sur les toits")
    assert after.content == fresh(url)


def test_without_a_commit_nothing_drawn_is_stored(garden, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    older, draft = garden
    stored_and_read("/", older.get_absolute_url())
    written = []

    class Recording:
        """The shared cache, noting every page and fragment written to it."""

        def __getattr__(self, name):
            return getattr(store_cache, name)

        def set_many(self, entries, *args, **kwargs):
            written.extend(entries.values())
            return store_cache.set_many(entries, *args, **kwargs)

    store_cache = store.cache
    monkeypatch.setattr(store, "cache", Recording())

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            workflow.perform(make_editor(), draft.pk, "publish")
            raise Abandoned

    assert not any(NEW_TITLE in text_of(entry) for entry in written)
    assert not any(NEW_TITLE.encode() in entry.body for _key, entry in store.pages.recent())
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    # The counters the pages were drawn under were never committed: this process does not
    # hold them either (a page drawn now and stored under them would match a later change).
    counters.snapshot()
    in_database = Generation.objects.filter(key="latest-articles").values_list("value", flat=True)
    assert counters.get(["latest-articles"])["latest-articles"] == (in_database.first() or 0)
    assert not shown(read("/"))


def test_a_page_that_cannot_be_drawn_is_left_to_its_next_reader(garden, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    older, draft = garden
    url = older.get_absolute_url()
    stored_and_read("/", url)

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("panne pendant le dessin")

    monkeypatch.setattr(ArticleDetailView, "get", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(make_editor(), draft.pk, "publish")
    monkeypatch.undo()

    assert Article.objects.published().filter(pk=draft.pk).exists()
    home = read("/")
    assert home["X-Page-Cache"] == "hit" and shown(home)
    article_page = read(url)
    assert article_page["X-Page-Cache"] == "miss"
    assert shown(article_page) and article_page.content == fresh(url)


def test_the_change_keeps_its_own_language(garden, django_capture_on_commit_callbacks):
    _older, draft = garden
    stored_and_read("/en/", "/")
    with translation.override("fr"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.perform(make_editor(), draft.pk, "publish")
        assert translation.get_language() == "fr"
    english = read("/en/")
    assert english["X-Page-Cache"] == "hit"
    assert english.content == fresh("/en/")
    assert 'lang="en"' in english.content.decode()


def test_only_the_most_recently_read_pages_within_the_budget(settings, garden,
                                                             django_capture_on_commit_callbacks):
    older, draft = garden
    settings.PAGE_CACHE_REDRAW_PAGES = 1
    stored_and_read(older.get_absolute_url(), "/")  # the home page read last
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(make_editor(), draft.pk, "publish")
    assert read("/")["X-Page-Cache"] == "hit"
    assert read(older.get_absolute_url())["X-Page-Cache"] == "miss"

    settings.PAGE_CACHE_REDRAW_PAGES = 0  # off: every stale page is drawn by its next reader
    stored_and_read("/")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(make_editor(), draft.pk, "archive")
    home = read("/")
    assert home["X-Page-Cache"] == "miss" and not shown(home)


def test_a_bulk_publication_draws_the_pages_once_at_the_end(client, garden, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    older, draft = garden
    other = make_article("Des salades sur le toit", section=older.section, tags=["potagers"],
                         status=Article.Status.REVIEW)
    stored_and_read("/")
    redraws = []
    real_redraw = prerender.redraw
    monkeypatch.setattr(prerender, "redraw", lambda keys: redraws.append(keys) or real_redraw(keys))

    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "publish_selected",
                                 "_selected_action": [draft.pk, other.pk]})

    assert len(redraws) == 1
    home = read("/")
    assert home["X-Page-Cache"] == "hit"
    assert shown(home) and shown(home, "Des salades sur le toit")
    assert home.content == fresh("/")
