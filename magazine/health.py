"""Health probes for the load balancer (README "Operations: health, logs, errors").

- `/healthz`, liveness: this process answers. Reads nothing (no database, no cache), so a
  balancer or systemd restarts only a process that is really stuck.
- `/readyz`, readiness: may this server take readers? 503 only for what stops it serving them:
  the database unreachable, or migrations not applied yet (a deployment in progress). The cache
  and the media storage are checked too, each bounded by a short timeout, but their failure is
  reported as "degraded" with a 200: pages are rendered without the cache and uploads answer a
  clear French 503 meanwhile, so a balancer must not pull every server because Redis blinked.

Both answer JSON that names no host, URL or credential (a check's error is its exception's
class name), are never cached (`no-store`, and outside the page cache: PAGE_CACHE_SKIP_PREFIXES)
and are not logged per hit (core.request_log skips them; a readiness change is logged once).
"""

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
PATHS = (LIVENESS_PATH, READINESS_PATH)

# The longest the cache or the storage may take to answer before it counts as failing.
CHECK_TIMEOUT_SECONDS = 2.0
# A name no upload can take (storage names never start with a dot): exists() is one HEAD.
STORAGE_MARKER = ".readyz"

_migrations_applied = False  # once true, true for the life of the process
_last_status = None
_checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")
_running = {}  # check name -> its future while it runs (a hung check is not stacked up)
_lock = threading.Lock()


def _failure(error):
    return f"error: {type(error).__name__}"


def check_database():
    """A trivial query on the primary (replicas are not needed to serve readers)."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_migrations():
    """True when every migration on disk is applied. Read until true, then never again."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def check_cache():
    cache = caches["default"]
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        # The Redis backend answers a miss instead of raising when Redis is away.
        raise ConnectionError("cache round trip lost the value")


def check_storage():
    default_storage.exists(STORAGE_MARKER)


def bounded(name, check):
    """Run a check in a helper thread, waiting at most CHECK_TIMEOUT_SECONDS: "ok",
    "timeout" or "error: <class>". A check still hung from an earlier probe is not run again."""
    with _lock:
        future = _running.get(name)
        if future is not None and not future.done():
            return "timeout"
        future = _running[name] = _checks.submit(check)
    try:
        future.result(timeout=CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return "timeout"
    except Exception as error:
        return _failure(error)
    return "ok"


def readiness_checks():
    """({check: result}, HTTP status, overall status)."""
    results = {}
    try:
        check_database()
        results["database"] = "ok"
    except Exception as error:
        results["database"] = _failure(error)
        results["migrations"] = "unknown"
    else:
        try:
            results["migrations"] = "ok" if check_migrations() else "pending"
        except Exception as error:
            results["migrations"] = _failure(error)
    results["cache"] = bounded("cache", check_cache)
    results["storage"] = bounded("storage", check_storage)
    if results["database"] != "ok" or results["migrations"] != "ok":
        return results, 503, "unavailable"
    if results["cache"] != "ok" or results["storage"] != "ok":
        return results, 200, "degraded"
    return results, 200, "ok"


def _answer(body, status=200):
    response = JsonResponse(body, status=status)
    # Django logs every response >= 400 (and mails 5xx to ADMINS): a balancer probing a server
    # whose database is down would send a mail every few seconds. The change is logged once
    # (readiness below) instead.
    response._has_been_logged = True
    return response


@never_cache
@require_safe
def liveness(request):
    return _answer({"status": "ok"})


@never_cache
@require_safe
def readiness(request):
    global _last_status
    results, status_code, status = readiness_checks()
    if status != _last_status:
        level = logging.INFO if status == "ok" else logging.WARNING
        logger.log(level, "Readiness: %s (%s)", status,
                   ", ".join(f"{name} {result}" for name, result in results.items()))
        _last_status = status
    if status == "ok":
        return _answer({"status": "ok"})
    return _answer({"status": status, "checks": results}, status_code)


_VIEWS = {LIVENESS_PATH: liveness, READINESS_PATH: readiness}


class HealthMiddleware:
    """First in MIDDLEWARE: answers the probes before any other middleware runs.

    A balancer probes each server by its IP address, over plain HTTP, with a Host header that
    is that IP. Further down, PageCacheMiddleware and CommonMiddleware validate the Host against
    ALLOWED_HOSTS (a 400 for an IP) and SecurityMiddleware redirects plain HTTP to HTTPS (a 301
    the balancer would take for a failure). The probes need neither protection: they read no
    Host, set no cookie and show nothing private, so they are answered here, before those.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = _VIEWS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
