from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _menu_sections():
    from articles.models import Section

    return list(Section.objects.all())


def site(request):
    """The magazine's name and its section menu (queried only if a template uses it)."""
    return {
        "site_name": settings.SITE_NAME,
        "menu_sections": SimpleLazyObject(_menu_sections),
    }
