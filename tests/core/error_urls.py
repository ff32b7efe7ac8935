"""The site's URLs plus views that fail, for the error-report tests."""

from django.urls import path

from magazine.urls import handler500  # noqa: F401 (the site's French 500 page)
from magazine.urls import urlpatterns as site_urlpatterns


def failing_view(request, token=""):
    email = request.POST.get("email") or request.GET.get("email")  # kept in the frame, as a view would
    remote = request.META.get("REMOTE_ADDR")
    raise ZeroDivisionError(f"échec en traitant {email} depuis {remote}")


urlpatterns = [path("panne/<str:token>/", failing_view), *site_urlpatterns]
