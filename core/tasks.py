"""Work done off the request, tried again when it fails.

The framework is django-tasks, the backport of Django 6's `django.tasks` (so the code moves to
Django's own module unchanged), on its database backend (django-tasks-db): the queue lives in
the database the site already runs, SQLite or PostgreSQL, with no broker to operate; a task
enqueued inside a transaction is committed with it; `manage.py db_worker` runs them (`make
run` starts one); the admin lists task results, the failed ones included.

django-tasks has no retries of its own: `@retried` adds them. A run that raises is logged and
enqueued again to run later, the wait doubling each time (TASK_RETRY_SECONDS, then twice...),
and reported as a success so far ("nouvel essai prévu"); only the last attempt
(TASK_MAX_ATTEMPTS) is left to fail, so the admin's list of failed tasks is the list of what
was given up.

A task carries the id of the request that queued it (core/request_log.py): `enqueue` adds it
as a keyword argument, as the attempt number is, and the task's log lines carry it while it
runs (a task queued outside a request gets an id of its own). A task left running by a worker
that died is put back in the queue by the next worker (core/management/commands/db_worker.py).
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task

from .request_log import current_id, new_id, request_id

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"
REQUEST_ID = "_request_id"


def _with_request_id(kwargs):
    rid = current_id()
    if rid and REQUEST_ID not in kwargs:
        return {**kwargs, REQUEST_ID: rid}
    return kwargs


class CarryingTask(Task):
    """A task whose enqueue records the current request's id (kept by `using()`)."""

    def enqueue(self, *args, **kwargs):
        return super().enqueue(*args, **_with_request_id(kwargs))

    async def aenqueue(self, *args, **kwargs):
        return await super().aenqueue(*args, **_with_request_id(kwargs))


def retried(function):
    """A task (module-level function) whose failures are tried again with a growing wait."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        attempt = kwargs.pop(ATTEMPT, 1)
        token = request_id.set(kwargs.pop(REQUEST_ID, None) or current_id() or new_id())
        try:
            return function(*args, **kwargs)
        except Exception as error:
            if attempt >= settings.TASK_MAX_ATTEMPTS:
                logger.exception("Task %s failed %d times: given up", function.__name__, attempt)
                raise
            delay = settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)
            logger.warning("Task %s failed (attempt %d of %d: %s); trying again in %d s",
                           function.__name__, attempt, settings.TASK_MAX_ATTEMPTS, error, delay)
            again = runner
            if task_backends[runner.backend].supports_defer:
                again = runner.using(run_after=timezone.now() + timedelta(seconds=delay))
            again.enqueue(*args, **{**kwargs, ATTEMPT: attempt + 1})  # the same id, too
            return f"nouvel essai prévu dans {delay} s"
        finally:
            request_id.reset(token)

    runner = CarryingTask(func=run)
    return runner


@retried
def make_renditions(model_label, pk):
    """The renditions of a picture stored without them (core.images.renditions_later): made
    from the stored original, then saved with the row, which redraws what shows it."""
    from django.apps import apps

    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return "supprimé entre-temps"
    instance.refresh_renditions(force=True)
    fields = [f.name for f in model._meta.concrete_fields
              if f.name.endswith("renditions") and isinstance(f, models.JSONField)]
    files = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    with transaction.atomic():
        # Encoding took seconds: if another picture was uploaded meanwhile, its own task makes
        # its renditions, and these (of the old picture) must not land under it.
        current = model._default_manager.select_for_update().filter(pk=pk).values(*files).first()
        if current is None:
            return "supprimé entre-temps"
        if any((current[name] or "") != (getattr(instance, name).name or "") for name in files):
            return "image remplacée entre-temps"
        instance.save(update_fields=fields)
    return "fait"


@retried
def send_email(subject, body, to):
    """One e-mail to one address. Mails to several people go as one task each, so a refusal
    retries that address alone and nobody gets the others' copies twice."""
    from django.core.mail import EmailMessage

    EmailMessage(subject, body, to=[to]).send()
    return "envoyé"


def make_renditions_later(instances):
    """Queue make_renditions for each saved instance (once each)."""
    seen = set()
    for instance in instances:
        key = (instance._meta.label, instance.pk)
        if instance.pk is not None and key not in seen:
            seen.add(key)
            make_renditions.enqueue(*key)
