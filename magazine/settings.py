"""Settings for Le Magazine.

Everything that differs between a laptop and production comes from the environment
(12-factor). The README lists every variable. Without any variable set, the site runs on
SQLite with a local-memory cache; `DATABASE_URL` switches to PostgreSQL, `REDIS_URL` (or
`CACHE_URL`) to Redis.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


# The test runner must not need production secrets; everything else must.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env_bool("DEBUG")

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = _DEV_SECRET_KEY
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY "
            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for local development set DEBUG=1."
        )
elif not (DEBUG or TESTING) and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused comment keeps its text (magazine/views.py); other forms get a French page.
CSRF_FAILURE_VIEW = "magazine.views.csrf_failure"

# Public address of the site, used where a request is not at hand (feeds, e-mails, sitemaps).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Le Magazine")
# The admin's address; a less obvious path keeps most bots off the login form.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "magazine.apps.MagazineAdminConfig",  # django.contrib.admin with the newsroom's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its templates (sitemap.xml, sitemap_index.xml)
    "taggit",
    "django_prose_editor",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reversion",
    # Before django_tasks_db: core's `db_worker` (core/management/commands/db_worker.py) takes
    # the place of the backend's own (the first app listed wins a command's name).
    "core",
    "django_tasks",
    "magazine.apps.TasksConfig",  # django_tasks_db, named in French in the admin
    "pagecache",
    "magazine",
    "media_library",
    "redirects",
    "authors",
    "articles",
    "pages",
    "ratings",
    "comments",
    "wordpress",
]

MIDDLEWARE = [
    # Before everything: the load balancer's probes /healthz and /readyz, answered without the
    # Host check and the HTTPS redirect below (a balancer probes each server by its IP address).
    "magazine.health.HealthMiddleware",
    # The staff member's user id for the request's log line (core/request_log.py).
    "core.request_log.StaffIdMiddleware",
    # A cached page is answered before anything else runs; its entry holds the headers
    # every middleware below added. It gzips what it serves itself (pagecache/).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed on the way out (static files come precompressed from whitenoise).
    # Django adds random bytes to each gzip header against BREACH on pages carrying CSRF tokens.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address only (no Vary: Accept-Language on French pages).
    "magazine.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "magazine.middleware.PermissionsPolicyMiddleware",
    "magazine.middleware.MethodNotAllowedPageMiddleware",
    "csp.middleware.CSPMiddleware",
    # Old addresses (redirects/): on a 404, 301 to the new one or 410; below CommonMiddleware
    # (found before APPEND_SLASH), above the headers' middleware (its answers get them too).
    "redirects.middleware.RedirectMiddleware",
    # An upload facing a silent object store: a French 503, not a 500 (core/storage.py).
    "core.storage.StorageUnavailableMiddleware",
    # Last, as django-axes requires: turns lockouts into its French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "magazine.urls"
WSGI_APPLICATION = "magazine.wsgi.application"
ASGI_APPLICATION = "magazine.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "magazine.context_processors.site",
                "articles.context_processors.menu",
            ],
        },
    },
]
if not DEBUG:
    # Compiled templates kept in memory; DEBUG keeps auto-reload.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]

# Database: SQLite by default, anything dj-database-url understands when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a vote or comment is written.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    # A file, not a server: nothing to health-check, and reopening it (with the PRAGMAs) on
    # every request cost a tenth of a cached article page's time.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Browser tests (.ci/run sets it): the test database in a file, so each of the live server's
    # threads has its own connection and waits its turn; an in-memory one is shared by them, and
    # two browsers writing at once (co-editing, sessions) then collide ("table is locked").
    if TESTING and os.environ.get("TEST_DATABASE_FILE"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_FILE"]}
# PostgreSQL plans each reader query once per connection (core/postgresql.py); 0 for a pooler
# in transaction mode that cannot carry prepared statements.
DATABASE_PREPARED = env_bool("DATABASE_PREPARED", True)
if DATABASE_PREPARED and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values sent apart from the SQL text (what preparing needs), and Django told so: it then
    # writes the queries it logs from the values itself.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("server_side_binding", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (optional): DATABASE_REPLICA_URL holds one URL or a comma-separated list (a comma
# inside a password is written %2C). Each becomes an alias, "replica" or "replica_1",
# "replica_2"..., with the primary's options; magazine/db_router.py sends reads there unless they
# must see the primary (README "Performance and deployment"). Unset: no alias, no router.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URL")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(_url)
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must use the same database engine as DATABASE_URL "
            f"({DATABASES['default']['ENGINE']}), not {_replica['ENGINE']}."
        )
    _alias = "replica" if len(DATABASE_REPLICA_URLS) == 1 else f"replica_{_number}"
    DATABASES[_alias] = {
        **DATABASES["default"],
        **{key: value for key, value in _replica.items()
           if key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")},
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})},
        # Tests use the test database through this alias instead of creating another one.
        "TEST": {"MIRROR": "default"},
    }
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["magazine.db_router.ReplicaRouter"]
# For this long after any change that invalidates cached pages or fragments, every request reads
# from the primary: what it renders may be cached under the new generation, so it must not come
# from a replica that has not caught up yet. Set it above the replicas' worst lag.
REPLICA_CATCH_UP_SECONDS = env_int("REPLICA_CATCH_UP_SECONDS", 10)

def default_cache_dir():
    """In memory (tmpfs) when the machine has /dev/shm: a file cache on disk costs a write and
    a rename per entry. One folder per checkout."""
    import hashlib

    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return str(shm / f"magazine-cache-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]}")
    return str(BASE_DIR / ".cache")


# Cache: Django's Redis backend with REDIS_URL or CACHE_URL; otherwise files in CACHE_DIR,
# shared by every worker of this machine (never a per-process memory: see pagecache/). It holds
# rendered pages and fragments only; what must be exact (the counters that say which of them
# are current, rate limits) lives in the database without Redis.
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, made to degrade to "no cache" when Redis is away.
            "BACKEND": "core.cache_backends.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "magazine"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.FileCache",
            "LOCATION": os.environ.get("CACHE_DIR") or default_cache_dir(),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
        }
    }

# Page cache for anonymous readers (pagecache/; README "Caching"): the longest a page is kept.
# Whether it is current is checked on every use, so this only bounds memory. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Parts of pages ({% fragment %}: the article's text, bylines, bio boxes, related articles,
# comments, stars, the menu), checked the same way; this bounds how long an unused one stays.
# 0 renders everything on every request.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86400)
# Pages and fragments each app process keeps a copy of (a page is about 50 KB), checked
# against the counters on every use like the shared ones.
PAGE_CACHE_LOCAL_COPIES = env_int("PAGE_CACHE_LOCAL_COPIES", 100)
FRAGMENT_CACHE_LOCAL_COPIES = env_int("FRAGMENT_CACHE_LOCAL_COPIES", 2000)
PAGE_CACHE_SKIP_PREFIXES = [f"/{ADMIN_PATH}", "/static/", "/media/", "/healthz", "/readyz"]
# PostgreSQL: each process LISTENs for counter changes (pagecache/generations.py). Turn off
# behind a pooler that cannot LISTEN (PgBouncer in transaction mode): counters are then read
# from the database on each request.
PAGE_CACHE_LISTEN = env_bool("PAGE_CACHE_LISTEN", True)
# The longest a reader waits for another request drawing the same missing page (milliseconds;
# 0: never wait, each draws it), pagecache/stampede.py.
PAGE_CACHE_RENDER_WAIT_MS = env_int("PAGE_CACHE_RENDER_WAIT_MS", 2000)
# A newsroom change (a publication, an edit in the admin) draws again, before it commits, the
# pages it makes stale that this process served lately: at most this many, for at most this
# many milliseconds (its transaction stays open meanwhile); the rest are drawn by their next
# reader. 0 turns it off. pagecache/prerender.py.
PAGE_CACHE_REDRAW_PAGES = env_int("PAGE_CACHE_REDRAW_PAGES", 40)
PAGE_CACHE_REDRAW_MS = env_int("PAGE_CACHE_REDRAW_MS", 500)
# What nginx or a CDN in front may do with pages (s-maxage: they are purged on changes too).
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 60)
# Caches in front of the site, purged as a background task on every change (pagecache/front.py,
# deploy/nginx/magazine.conf, README "Performance and deployment"): nginx's purge location
# (one or more, comma-separated: http://10.0.0.5:8080/purge), and a CDN's purge endpoints, each
# sent one request per address (CDN_PURGE_FORMAT=url, method CDN_PURGE_METHOD; `{url}` in an
# endpoint is replaced by the address) or a JSON {"files": [...]} POST (json, Cloudflare's
# purge_cache), with CDN_PURGE_TOKEN in the header CDN_PURGE_HEADER. Timeouts in seconds.
NGINX_PURGE_URL = env_list("NGINX_PURGE_URL")
NGINX_PURGE_TIMEOUT = env_int("NGINX_PURGE_TIMEOUT", 2)
CDN_PURGE_URLS = env_list("CDN_PURGE_URLS")
CDN_PURGE_FORMAT = os.environ.get("CDN_PURGE_FORMAT", "url")
CDN_PURGE_METHOD = os.environ.get("CDN_PURGE_METHOD", "PURGE")
CDN_PURGE_HEADER = os.environ.get("CDN_PURGE_HEADER", "Authorization")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 10)
# Remember which addresses show what, so a change can name the pages to purge in front of the
# site (pagecache/purge.py, signal pages_purged). On when nginx or a CDN is to be purged.
PAGE_CACHE_PURGE = env_bool("PAGE_CACHE_PURGE", bool(NGINX_PURGE_URL or CDN_PURGE_URLS))
CDN_STALE_WHILE_REVALIDATE = env_int("CDN_STALE_WHILE_REVALIDATE", 300)
# How long the purge list (in the database) keeps an address not stored again since: at least
# as long as a page may be served from an app process's copy, then by nginx or a CDN (never less
# than 2 × PAGE_CACHE_SECONDS + CDN_MAX_AGE + CDN_STALE_WHILE_REVALIDATE). Pruned as changes
# come and by the daily job.
PAGE_CACHE_PURGE_KEEP_SECONDS = env_int("PAGE_CACHE_PURGE_KEEP_SECONDS", 86400)

# What readers find by address and may rename (redirects/tracking.py): when one's address
# changes, the old one answers 301 to the new one, in every language.
REDIRECT_TRACKED_MODELS = ["articles.Article", "articles.Section", "articles.Tag", "authors.Author",
                           "pages.Page"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first, English second. French pages live at the root, English ones under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
# locale/: the English catalog and the French rewordings of Django's admin; locale/typeset: the
# interface's own words with French typography (scripts/french_catalog.sh, `make messages`).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "typeset"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Development and tests serve static files straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploads itself only in development, or when told to (a production-like local run
# without a web server in front; `make serve` and `make check` set it). Real production serves
# MEDIA_URL from the web server or object storage.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# Media, backups and WordPress imports (core/storage.py): the local disk unless an object store
# is named, by MEDIA_STORAGE_URL (s3://bucket[/prefix]?endpoint_url=…&region_name=…, any
# S3-compatible store) or the usual AWS_STORAGE_BUCKET_NAME / AWS_S3_ENDPOINT_URL /
# AWS_S3_REGION_NAME / AWS_S3_CUSTOM_DOMAIN (a CDN), keys in AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY. On a store media are public and cached for a year (unique names) and
# MEDIA_URL is the store's (or the CDN's) address; backups and imports stay private, under their
# own prefix (or BACKUP_STORAGE_URL / IMPORTS_STORAGE_URL), read through signed addresses.
from core.storage_config import configure as _configure_storages  # noqa: E402

BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", BASE_DIR / "backups"))  # without a store
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)  # `manage.py backup` deletes older sets
_FILE_STORES, MEDIA_URL = _configure_storages(MEDIA_URL)
# Pictures from the store's (or CDN's) origin are allowed by the CSP below; Django serves none.
_MEDIA_ORIGINS = ["/".join(MEDIA_URL.split("/")[:3])] if "://" in MEDIA_URL else []
if _MEDIA_ORIGINS:
    SERVE_MEDIA = False
STORAGES = {
    **_FILE_STORES,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# WordPress exports uploaded in the admin (they hold readers' e-mail addresses): kept here,
# outside MEDIA_ROOT, never served.
IMPORTS_ROOT = Path(os.environ.get("IMPORTS_ROOT", BASE_DIR / "imports"))

# Uploaded images (core/images.py): checked before they are stored, renditions made once.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)  # also Pillow's decompression-bomb limit
# Covers double as social-network cards (1200 x 630).
IMAGE_COVER_MIN_WIDTH = env_int("IMAGE_COVER_MIN_WIDTH", 1200)
IMAGE_COVER_MIN_HEIGHT = env_int("IMAGE_COVER_MIN_HEIGHT", 630)
IMAGE_PORTRAIT_MIN_SIZE = env_int("IMAGE_PORTRAIT_MIN_SIZE", 200)

# The body editor's own extension (media_library/richtext.py): a library picture as a figure,
# inserted from a picker. Its module is a static file, resolved when the editor is rendered.
DJANGO_PROSE_EDITOR_EXTENSIONS = [{
    "js": [static_lazy("media_library/library-figure.js")],
    "extensions": {"LibraryFigure": "media_library.richtext.process_library_figure"},
}, {
    # Its menu and table dialog in French (django-prose-editor writes them in English).
    "js": [static_lazy("media_library/editor-fr.js")],
    "extensions": {"FrenchLabels": "media_library.richtext.no_markup"},
}]

# Work done off the request (core/tasks.py): a queue in the database, run by
# `manage.py db_worker` (make run starts one). TASKS_BACKEND=immediate runs tasks at once, in
# the request (tests, a one-process tryout).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(os.environ.get("TASKS_BACKEND", ""), "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A failing task (an SMTP server that refuses) is tried again this many times in all, each
# wait doubling from the first.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 30)
# Finished tasks (their arguments may hold a reader's e-mail) are deleted after this many days
# by `manage.py purge_ip_hashes` (the daily job).
TASK_RESULTS_DAYS = env_int("TASK_RESULTS_DAYS", 7)
# A task left running by a worker that died (killed, its machine lost) is put back in the queue
# once its worker has not been heard of for this many seconds (each worker notes it is alive
# several times in that span, also while a long task runs): core/management/commands/db_worker.py.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 600)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Seconds before a silent mail server is given up (the task is then retried): a worker never
# hangs on one.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Le Magazine <redaction@lemagazine.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def env_addresses(name):
    """`Nom <adresse>, Autre <adresse>` (or bare addresses) as Django's [(name, address)]."""
    from email.utils import getaddresses

    value = os.environ.get(name, "")
    pairs = [(person, address) for person, address in getaddresses([value]) if address]
    if value.strip() and (not pairs or any("@" not in address for _, address in pairs)):
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list of e-mail addresses, "
            f"e.g. 'Nom <nom@exemple.fr>, autre@exemple.fr' (got {value!r})."
        )
    return pairs


# Who receives the error reports (a 500 mails its traceback; core/error_reports.py keeps
# readers' addresses, IPs, cookies and form values out of it).
ADMINS = env_addresses("ADMINS")
DEFAULT_EXCEPTION_REPORTER = "core.error_reports.ReaderSafeReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.ReaderSafeFilter"

LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out (username, client) pairs before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection of the admin login: 5 failures for a username from one client lock
# that pair out for 30 minutes (an editor can unlock earlier in the admin). The client is the
# salted IP hash (core.readers), never the raw IP.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.readers.login_client_address"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor login for staff (magazine/admin_site.py); devices are managed in the admin.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR")
OTP_TOTP_ISSUER = SITE_NAME

# Staff sessions end after SESSION_IDLE_HOURS without activity (readers have no session).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 4) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Listing pages.
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 12)
# Lists (sections, tags, authors, search) stop after this many pages: counting and paging stay
# cheap however many articles there are; older ones are reached by search, sitemaps and feeds.
MAX_LIST_PAGES = env_int("MAX_LIST_PAGES", 50)
# Search (PostgreSQL): a word matching at least a page of the newest SEARCH_WINDOW articles is
# ranked among those only, so a common word costs the same at 100 or 100 000 articles.
SEARCH_WINDOW = env_int("SEARCH_WINDOW", 2000)

TAGGIT_CASE_INSENSITIVE = True

# Shareable draft previews (articles/preview.py): how long a link stays valid, in days.
PREVIEW_LINK_DAYS = env_int("PREVIEW_LINK_DAYS", 7)

# Article pages (articles/toc.py, articles/related.py): a table of contents from the h2s for
# long articles, and how many related articles to suggest.
TOC_MIN_HEADINGS = env_int("TOC_MIN_HEADINGS", 3)
TOC_MIN_WORDS = env_int("TOC_MIN_WORDS", 800)
RELATED_ARTICLES = env_int("RELATED_ARTICLES", 4)
# Feeds: how many items each feed carries. News sitemap: how far back (Google News: 48 h).
FEED_ITEMS = env_int("FEED_ITEMS", 30)
NEWS_SITEMAP_HOURS = 48

# Readers (core/readers.py): a signed random id in a cookie, and salted IP hashes.
READER_COOKIE_NAME = "lecteur"
READER_COOKIE_AGE = 365 * 24 * 3600
IP_HASH_ROTATION_HOURS = env_int("IP_HASH_ROTATION_HOURS", 24)
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_SECURE = not DEBUG and not TESTING and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS and browser protections (production). Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts its X-Forwarded-Proto.
PRODUCTION = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts and styles only from our own files, never
# inline, never eval; nothing loaded from another host. Cached pages keep this header, so it
# must not use per-response nonces.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],  # the object store (core/storage.py)
        # Video players, loaded only when a reader clicks a video's placeholder
        # (media_library/embeds.py PLAYER_ORIGINS; thumbnails are stored here).
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com",
                      "https://www.dailymotion.com"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Logs (core/request_log.py): every line carries the request's id (X-Request-ID, kept from the
# balancer or made; also in the tasks a request queues). LOG_FORMAT=json: one JSON object per
# line, and one line per request (method, path without query values, status, duration, page
# cache hit or miss, staff user id; never an IP, an e-mail or a cookie). Otherwise plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower()
if LOG_FORMAT not in ("", "json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
                "request_id": {"()": "core.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"()": "core.request_log.ReadableFormatter"},
        "json": {"()": "core.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                    "formatter": "json" if LOG_FORMAT == "json" else "text"},
        # Errors (a 500, a background task given up) are mailed to ADMINS when DEBUG is off.
        "mail_admins": {"level": "ERROR", "filters": ["require_debug_false"],
                        "class": "core.error_reports.ReaderSafeAdminEmailHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default (console and an unfiltered mail_admins) on "django": its
        # messages go to the root's console.
        "django": {"handlers": [], "level": "INFO"},
        # 500s mailed; not django.security: every bot's forged Host header would be a mail.
        "django.request": {"handlers": ["mail_admins"], "level": "INFO"},
        "core.tasks": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# Errors to Sentry (or any Sentry-compatible service, e.g. GlitchTip) when SENTRY_DSN is set,
# without readers' e-mail addresses, IPs, cookies or Authorization headers (core/sentry.py).
# ADMINS mails keep working beside it, or alone.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
if SENTRY_DSN and not TESTING:
    from core.sentry import init_sentry  # noqa: E402

    init_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# Reader star ratings (ratings/).
# Votes per hour from one IP hash, all articles together; more answers 429.
RATINGS_VOTES_PER_HOUR = env_int("RATINGS_VOTES_PER_HOUR", 30)
# Different reader cookies that may vote on one article from one IP hash (per hash period):
# generous, so a family or an office behind one address can all vote, but dropping the cookie
# to vote again stops there. 0 turns the cap off.
RATINGS_MAX_READERS_PER_IP = env_int("RATINGS_MAX_READERS_PER_IP", 20)
# Bayesian ranking of "Les mieux notés" (ratings/ranking.py): C prior votes at mean m.
# After changing either, run `manage.py recompute_ratings`.
RATINGS_PRIOR_WEIGHT = env_int("RATINGS_PRIOR_WEIGHT", 10)
RATINGS_PRIOR_MEAN = float(os.environ.get("RATINGS_PRIOR_MEAN") or 3.5)
# Votes an article needs to appear in "Les mieux notés"; how many the page and the home list.
RATINGS_TOP_MIN_VOTES = env_int("RATINGS_TOP_MIN_VOTES", 1)
RATINGS_TOP_PAGE_SIZE = env_int("RATINGS_TOP_PAGE_SIZE", 20)
RATINGS_TOP_HOME_SIZE = env_int("RATINGS_TOP_HOME_SIZE", 5)
# schema.org AggregateRating in the article's JSON-LD. Off: Google shows no review stars for
# Article/NewsArticle, and self-served review markup can be read as spam.
RATINGS_IN_JSONLD = env_bool("RATINGS_IN_JSONLD", False)

# Reader comments (comments/, comments/spam.py, comments/moderation.py).
COMMENTS_MIN_LENGTH = env_int("COMMENTS_MIN_LENGTH", 2)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# Top-level comments per page under an article (their replies come with them).
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
# Hold every comment for moderation, even from readers already approved once.
COMMENTS_HOLD_ALL = env_bool("COMMENTS_HOLD_ALL")
# Comments close by themselves this many days after publication (0: never).
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 60)
# Anti-spam: a form sent faster than this is a bot; a form older than that must be reloaded
# (keep it longer than the page cache's lifetime).
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 2 * 24 * 3600)
# At most RATE_LIMIT comments per IP hash per RATE_WINDOW seconds.
COMMENTS_RATE_LIMIT = env_int("COMMENTS_RATE_LIMIT", 5)
COMMENTS_RATE_WINDOW = env_int("COMMENTS_RATE_WINDOW", 600)
# The same text from the same reader on the same article within this many seconds is a duplicate.
COMMENTS_DUPLICATE_WINDOW = env_int("COMMENTS_DUPLICATE_WINDOW", 24 * 3600)
# Words, phrases or domains that mark a comment as suspected spam (comma-separated).
COMMENTS_BLOCKLIST = env_list("COMMENTS_BLOCKLIST")
# Optional extra spam check (Akismet-style): dotted path to a callable(comment, request) that
# returns True for spam. Off by default; nothing leaves the server unless you set it.
COMMENTS_SPAM_CHECKER = os.environ.get("COMMENTS_SPAM_CHECKER", "")
# E-mail the article's authors for each approved comment.
COMMENTS_NOTIFY_AUTHORS = env_bool("COMMENTS_NOTIFY_AUTHORS", True)
# How long the signed "erase my comments" link stays valid.
COMMENTS_ERASE_LINK_MAX_AGE = env_int("COMMENTS_ERASE_LINK_MAX_AGE", 2 * 24 * 3600)
# « Signaler cet avis »: this many reports (one per connection) send a published comment back
# to the moderation queue, hidden until an editor decides; a connection may report this many
# comments an hour.
COMMENTS_REPORTS_TO_HOLD = env_int("COMMENTS_REPORTS_TO_HOLD", 3)
COMMENTS_REPORTS_PER_HOUR = env_int("COMMENTS_REPORTS_PER_HOUR", 10)
# IP hashes stored with reader contributions are blanked after this many days
# (manage.py purge_ip_hashes, to run daily).
IP_HASH_RETENTION_DAYS = env_int("IP_HASH_RETENTION_DAYS", 30)
