"""What reader pages show about pages and the legal notice, and what a change to them redraws.

Dependency kinds (pagecache.dependencies):
- `pages`: any page, its address, text and status (every page view resolves its address
  against all pages; the sitemap lists them). Pages are few and rarely edited: one counter.
- `footer-pages`: the footer's links (titles, addresses, order, which pages are published
  and placed there). Shown by every reader page, so moved only when one of those changes,
  never by an edit of a page's text.
- `legal-notice`: the publisher's legal notice (the « Mentions légales » page).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from pagecache import dependencies
from pagecache.generations import bump

from .models import LegalNotice, Page

# What the footer shows of a page (the path carries the parent's slug).
FOOTER_FIELDS = ("title", "path", "footer_position", "status")


def register_kinds():
    for kind in ("pages", "footer-pages", "legal-notice"):
        dependencies.register(kind)


def _remember_state(sender, instance, raw=False, **kwargs):
    instance._footer_before = (
        Page.objects.filter(pk=instance.pk).values(*FOOTER_FIELDS).first()
        if instance.pk and not raw else None)


def _in_footer(state):
    return state is not None and state["footer_position"] is not None


def _page_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_footer_before", None)
    after = {field: getattr(instance, field) for field in FOOTER_FIELDS}
    keys = ["pages"]
    if before is None:
        if _in_footer(after):
            keys.append("footer-pages")
    elif before != after and (_in_footer(before) or _in_footer(after)
                              or before["path"] != after["path"]):  # its subpages move too
        keys.append("footer-pages")
    bump(*keys)


def _page_deleted(sender, instance, **kwargs):
    bump("pages", "footer-pages" if instance.footer_position is not None else None)


def _legal_notice_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump("legal-notice")


def connect():
    register_kinds()
    uid = "pages.invalidation."
    pre_save.connect(_remember_state, sender=Page, dispatch_uid=uid + "page-pre")
    post_save.connect(_page_saved, sender=Page, dispatch_uid=uid + "page-saved")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=uid + "page-deleted")
    post_save.connect(_legal_notice_changed, sender=LegalNotice, dispatch_uid=uid + "legal-saved")
    post_delete.connect(_legal_notice_changed, sender=LegalNotice, dispatch_uid=uid + "legal-deleted")
