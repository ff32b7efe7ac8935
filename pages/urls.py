from django.urls import re_path

from . import views

app_name = "pages"

urlpatterns = [
    # Last of the site's patterns (magazine/urls.py): any address of one or more slugs that
    # nothing else answered. A page's slug at the root may not be one of the site's own
    # addresses (pages.models.reserved_slugs).
    re_path(r"^(?P<path>(?:[-\w]+/)+)$", views.PageView.as_view(), name="page"),
]
