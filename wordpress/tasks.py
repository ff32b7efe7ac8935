"""The import started from the admin runs here, off the request (core/tasks.py's framework)."""

import shutil
import tempfile

from django.utils import timezone
from django_tasks import task

from .importer import ImportFailed, Importer
from .models import ImportRun


@task()
def run_import(run_id):
    """Not retried by itself: a refused file stays refused. An interrupted run is resumed by
    starting it again (items already imported are recognised).

    Each run has one task, and the queue gives a task to one worker at a time: finding the run
    already « en cours » means its worker died mid-import (core's db_worker put the task back
    once that worker fell silent), so this one takes over and resumes it."""
    claimed = ImportRun.objects.filter(
        pk=run_id, status__in=[ImportRun.Status.WAITING, ImportRun.Status.RUNNING])
    if not claimed.update(status=ImportRun.Status.RUNNING):
        return "déjà lancé"
    run = ImportRun.objects.get(pk=run_id)
    try:
        # A local copy, whatever the storage: the import reads the file twice.
        with run.export.open("rb") as stored, tempfile.NamedTemporaryFile(suffix=".xml") as copy:
            shutil.copyfileobj(stored, copy)
            copy.flush()
            report = Importer(copy.name, dry_run=run.dry_run, section_from=run.section_from,
                              user=run.started_by).run()
    except ImportFailed as error:
        run.report = str(error)
        run.summary = str(error)[:300]
        run.status = ImportRun.Status.FAILED
    else:
        run.report = report.render()
        run.summary = report.summary_line()[:300]
        run.status = ImportRun.Status.FAILED if report.failed else ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return run.summary
