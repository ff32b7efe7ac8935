from django.views.generic import ListView

from articles.views import ArticleListView

from .models import Author


class AuthorListView(ListView):
    """The newsroom: every author with a bio."""

    model = Author
    template_name = "authors/author_list.html"
    context_object_name = "authors"


class AuthorView(ArticleListView):
    """An author's page: long bio, then their published articles."""

    template_name = "authors/author_detail.html"
    subject_model = Author
    subject_lookup = "bylines__author"
