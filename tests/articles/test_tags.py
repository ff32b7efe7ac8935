"""Tags, done right for French: "Réseaux", "reseaux" and "RÉSEAUX" are one tag."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.db import transaction

from articles.models import Article, Tag, TaggedArticle

from ..conftest import make_article

pytestmark = pytest.mark.django_db


def test_tags_differing_by_accents_or_case_are_one_tag():
    first = make_article(tags=["Réseaux"])
    second = make_article(tags=["reseaux"])
    third = make_article()
    third.tags.add("RÉSEAUX", "  Réseaux ", "réseaux")
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert tag.name == "Réseaux" and tag.slug == "reseaux"
    for article in (first, second, third):
        assert list(article.tags.all()) == [tag]


def test_tags_that_only_look_alike_once_slugified_stay_apart():
    article = make_article(tags=["C++", "C#", "C"])
    assert sorted(article.tags.values_list("name", flat=True)) == ["C", "C#", "C++"]
    assert len(set(Tag.objects.values_list("slug", flat=True))) == 3


def test_set_and_remove_use_the_same_rule():
    article = make_article(tags=["Écologie", "Lyon"])
    article.tags.set(["ECOLOGIE", "lyon", "Vélo"])
    assert sorted(article.tags.values_list("name", flat=True)) == ["Lyon", "Vélo", "Écologie"]
    assert Tag.objects.count() == 3
    article.tags.remove(Tag.objects.get(slug="lyon"))
    assert article.tags.count() == 2


def test_admin_tag_field_reuses_the_existing_tag():
    """The admin's tag field (taggit's form field) goes through the same manager."""
    make_article(tags=["Réseaux"])
    article = make_article()

    class ArticleTagsForm(forms.ModelForm):
        class Meta:
            model = Article
            fields = ["tags"]

    form = ArticleTagsForm({"tags": "RÉSEAUX, reseaux, Nouveau mot"}, instance=article)
    assert form.is_valid(), form.errors
    form.save()
    assert sorted(article.tags.values_list("name", flat=True)) == ["Nouveau mot", "Réseaux"]
    assert Tag.objects.count() == 2


def test_creating_a_duplicate_tag_by_hand_gets_a_french_error_not_an_integrity_error():
    Tag.objects.create(name="Réseaux")

    class TagForm(forms.ModelForm):
        class Meta:
            model = Tag
            fields = ["name", "slug"]

    form = TagForm({"name": "RESEAUX", "slug": "autre"})
    assert not form.is_valid()
    assert "Ce mot-clé existe déjà\u00a0: «\u202fRéseaux\u202f»." in form.errors["name"]


def test_concurrent_creation_falls_back_to_the_existing_tag(monkeypatch):
    """A tag created between our lookup and our insert is reused, not duplicated."""
    existing = Tag.objects.create(name="Réseaux")
    real_filter = Tag.objects.filter
    calls = {"n": 0}

    def first_lookup_misses(*args, **kwargs):
        calls["n"] += 1
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if calls["n"] == 1 else queryset

    monkeypatch.setattr(Tag.objects, "filter", first_lookup_misses)
    with transaction.atomic():
        assert Tag.for_name("RÉSEAUX") == existing
    assert Tag.objects.count() == 1


def test_migration_merges_existing_duplicates_keeping_every_article_tagged():
    migration = importlib.import_module("articles.migrations.0006_discovery")
    survivor = Tag.objects.create(name="Réseaux")
    # Duplicates as they could exist before tag keys: inserted without the folding rule.
    duplicate = Tag.objects.bulk_create([Tag(name="RÉSEAUX", slug="reseaux-2", key="old-1")])[0]
    other = Tag.objects.bulk_create([Tag(name="réseaux", slug="reseaux-3", key="old-2")])[0]
    both, only_duplicate = make_article(), make_article()
    TaggedArticle.objects.create(content_object=both, tag=survivor)
    TaggedArticle.objects.create(content_object=both, tag=duplicate)
    TaggedArticle.objects.create(content_object=only_duplicate, tag=other)

    migration.merge_duplicate_tags(apps, schema_editor=None)

    assert list(Tag.objects.values_list("name", "key")) == [("Réseaux", "reseaux")]
    assert list(both.tags.all()) == [survivor]
    assert list(only_duplicate.tags.all()) == [survivor]


def test_tag_pages_list_published_articles_only(client):
    make_article("Visible", tags=["Réseaux"])
    make_article("Brouillon caché", status=Article.Status.DRAFT, tags=["réseaux"])
    html = client.get("/mot-cle/reseaux/").content.decode()
    assert "Visible" in html and "Brouillon caché" not in html
