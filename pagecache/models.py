from django.db import models


class Generation(models.Model):
    """A counter per dependency key ("article:12", "section-articles:3", "ranking"...).

    Moved in the same transaction as the change it stands for (pagecache.generations.bump),
    so no process can see the change without the counter, or the counter without the change.
    Cached pages and fragments record the counters they were rendered under and are served
    only while those are current. `changed_at` (milliseconds) lets each process reconcile its
    copy of recent counters and the router find the last change.
    """

    key = models.CharField(max_length=200, primary_key=True)
    value = models.BigIntegerField(default=0)
    changed_at = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = "compteur de cache"
        verbose_name_plural = "compteurs de cache"

    def __str__(self):
        return f"{self.key}={self.value}"
