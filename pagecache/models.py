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


class PurgeAddress(models.Model):
    """An address a stored page was served at, under one dependency key it shows
    (pagecache.purge): when that key's counter moves, the address is purged in the caches in
    front of the site (nginx, a CDN), then the row is deleted. Kept in the database so a
    restart of Redis, or a page stored while Redis was away, loses no purge; rows older than
    PAGE_CACHE_PURGE_KEEP_SECONDS are pruned (pagecache.purge.prune).

    `url_hash` (sha256 of the address, 32 hex digits) stands for the address in the unique
    constraint: an index on an address of any length could exceed PostgreSQL's limit."""

    key = models.CharField(max_length=200)
    url = models.TextField()
    url_hash = models.CharField(max_length=32)
    stored_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "adresse à purger"
        verbose_name_plural = "adresses à purger"
        constraints = [
            models.UniqueConstraint(fields=["key", "url_hash"], name="pagecache_purge_key_url"),
        ]

    def __str__(self):
        return f"{self.key} {self.url}"
