"""The moderation queue.

Editors (permission `comments.moderate_all_comments`) see and moderate every comment; journalists
only read the comments on articles they sign (Author.user in the article's byline), whatever ids
they send. Every decision goes through `moderation.set_status` (page caches told, e-mails sent once).
Editors with `comments.manage_commenter_data` export or erase everything tied to an e-mail.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from articles.admin import ArticleAdmin
from core.admin_titles import FrenchTitles

from . import privacy
from .forms import CommenterDataForm
from .text import excerpt
from .models import Comment, CommentReport
from .moderation import set_status
from .reports import open_reports, resolve


def can_moderate_all(user):
    return user.has_perm("comments.moderate_all_comments")


def can_manage_data(user):
    return user.has_perm("comments.manage_commenter_data")


def _earlier(status=None):
    """Number of the same address's comments sent before this one (one subquery, no N+1)."""
    earlier = Comment.objects.filter(email=OuterRef("email"), created_at__lt=OuterRef("created_at"))
    if status:
        earlier = earlier.filter(status=status)
    counts = earlier.order_by().values("email").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


class CommentStatusFilter(admin.SimpleListFilter):
    """The queue opens on « En attente », what waits for a decision; « Tout » stays one click
    away. The default holds only when nothing else narrows the list (another filter, a search):
    a link to one article's comments shows them all."""

    title = _("statut")
    parameter_name = "status__exact"  # Django's own name for this filter: old links keep working
    ALL = "tout"

    def __init__(self, request, params, model, model_admin):
        narrowed = any(name != self.parameter_name for name in params) or request.GET.get("q")
        # For showing the list, and for a bulk action on « Sélectionner les N avis »: « Publier »
        # then acts on the N waiting comments the list showed, never on every comment (spam and
        # removed ones included). Ticked rows are acted on whatever the filter.
        shown = request.method in ("GET", "HEAD") or request.POST.get("select_across") == "1"
        self.default = Comment.Status.PENDING if shown and not narrowed else None
        super().__init__(request, params, model, model_admin)

    def value(self):
        value = super().value()
        return self.default if value is None else value

    def lookups(self, request, model_admin):
        return Comment.Status.choices

    def choices(self, changelist):
        current = self.value()
        yield {"selected": current in (None, self.ALL), "display": _("Tout"),
               "query_string": changelist.get_query_string({self.parameter_name: self.ALL})}
        for value, label in self.lookup_choices:
            yield {"selected": current == str(value), "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value in (None, self.ALL) else queryset.filter(status=value)


class ReportedFilter(admin.SimpleListFilter):
    """« Signalés »: comments readers reported and no editor has answered yet."""

    title = _("signalements")
    parameter_name = "signale"

    def lookups(self, request, model_admin):
        return [("oui", _("Signalés, à examiner"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(open_report_count__gt=0)
        return queryset


class CommentReportInline(admin.TabularInline):
    """What readers said of this comment (read only: they are notices, not content)."""

    model = CommentReport
    fields = ["created_at", "reason", "explanation", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("signalement d'un lecteur")
    verbose_name_plural = _("signalements des lecteurs")

    def has_add_permission(self, request, obj=None):
        return False


def _open_report_count():
    counts = (open_reports().filter(comment=OuterRef("pk")).order_by().values("comment")
              .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


@admin.register(Comment)
class CommentAdmin(FrenchTitles, admin.ModelAdmin):
    change_title = _("Modérer l'avis")
    view_title = _("Consulter l'avis")
    list_title = _("Avis des lecteurs")
    list_display = ["excerpt", "name", "article_link", "status_and_reports", "created_at", "history",
                    "spam_reasons"]
    list_filter = [CommentStatusFilter, ReportedFilter, ("article", admin.RelatedOnlyFieldListFilter),
                   "created_at"]
    inlines = [CommentReportInline]
    list_select_related = ["article"]
    search_fields = ["name", "body", "article__title"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    list_per_page = 50
    actions = ["approve", "mark_spam", "remove", "dismiss_reports"]

    class Media:
        css = {"all": ["css/admin-newsroom-lists.css"]}  # the list fits 1280 px
    fields = ["article", "parent", "name", "email", "website", "body", "status", "notify_replies",
              "spam_reasons", "created_at", "moderated_at", "moderated_by"]
    readonly_fields = ["article", "parent", "email", "website", "spam_reasons", "created_at",
                       "moderated_at", "moderated_by"]

    # --- who sees what ---------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(
            earlier_total=_earlier(),
            earlier_approved=_earlier(Comment.Status.APPROVED),
            earlier_spam=_earlier(Comment.Status.SPAM),
            open_report_count=_open_report_count(),
        )
        if can_moderate_all(request.user):
            return queryset
        # A journalist: only their own articles. Author.user is one-to-one and an author signs
        # an article once, so this join never duplicates a comment.
        return queryset.filter(article__bylines__author__user=request.user)

    def has_add_permission(self, request):
        return False  # comments come from readers

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if can_manage_data(request.user):
            fields = [*fields, "commenter_data"]
        # Readers' addresses are for editors; journalists moderate without them.
        return fields if can_moderate_all(request.user) else [
            f for f in fields if f not in ("email", "website")]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "commenter_data"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return [*fields, "=email"] if can_moderate_all(request.user) else fields

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [*columns[:2], "email", *columns[2:]] if can_moderate_all(request.user) else columns

    # --- columns -----------------------------------------------------------------------------
    @admin.display(description=pgettext_lazy("texte d'un commentaire", "avis"))
    def excerpt(self, comment):
        return excerpt(comment.body, 90)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        url = f"{comment.article.get_absolute_url()}#{comment.anchor}"
        return format_html('<a href="{}">{}</a>', url, comment.article)

    @admin.display(description=_("données de ce lecteur"))
    def commenter_data(self, comment):
        url = reverse("admin:comments_comment_commenter_data") + "?" + urlencode({"email": comment.email})
        return format_html('<a href="{}">{}</a>', url, _("Exporter ou effacer ses avis"))

    @admin.display(description=_("avis précédents de cet e-mail"))
    def history(self, comment):
        if not comment.earlier_total:
            return _("premier avis")
        approved, spam = comment.earlier_approved, comment.earlier_spam
        details = [ngettext("%(count)d publié", "%(count)d publiés", approved) % {"count": approved}
                   if approved else _("aucun publié")]
        if spam:
            details.append(ngettext("%(count)d indésirable", "%(count)d indésirables", spam)
                           % {"count": spam})
        # « 3 : 2 publiés, 1 indésirable » (the others wait or were removed).
        return _("%(total)d : %(details)s") % {"total": comment.earlier_total,
                                                "details": ", ".join(map(str, details))}

    @admin.display(description=_("statut"), ordering="status")
    def status_and_reports(self, comment):
        """The status, and the readers' reports waiting for an answer (in the same column: the
        list fits 1280 px)."""
        status = comment.get_status_display()
        if not comment.open_report_count:
            return status
        return format_html("{}<br><strong>{}</strong>", status, ngettext(
            "%(count)d signalement", "%(count)d signalements", comment.open_report_count)
            % {"count": comment.open_report_count})

    # --- decisions ---------------------------------------------------------------------------
    def _decide(self, request, queryset, status, singular, plural):
        count = set_status(queryset, status, request.user)
        self.message_user(request, ngettext(singular, plural, count) % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=_("Publier les avis sélectionnés"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, Comment.Status.APPROVED,
                     "%(count)d avis publié.", "%(count)d avis publiés.")

    @admin.action(description=_("Classer en indésirables"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._decide(request, queryset, Comment.Status.SPAM,
                     "%(count)d avis classé en indésirable.", "%(count)d avis classés en indésirables.")

    @admin.action(description=_("Retirer les avis sélectionnés"), permissions=["change"])
    def remove(self, request, queryset):
        self._decide(request, queryset, Comment.Status.REMOVED,
                     "%(count)d avis retiré.", "%(count)d avis retirés.")

    @admin.action(description=_("Classer les signalements (l'avis reste tel quel)"),
                  permissions=["change"])
    def dismiss_reports(self, request, queryset):
        """Readers' reports looked at and found unfounded: the comment stays as it is (an
        editor who wants it back online publishes it)."""
        from django.utils import timezone

        ids = list(queryset.filter(open_report_count__gt=0).values_list("pk", flat=True))
        resolve(ids, timezone.now())
        self.message_user(request, ngettext(
            "Signalements classés pour %(count)d avis.", "Signalements classés pour %(count)d avis.",
            len(ids)) % {"count": len(ids)}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """The change form: a new status is a moderation decision like the actions'."""
        new_status = obj.status
        previous = Comment.objects.get(pk=obj.pk)
        obj.status = previous.status
        obj.save()
        if new_status != previous.status:
            set_status(Comment.objects.filter(pk=obj.pk), new_status, request.user)
            obj.refresh_from_db()

    # --- a reader's data (export, erase) -------------------------------------------------------
    def get_urls(self):
        return [
            path("lecteur/", self.admin_site.admin_view(self.commenter_data_view),
                 name="comments_comment_commenter_data"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_manage_data": can_manage_data(request.user)}
        return super().changelist_view(request, extra_context)

    def commenter_data_view(self, request):
        if not can_manage_data(request.user):
            raise PermissionDenied
        form = CommenterDataForm(request.POST or request.GET or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Données d'un lecteur"), "form": form, "comments": None}
        if form.is_valid():
            email = form.cleaned_data["email"]
            export = request.GET.get("format")
            if request.method == "GET" and export in ("json", "csv"):
                content = privacy.export_json(email) if export == "json" else privacy.export_csv(email)
                response = HttpResponse(content, content_type="application/json" if export == "json"
                                        else "text/csv; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="avis-lecteur.{export}"'
                return response
            if request.method == "POST":
                if request.POST.get("confirm") != "yes":
                    form.add_error(None, _("Cochez la case pour confirmer l'effacement."))
                else:
                    count = privacy.erase(email)
                    self.message_user(request, ngettext(
                        "%(count)d avis effacé.", "%(count)d avis effacés.", count
                    ) % {"count": count}, messages.SUCCESS)
                    return redirect(reverse("admin:comments_comment_commenter_data"))
            context["email"] = email
            context["comments"] = privacy.comments_of(email)
        return TemplateResponse(request, "admin/comments/comment/commenter_data.html", context)


# The article list's « avis » column: what readers see, and what waits for moderation, each a
# correlated subquery (not a query per row); a link to the queue filtered on the article.

def with_comment_counts(articles):
    waiting = (Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.PENDING)
               .order_by().values("article").annotate(n=Count("pk")).values("n"))
    return articles.annotate(
        comment_total=Comment.objects.approved_count_for(OuterRef("pk")),
        comments_waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
    )


@admin.display(description=pgettext_lazy("des commentaires", "avis"), ordering="comment_total")
def comments_column(article):
    text = str(article.comment_total)
    if article.comments_waiting:
        text += " " + ngettext("(%(count)s en attente)", "(%(count)s en attente)",
                               article.comments_waiting) % {"count": article.comments_waiting}
    if not (article.comment_total or article.comments_waiting):
        return text
    queue = reverse("admin:comments_comment_changelist")
    return format_html('<a href="{}?article__id__exact={}">{}</a>', queue, article.pk, text)


ArticleAdmin.add_column(comments_column, annotate=with_comment_counts, order=10)
