"""core.model_loading.QuickFromDb: the instances it loads are the ones Django's from_db makes."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import models
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

from articles.models import CARD_FIELDS, Article, ArticleAuthor, Section, Tag
from authors.models import Author
from comments.models import Comment
from core.model_loading import QuickFromDb
from tests.conftest import make_article, make_author

pytestmark = pytest.mark.django_db

QUICK_MODELS = [model for model in apps.get_models() if issubclass(model, QuickFromDb)]


@contextmanager
def djangos_own_loading(*models):
    """Django's from_db for these models: a pre_init receiver makes QuickFromDb step aside."""

    def receiver(**kwargs):
        pass

    for model in models:
        pre_init.connect(receiver, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            pre_init.disconnect(receiver, sender=model)


def state(instance):
    values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    return type(instance), values, instance._state.adding, instance._state.db


def test_the_hot_models_load_quickly():
    assert {Article, ArticleAuthor, Section, Tag, Author, Comment} <= set(QUICK_MODELS)


@pytest.mark.parametrize("model", QUICK_MODELS, ids=lambda model: model.__name__)
def test_no_field_has_a_descriptor_that_quick_loading_would_bypass(model):
    """Putting a loaded value in __dict__ is what these descriptors do on a new instance; a
    field with another descriptor (or a model with its own __init__) needs Django's way."""
    assert model.__init__ is models.Model.__init__
    for field in model._meta.concrete_fields:
        descriptor = type(vars_lookup(model, field.attname))
        assert descriptor in (DeferredAttribute, ForeignKeyDeferredAttribute) or issubclass(
            descriptor, FileDescriptor), (field, descriptor)


def vars_lookup(model, name):
    for klass in model.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    raise AssertionError(f"{model.__name__}.{name} has no descriptor")


def test_instances_are_the_same_as_djangos_whole_deferred_and_with_related_rows():
    author = make_author("Léa Martin")
    article = make_article("Les toits", authors=[author, make_author()], tags=["jardin"])
    Comment.objects.create(article=article, name="Ana", email="ana@example.org",
                           body="Très bien.", status=Comment.Status.APPROVED)
    querysets = [
        lambda: Article.objects.filter(pk=article.pk),
        lambda: Article.objects.filter(pk=article.pk).only(*CARD_FIELDS),
        lambda: Article.objects.filter(pk=article.pk).defer("body", "body_html"),
        lambda: Article.objects.filter(pk=article.pk).select_related("section"),
        lambda: ArticleAuthor.objects.filter(article=article).select_related("author")
        .order_by("position"),
        lambda: Comment.objects.filter(article=article),
        lambda: Tag.objects.filter(name="jardin"),
    ]
    for queryset in querysets:
        quick = list(queryset())
        with djangos_own_loading(*QUICK_MODELS):
            djangos = list(queryset())
        assert quick and [state(i) for i in quick] == [state(i) for i in djangos]
        for one, other in zip(quick, djangos):
            assert one.get_deferred_fields() == other.get_deferred_fields()
            for name in ("section", "author"):
                if name in other._state.fields_cache:
                    assert state(one._state.fields_cache[name]) == state(
                        other._state.fields_cache[name])


def test_a_quickly_loaded_instance_behaves_as_any_other():
    article = make_article("Avant")
    loaded = Article.objects.only(*CARD_FIELDS).get(pk=article.pk)
    assert loaded._loaded_status == Article.Status.PUBLISHED  # Article.from_db's own addition
    assert "body" not in loaded.__dict__
    assert "Texte de l'article" in loaded.body  # a deferred field, read when asked for
    loaded.title = "Après"
    loaded.save()
    assert Article.objects.count() == 1  # an update, not an insert
    assert Article.objects.get(pk=article.pk).title == "Après"
    loaded.refresh_from_db()
    assert loaded.title == "Après"


def test_post_init_is_sent_as_django_sends_it():
    author = make_author()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append((sender, instance.pk, instance.name))

    post_init.connect(receiver, sender=Author)
    try:
        Author.objects.get(pk=author.pk)
    finally:
        post_init.disconnect(receiver, sender=Author)
    assert seen == [(Author, author.pk, author.name)]
