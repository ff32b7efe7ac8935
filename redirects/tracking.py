"""Automatic redirects: when an object readers could see changes address (its slug), its old
address answers 301 to the new one, in every language.

The models followed are named in settings.REDIRECT_TRACKED_MODELS ("articles.Article"...), so
this app imports none of them. Each must have `get_absolute_url()`; one with `is_published`
is followed only while readers could see it (a draft renamed leaves nothing behind).
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch
from django.utils import translation

from .models import Redirect


def tracked_models():
    models = []
    for label in settings.REDIRECT_TRACKED_MODELS:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise ImproperlyConfigured(f"REDIRECT_TRACKED_MODELS: no model {label!r}") from error
        if not hasattr(model, "get_absolute_url"):
            raise ImproperlyConfigured(
                f"REDIRECT_TRACKED_MODELS: {label} has no get_absolute_url()")
        models.append(model)
    return models


def connect():
    for model in tracked_models():
        label = model._meta.label
        pre_save.connect(remember_addresses, sender=model,
                         dispatch_uid=f"redirects.pre_save.{label}")
        post_save.connect(follow_move, sender=model, dispatch_uid=f"redirects.post_save.{label}")


def is_public(obj):
    return bool(getattr(obj, "is_published", True))


def addresses(obj):
    """{language: the object's address in it}, e.g. /articles/x/ and /en/articles/x/; {} for
    an object without one (a slug the URLconf refuses: nobody could have read it there)."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                found[code] = obj.get_absolute_url()
            except NoReverseMatch:
                return {}
    return found


def remember_addresses(sender, instance, raw=False, **kwargs):
    """Before a save: where readers could find the object (None: nowhere, or new)."""
    before = None
    if not raw and not instance._state.adding and instance.pk is not None:
        previous = sender._default_manager.filter(pk=instance.pk).first()
        if previous is not None and is_public(previous):
            before = addresses(previous) or None
    instance._redirects_before = before


def follow_move(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_redirects_before", None)
    if raw:
        return
    after = addresses(instance)
    if not after:
        return
    moves = {old: after[code] for code, old in (before or {}).items() if old != after[code]}
    for old, new in moves.items():
        Redirect.objects.record_move(old, new)
    if is_public(instance) and (moves or before is None):
        # Readers find it there now (new, published, or renamed back): no redirect from there.
        Redirect.objects.content_at(after.values())
