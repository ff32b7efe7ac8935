from django.utils.functional import SimpleLazyObject

from core.prepared import PreparedQuery

from .models import Section

_sections_query = PreparedQuery(Section, lambda shape: Section.objects.all(), plan_once=True)


def menu_sections(request):
    """The sections of the menu, read once per request (the home page's blocks, a section's
    page and its cards reuse them), by a query compiled once per process (core.prepared)."""
    sections = getattr(request, "_menu_sections", None)
    if sections is None:
        sections = request._menu_sections = _sections_query.run(())
    return sections


def menu(request):
    """The section menu of every page (queried only if a template uses it and its fragment is
    not cached)."""
    return {"menu_sections": SimpleLazyObject(lambda: menu_sections(request))}
