from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One rate-limit counter: a (scope, key, window) and how many events it has seen.

    Written only by core.ratelimit, in one upsert statement; rows outlive their window by a
    few seconds and are deleted by ratelimit.purge_expired().
    """

    # "<scope>:<sha256 of the caller's key>:<window number>" (see ratelimit.counter_key).
    key = models.CharField(_("clé"), max_length=255, unique=True)
    count = models.PositiveIntegerField(_("nombre"), default=0)
    expires_at = models.DateTimeField(_("expire le"), db_index=True)

    class Meta:
        verbose_name = _("compteur de limite de débit")
        verbose_name_plural = _("compteurs de limite de débit")

    def __str__(self):
        return f"{self.key} = {self.count}"


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life (core/management/commands/db_worker.py), noted every
    few seconds, also while a long task runs: a task left RUNNING by a worker silent for longer
    than TASK_STALE_SECONDS is put back in the queue (the worker died with it)."""

    worker_id = models.CharField(_("processus"), max_length=64, primary_key=True)
    seen_at = models.DateTimeField(_("vu le"), db_index=True)

    class Meta:
        verbose_name = _("processus de tâches")
        verbose_name_plural = _("processus de tâches")

    def __str__(self):
        return self.worker_id
