"""`manage.py db_worker`: django-tasks-db's worker, with the same options, that also brings
back the tasks a dead worker was running.

django-tasks-db marks a task RUNNING when a worker takes it, and only that worker ever marks
it finished: a worker killed mid-task (kill -9, out of memory, its machine lost) leaves the
task RUNNING forever, never run again. So each worker notes that it is alive
(core.models.WorkerHeartbeat) when it starts and then every few seconds from a thread of its
own, also while a long task runs; and when it starts, and as often, it puts back in the queue
(READY) every task RUNNING for longer than TASK_STALE_SECONDS whose worker has not been heard
of for as long. The next free worker runs it again: nothing is lost (a task may run twice
after such a death, so tasks are written to be safe to repeat). A worker restarted with the
same --worker-id takes back what it held when it died at once.

This command takes the place of django-tasks-db's own because `core` is listed before it in
INSTALLED_APPS.
"""

import logging
import os
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat

logger = logging.getLogger("core.tasks")


def heartbeat_period():
    """Several signs of life within TASK_STALE_SECONDS, at most one a minute."""
    return min(60.0, max(1.0, settings.TASK_STALE_SECONDS / 5))


def beat(worker_id):
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id,
                                             defaults={"seen_at": timezone.now()})


def _requeue(pk, started_at, task_path, worker, why):
    requeued = DBTaskResult.objects.filter(
        pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at,
    ).update(status=TaskResultStatus.READY)
    if requeued:
        logger.warning("Task %s (%s) was left running by worker %s (%s): put back in the queue",
                       task_path, pk, worker, why)
    return requeued


def requeue_own(worker_id):
    """Tasks this worker id held when it last died: it is starting, so it runs none of them."""
    count = 0
    for pk, worker_ids, started_at, task_path in DBTaskResult.objects.running().values_list(
            "pk", "worker_ids", "started_at", "task_path"):
        if worker_ids and worker_ids[-1] == worker_id:
            count += _requeue(pk, started_at, task_path, worker_id, "restarted")
    return count


def requeue_stale(now=None):
    """Put back in the queue the tasks RUNNING for longer than TASK_STALE_SECONDS whose worker
    has been silent as long. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    running = list(DBTaskResult.objects.running().filter(started_at__lt=cutoff).values_list(
        "pk", "worker_ids", "started_at", "task_path"))
    count = 0
    if running:
        alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
                    .values_list("worker_id", flat=True))
        for pk, worker_ids, started_at, task_path in running:
            worker = worker_ids[-1] if worker_ids else None
            if worker not in alive:
                count += _requeue(pk, started_at, task_path, worker,
                                  f"silent for more than {settings.TASK_STALE_SECONDS} s")
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return count


class Heartbeat(threading.Thread):
    """Notes every few seconds that this worker lives, and brings back dead workers' tasks."""

    def __init__(self, worker_id):
        super().__init__(name="db_worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(heartbeat_period()):
            try:
                beat(self.worker_id)
                requeue_stale()
            except Exception:  # the database away for a while: the next beat tries again
                logger.warning("Task worker %s: heartbeat failed", self.worker_id, exc_info=True)
            finally:
                connections.close_all()  # this thread's connections only

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


class Command(db_worker.Command):
    help = (db_worker.Command.help + "; tasks left running by a worker that died are put back "
            "in the queue (TASK_STALE_SECONDS)")

    def handle(self, *args, **options):
        reloader = options.get("reload") and not options.get("batch")
        if reloader and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only restarts the real worker (its child) on changes.
            return super().handle(*args, **options)
        worker_id = options["worker_id"]
        requeue_own(worker_id)
        beat(worker_id)
        requeue_stale()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
