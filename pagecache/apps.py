from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The page and fragment cache. Imports no other app of the project: apps tell it what
    their pages show (pagecache.dependencies) and what their changes invalidate
    (pagecache.generations.bump), each from its own ready()."""

    name = "pagecache"
    verbose_name = "Cache des pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Caches in front (nginx, a CDN) purged as a task whenever a change names pages.
        from . import front  # noqa: F401
