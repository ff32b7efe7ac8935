from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core import ratelimit
from core.anonymous_forms import anonymous_form
from core.readers import ip_hash
from pagecache.dependencies import depends_on

from . import contact
from .models import Author


class AuthorListView(ListView):
    """The newsroom: every author with a bio."""

    model = Author
    template_name = "authors/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        depends_on("authors")
        return super().get_queryset()


@method_decorator(anonymous_form(shown=()), name="dispatch")
class AuthorContactView(View):
    """How to write to an author without the address being in any page (authors/contact.py).

    GET shows a button; the POST (from this site only, rate-limited) shows the address.
    """

    template_name = "authors/contact.html"

    def get_author(self, slug):
        return get_object_or_404(Author.objects.exclude(email=""), slug=slug)

    def get(self, request, slug):
        return self.respond(request, self.get_author(slug))

    def post(self, request, slug):
        author = self.get_author(slug)
        if not ratelimit.hit("author-contact", ip_hash(request), contact.REVEAL_LIMIT,
                             contact.REVEAL_WINDOW_SECONDS):
            error = _("Trop de demandes depuis votre connexion. Réessayez dans une heure.")
            return self.respond(request, author, error=error, status=429)
        return self.respond(request, author, address=author.email)

    def respond(self, request, author, status=200, **context):
        response = render(request, self.template_name, {"author": author, **context}, status=status)
        if request.method == "POST":
            # The revealed address is for this reader only: never stored by any cache.
            response["Cache-Control"] = "private, no-store"
        return response
