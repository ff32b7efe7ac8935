from django.utils.functional import SimpleLazyObject

from .models import Section


def menu_sections(request):
    """The sections of the menu, read once per request (the home page's blocks reuse them)."""
    sections = getattr(request, "_menu_sections", None)
    if sections is None:
        sections = request._menu_sections = list(Section.objects.all())
    return sections


def menu(request):
    """The section menu of every page (queried only if a template uses it and its fragment is
    not cached)."""
    return {"menu_sections": SimpleLazyObject(lambda: menu_sections(request))}
