"""Editors see every rated article's numbers and can reset them (confirmed, logged);
journalists can look but not reset."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse_lazy

from articles.models import Article
from ratings.models import Rating, RatingSummary

from ..conftest import counter_moves, make_article, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse_lazy("admin:ratings_ratingsummary_changelist")  # ADMIN_PATH may move it


def staff(username, group):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff("chef", "Rédacteur en chef"))
    return client


@pytest.fixture
def journalist_client(client):
    client.force_login(staff("plume", "Journaliste"))
    return client


def rate(article, *scores):
    for n, score in enumerate(scores):
        Rating.objects.vote(article, f"r{article.pk}-{n}", f"h{n}", score)


@pytest.fixture
def rated():
    popular, divisive = make_article("Article populaire"), make_article("Article qui divise")
    rate(popular, *([5] * 21 + [4] * 6 + [3] * 3))  # 4,6 over 30 votes
    rate(divisive, 5, 1)
    return popular, divisive


def test_editor_sees_count_average_and_distribution(editor_client, rated):
    popular, _divisive = rated
    page = text(editor_client.get(f"{CHANGELIST}"))
    assert "Article populaire" in page and "Article qui divise" in page
    assert "4,6" in page and "30" in page
    assert "5★ 70 % · 4★ 20 % · 3★ 10 % · 2★ 0 % · 1★ 0 %" in page

    detail = text(editor_client.get(f"{CHANGELIST}{popular.pk}/change/"))
    assert "5 étoiles sur 5" in detail and "70 %" in detail
    assert "Remettre les notes à zéro" in detail
    assert 'class="viewsitelink"' in detail  # "Voir sur le site": the public article


def test_changelist_sorts_by_average_and_by_count(editor_client, rated):
    many_low = make_article("Beaucoup de votes moyens")
    rate(many_low, *([2] * 40))
    # Columns (from 0): article, votes, moyenne.
    by_average = text(editor_client.get(f"{CHANGELIST}?o=-2"))
    assert (by_average.index("Article populaire") < by_average.index("Article qui divise")
            < by_average.index("Beaucoup de votes moyens"))
    by_count = text(editor_client.get(f"{CHANGELIST}?o=-1"))
    assert (by_count.index("Beaucoup de votes moyens") < by_count.index("Article populaire")
            < by_count.index("Article qui divise"))


def test_unrated_articles_are_not_listed(editor_client, rated):
    make_article("Jamais noté")
    assert "Jamais noté" not in text(editor_client.get(f"{CHANGELIST}"))


def test_editor_resets_an_article_after_confirming_and_it_is_logged(editor_client, rated):
    popular, divisive = rated
    url = f"{CHANGELIST}{popular.pk}/remise-a-zero/"
    confirmation = text(editor_client.get(url))
    assert "Toutes les notes des lecteurs de « Article populaire » (4,6/5 (30 votes))" in confirmation
    assert Rating.objects.filter(article=popular).count() == 30  # a GET changes nothing

    moved = counter_moves()
    response = editor_client.post(url, follow=True)
    assert "« Article populaire » : Notes remises à zéro : 30 votes supprimés." in text(response)
    assert not Rating.objects.filter(article=popular).exists()
    summary = RatingSummary.objects.get(pk=popular.pk)
    assert (summary.count, summary.total, summary.count_5) == (0, 0, 0)
    assert Rating.objects.filter(article=divisive).count() == 2  # others untouched
    assert moved() == {f"ratings:{popular.pk}": 1, "ranking": 1}  # its stars, the ranking

    entry = LogEntry.objects.get()
    assert entry.user.username == "chef" and entry.action_flag == CHANGE
    assert entry.content_type == ContentType.objects.get_for_model(Article)
    assert entry.object_id == str(popular.pk)
    assert "30 votes supprimés" in entry.get_change_message()

    # Readers can vote again from scratch.
    Rating.objects.vote(popular, "nouveau", "h", 4)
    assert RatingSummary.objects.get(pk=popular.pk).display().label == "4,0/5 (1 vote)"


def test_journalist_sees_ratings_but_cannot_reset(journalist_client, rated):
    popular, _divisive = rated
    assert journalist_client.get(f"{CHANGELIST}").status_code == 200
    assert "Remettre les notes à zéro" not in text(
        journalist_client.get(f"{CHANGELIST}{popular.pk}/change/"))
    url = f"{CHANGELIST}{popular.pk}/remise-a-zero/"
    assert journalist_client.get(url).status_code == 403
    assert journalist_client.post(url).status_code == 403
    assert Rating.objects.filter(article=popular).count() == 30
    assert not LogEntry.objects.exists()


def test_nobody_edits_or_deletes_the_counters_by_hand(admin_client, rated):
    popular, _divisive = rated
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.get(f"{CHANGELIST}{popular.pk}/delete/").status_code == 403
    response = admin_client.post(f"{CHANGELIST}{popular.pk}/change/", {"count": 1})
    assert response.status_code == 403
    assert RatingSummary.objects.get(pk=popular.pk).count == 30
