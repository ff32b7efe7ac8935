from django.template.response import TemplateResponse


def gone(request):
    """« Cet article a été retiré »: 410 Gone, for a redirect without a new address and for
    an article the newsroom archived (articles.views). It shows nothing of what was there."""
    return TemplateResponse(request, "redirects/gone.html", status=410).render()
