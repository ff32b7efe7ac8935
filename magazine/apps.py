from django.apps import AppConfig


class MagazineConfig(AppConfig):
    # The project package is an app too, for its management commands and shared templates.
    name = "magazine"
    verbose_name = "Le Magazine"

    def ready(self):
        from magazine import cache

        cache.connect_signals()
