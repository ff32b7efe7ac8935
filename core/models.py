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
