"""Draft previews: the public article page, exactly, for an article readers cannot see yet.

Two doors lead to it. Staff open « Aperçu » from the admin (the admin's own visibility rules
apply). Anyone else needs a shared link: signed (django.core.signing), expiring after
PREVIEW_LINK_DAYS, bound to one article, and revocable, since it carries the article's
`preview_key` and « révoquer » replaces that key. Both are marked noindex and never cached.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.generic import DetailView

from . import workflow
from .models import Article
from .views import ArticleDetailView

SALT = "articles.preview"


def link_lifetime():
    return timedelta(days=settings.PREVIEW_LINK_DAYS)


def _preview_key(article):
    if not article.preview_key:
        # The first link sets the key; concurrent requests all end up with the stored one.
        # A queryset update: creating a link is not an edit (no new version, no revision).
        Article.objects.filter(pk=article.pk, preview_key="").update(
            preview_key=secrets.token_urlsafe(24)[:32])
        article.preview_key = Article.objects.values_list("preview_key", flat=True).get(pk=article.pk)
    return article.preview_key


def make_link(article, request=None):
    """(URL, expiry time) of a new shared preview link for `article`."""
    token = signing.dumps({"a": article.pk, "k": _preview_key(article)}, salt=SALT)
    url = reverse("articles:preview", kwargs={"pk": article.pk, "token": token})
    url = request.build_absolute_uri(url) if request else settings.SITE_URL + url
    return url, timezone.now() + link_lifetime()


def revoke_links(article):
    """Make every preview link of `article` handed out so far stop working."""
    article.preview_key = secrets.token_urlsafe(24)[:32]
    Article.objects.filter(pk=article.pk).update(preview_key=article.preview_key)


def revoke_all_links():
    """Every shared preview link of every article stops working (a link that leaked, an
    editor leaving): the next link made for an article gets a new key. Returns how many
    articles had links."""
    return Article.objects.exclude(preview_key="").update(preview_key="")


def article_pk_for_token(token, pk):
    """`pk` if `token` is a live preview link for that article, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("a") != pk:
        return None
    key = Article.objects.filter(pk=pk).values_list("preview_key", flat=True).first()
    if not key or not constant_time_compare(key, str(data.get("k", ""))):
        return None
    return pk


def private_response(response):
    """A preview is for one person: no cache may keep it, no search engine may index it, and
    the secret link must not leak through the Referer header of links followed from it."""
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, private…
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class PreviewMixin:
    """The public article page (same view, same template) plus a draft banner."""

    template_name = "articles/article_preview.html"
    shared = False
    render_live = True

    def get_object(self, queryset=None):
        # By its id among visible_articles() (Django's own lookup), not the public page's
        # published article by slug.
        return DetailView.get_object(self, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=True,
            preview_shared=self.shared,
            preview_status=workflow.status_label(self.object),
            preview_is_live=self.object.is_published,
        )
        return context

    def render_to_response(self, context, **kwargs):
        return private_response(super().render_to_response(context, **kwargs))


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """/apercu/<pk>/<token>/: the link an editor hands to someone without an account."""

    shared = True

    def get(self, request, *args, **kwargs):
        self.token_pk = article_pk_for_token(kwargs["token"], kwargs["pk"])
        if self.token_pk is None:
            response = TemplateResponse(request, "articles/preview_invalid.html", status=404)
            return private_response(response)
        return super().get(request, *args, **kwargs)

    def visible_articles(self):
        return Article.objects.filter(pk=self.token_pk)


class StaffPreviewView(PreviewMixin, ArticleDetailView):
    """« Aperçu » in the admin: whatever the user may see there, rendered as readers would."""

    model_admin = None

    def visible_articles(self):
        # The admin's rules, without the admin list's prefetches (the page adds its own).
        return self.model_admin.get_queryset(self.request).prefetch_related(None)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not self.model_admin.has_view_or_change_permission(self.request, article):
            raise PermissionDenied
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.model_admin.has_change_permission(self.request, self.object):
            context["preview_edit_url"] = reverse("admin:articles_article_change",
                                                  args=[self.object.pk])
        return context
