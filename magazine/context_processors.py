from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def menu_sections(request):
    """The sections of the menu, read once per request (the home page's blocks reuse them)."""
    sections = getattr(request, "_menu_sections", None)
    if sections is None:
        from articles.models import Section

        sections = request._menu_sections = list(Section.objects.all())
    return sections


def menu_key(request, generation=None):
    """The key of the menu's cached fragment: it is redrawn after any editorial change."""
    from articles.templatetags.fragments import FragmentKey

    generation = generation or getattr(request, "content_generation", None)
    if generation is None:
        from magazine.cache import GEN_CONTENT, current_generations

        generation = request.content_generation = current_generations(GEN_CONTENT)[0]
    return FragmentKey(get_language(), (generation,))


def site(request):
    """The magazine's name and its section menu (queried only if a template uses it and its
    fragment is not cached)."""
    return {
        "site_name": settings.SITE_NAME,
        "menu_sections": SimpleLazyObject(lambda: menu_sections(request)),
        "menu_key": SimpleLazyObject(lambda: menu_key(request)),
    }
