from django.conf import settings


def site(request):
    """The magazine's name, in every page and e-mail."""
    return {"site_name": settings.SITE_NAME}
