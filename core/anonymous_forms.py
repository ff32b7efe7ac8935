"""Forms readers send without an account or a token: votes, comments, the author contact form,
« effacer mes avis ».

Pages carry no CSRF token, so every anonymous reader gets the same bytes and any cache can keep
them. Forgery is refused by where the request comes from, as browsers tell it (the same rules
as Go's and Rails' origin checks):

1. `Sec-Fetch-Site` present (every current browser): only `same-origin` is accepted;
2. else `Origin` present: it must equal, scheme, host and port, SITE_URL or one of
   CSRF_TRUSTED_ORIGINS; `Origin: null` (sandboxed frames, some redirects) is refused;
3. else `Referer`, reduced to its origin, by the same rule;
4. neither header (an old browser, a privacy extension): a private page shows the reader what
   they sent and asks them to confirm, with a button carrying an ordinary Django CSRF token.
Never compared with `Host` or `X-Forwarded-Host`, which a client or a proxy may set. Every
unsafe method goes through this; a request asking for JSON must also send JSON
(`Content-Type: application/json`), which no cross-site HTML form can. Refusals are French
pages (English under /en/), JSON for the scripts. Django's full CSRF protection stays on the
admin and every staff form (CsrfViewMiddleware); the views here are exempt from it.
"""

import json
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest, get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalized_origin(url):
    """"scheme://host[:port]" with the default port left out, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    origin = f"{parts.scheme}://{parts.hostname}"
    return origin if port in (None, _DEFAULT_PORTS[parts.scheme]) else f"{origin}:{port}"


def _csrf_middleware():
    return CsrfViewMiddleware(lambda request: None)


def allowed_origin(origin):
    """True for SITE_URL's origin and CSRF_TRUSTED_ORIGINS (wildcards as Django reads them)."""
    origin = normalized_origin(origin or "")
    if origin is None:
        return False
    exact = {normalized_origin(url) for url in (settings.SITE_URL, *settings.CSRF_TRUSTED_ORIGINS)
             if "*" not in url}
    if origin in exact:
        return True
    scheme, _sep, host = origin.partition("://")
    patterns = _csrf_middleware().allowed_origin_subdomains.get(scheme, [])
    return any(is_same_domain(host, pattern) for pattern in patterns)


def origin_verdict(request):
    """True (from this site), False (from elsewhere), None (the browser says nothing)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.strip() != "null" and allowed_origin(origin)
    referer = request.headers.get("Referer")
    if referer:
        return allowed_origin(referer)
    return None


def has_valid_csrf_token(request):
    """The confirmation page's ordinary Django token (cookie and form field) is valid."""
    middleware = _csrf_middleware()
    middleware.process_request(request)
    try:
        middleware._check_token(request)
    except RejectRequest:
        return False
    return True


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def sends_json(request):
    return request.content_type == "application/json"


def _json_fields(request):
    """The JSON object a script sent, as form data (None if it is not an object)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    fields = QueryDict(mutable=True)
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bool):
                item = "on" if item else ""
            fields.appendlist(str(name), "" if item is None else str(item))
    fields._mutable = False
    return fields


def refusal(request, message, status=403):
    if wants_json(request) or sends_json(request):
        response = JsonResponse({"ok": False, "error": message, "message": message, "errors": {}},
                                status=status)
    else:
        response = HttpResponse(render_to_string("form_refused.html", {
            "message": message, "status": status}, request=request), status=status)
    add_never_cache_headers(response)
    return response


def confirmation(request, shown):
    """The reader's form again, their text in it, to send with a Django CSRF token."""
    fields = [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
              for value in values]
    get_token(request)  # sets the CSRF cookie the button's token goes with
    response = HttpResponse(render_to_string("form_confirm.html", {
        "action": request.get_full_path(),
        "hidden": [(name, value) for name, value in fields if name not in shown],
        "shown": [(name, value) for name, value in fields if name in shown],
    }, request=request))
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def anonymous_form(view=None, *, shown=("body",), json_answers=False):
    """Protect a view (function or View.as_view()) that readers POST to without a token.

    `shown`: fields the confirmation page shows for the reader to check (the rest ride along
    hidden). `json_answers`: the view answers scripts in JSON; a JSON body then replaces
    request.POST, and a request asking for JSON must send JSON.
    """
    def decorator(view):
        @wraps(view)
        def protected(request, *args, **kwargs):
            if request.method in SAFE_METHODS:
                return view(request, *args, **kwargs)
            if json_answers and wants_json(request) and not sends_json(request):
                return refusal(request, _("Ce point d'accès attend du JSON "
                                          "(Content-Type: application/json)."), status=415)
            if json_answers and sends_json(request):
                fields = _json_fields(request)
                if fields is None:
                    return refusal(request, _("Cet envoi n'est pas un objet JSON valide."),
                                   status=400)
                request.POST = fields
            verdict = origin_verdict(request)
            if verdict is None and has_valid_csrf_token(request):
                verdict = True
            if verdict is False:
                return refusal(request, _(
                    "Ce formulaire ne peut être envoyé que depuis une page du Magazine. "
                    "Revenez à l'article et envoyez-le de là."))
            if verdict is None:
                if sends_json(request):
                    return refusal(request, _("Votre navigateur n'a pas indiqué d'où vient cet "
                                              "envoi : rechargez la page et réessayez."))
                return confirmation(request, shown)
            return view(request, *args, **kwargs)

        return csrf_exempt(protected)

    return decorator(view) if view is not None else decorator
