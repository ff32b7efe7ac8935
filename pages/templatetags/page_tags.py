"""`{% load page_tags %}`: the footer's page links (templates/base.html, in a fragment that
shows `footer-pages`) and the admin's warning while the legal notice is incomplete
(templates/admin/base_site.html)."""

from django import template

from core.prepared import PreparedQuery

from ..models import LegalNotice, Page

register = template.Library()

LEGAL_NOTICE_PERMISSION = "pages.change_legalnotice"

# Built and compiled once per process: the same SQL on every page (core/prepared.py).
_footer_query = PreparedQuery(Page, lambda shape: Page.objects.in_footer(), plan_once=True)


@register.simple_tag
def footer_pages():
    """The published pages placed in the footer, in order (one query, only when the
    footer's fragment is drawn)."""
    return _footer_query.run(None)


@register.inclusion_tag("admin/pages/_legal_notice_warning.html", takes_context=True)
def legal_notice_warning(context):
    """For whoever may fill the legal notice in: which required fields are still empty."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff or not user.has_perm(
            LEGAL_NOTICE_PERMISSION):
        return {"missing": []}
    return {"missing": LegalNotice.current().missing_fields()}
