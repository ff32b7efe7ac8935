"""The cache backends: Django's Redis cache made to degrade instead of failing when Redis is
away, and Django's file cache for a single machine.

Redis:

A cache is an optimisation: if Redis stops, pages must still be served (rendered from the
database) rather than turned into 500s. Every operation that cannot reach Redis returns what
an empty cache would (a miss, a failed add, None for incr) and logs a warning; after a failure
the backend stops trying for a few seconds so each request doesn't pay a connection attempt.
"""

import logging
import os
import pickle
import tempfile
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    def _guard(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except self._redis_errors as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Cache unavailable (%s): %s; serving without cache", operation, error)
            return fallback

    @property
    def _redis_errors(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    @property
    def available(self):
        return time.monotonic() >= self._down_until

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default=default, version=version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, key, value, timeout=timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), data, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", None, key, delta=delta, version=version)

    def clear(self):
        return self._guard("clear", False)


class FileCache(FileBasedCache):
    """Django's file cache, the default without Redis: shared by every worker of the machine
    (pages and fragments are valid only while the database's counters say so, see pagecache/,
    so nothing that must be exact lives here). Django checks whether to cull on every write by
    listing the whole folder; this does it at most every CULL_CHECK_SECONDS per process."""

    CULL_CHECK_SECONDS = 30.0
    _next_cull = 0.0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """True for one caller only, in every process. Django's file cache adds by looking,
        then writing: two processes may both get the same key. Here the entry is written
        aside, then linked to its name, which fails if the name exists (one winner); an
        expired entry is deleted first. Without hard links, Django's add."""
        try:
            return self._add_linked(key, value, timeout, version)
        except OSError as error:  # FileExistsError is handled below: here, no hard links
            logger.debug("File cache: atomic add unavailable (%s)", error)
            return super().add(key, value, timeout=timeout, version=version)

    def _add_linked(self, key, value, timeout, version):
        path = self._key_to_file(key, version)
        self._createdir()
        self._cull()
        fd, written = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as handle:
                self._write_content(handle, timeout, value)
            for _attempt in range(2):
                try:
                    os.link(written, path)
                    return True
                except FileExistsError:
                    if self.has_key(key, version=version):  # deletes it once expired
                        return False
            return False
        finally:
            os.remove(written)

    def _write_content(self, file, timeout, value):
        # Django's, at zlib's fastest level instead of its default (6): entries are mostly pages
        # stored with their gzipped copy, which compresses no further, and level 1 writes them
        # about twice as fast. Read back by Django's own zlib.decompress, whatever the level.
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.CULL_CHECK_SECONDS
        super()._cull()
