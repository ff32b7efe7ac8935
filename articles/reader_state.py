"""What is one reader's own on an article page: the vote they cast, their comment waiting for
moderation. Never in the page every reader shares; the apps that hold it (ratings, comments)
supply it through two lists, and this app knows none of them.

- `page_providers`: functions (request, article) -> dict or None, adding to the article page
  for the reader just sent back to it (core/after_action.py). A page they add to is drawn for
  that reader alone, and no cache keeps it.
- `state_providers`: functions (request, article, reader id) -> dict, each giving its part of
  `/articles/<slug>/lecteur/` (never cached), which scripts ask on later visits of readers who
  have acted.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from core.readers import reader_id

from .models import Article

page_providers = []
state_providers = []


def page_context(request, article):
    """The additions of every provider for this reader, or None for the shared page."""
    context = {}
    for provider in page_providers:
        context.update(provider(request, article) or {})
    return context or None


@require_safe
def reader_state(request, slug):
    """GET /articles/<slug>/lecteur/: this reader's vote and comments awaiting moderation."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    reader = reader_id(request)
    state = {}
    for provider in state_providers:
        state.update(provider(request, article, reader))
    response = JsonResponse(state)
    add_never_cache_headers(response)
    return response
