from django.conf import settings
from django.utils.functional import SimpleLazyObject


def menu_sections(request):
    """The sections of the menu, read once per request (the home page's blocks reuse them)."""
    sections = getattr(request, "_menu_sections", None)
    if sections is None:
        from articles.models import Section

        sections = request._menu_sections = list(Section.objects.all())
    return sections


def site(request):
    """The magazine's name and its section menu (queried only if a template uses it and its
    fragment is not cached)."""
    return {
        "site_name": settings.SITE_NAME,
        "menu_sections": SimpleLazyObject(lambda: menu_sections(request)),
    }
