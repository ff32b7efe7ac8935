from django.conf import settings
from django.middleware import locale
from django.template import loader


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, microphone, location and the like.

    Django has no setting for this header (it does for the other security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (PUT on a page, GET on a form's address) with an empty 405;
    give it a short French page instead (a view that words its own 405 keeps it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not response.streaming:
            response.content = loader.get_template("405.html").render()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, without the `Vary: Accept-Language` it adds to pages at the root: the language
    comes from the address alone (French at the root, English under /en/), so every cache in
    front keeps one copy of a French page, not one per browser language."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",")
                    if v.strip() and v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
