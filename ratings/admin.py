from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, ExpressionWrapper, F, FloatField, When
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from core.admin_titles import FrenchTitles

from .models import RatingSummary


@admin.register(RatingSummary)
class RatingSummaryAdmin(FrenchTitles, admin.ModelAdmin):
    """The rated articles: counts, averages, distributions, and the reset button.

    Read-only: numbers only ever change through votes or a reset, so they stay exact.
    """

    list_display = ["article", "count", "average", "distribution", "ranking_score", "updated_at"]
    list_select_related = ["article"]
    ordering = ["-bayesian", "-count"]
    search_fields = ["article__title"]
    fields = ["article", "count", "average", "distribution_table", "ranking_score", "updated_at"]
    readonly_fields = fields
    change_title = gettext_lazy("Notes de l'article")
    view_title = gettext_lazy("Notes de l'article")
    change_form_template = "admin/ratings/ratingsummary/change_form.html"

    def get_queryset(self, request):
        # Rated articles only; the average as SQL so the changelist can sort on it.
        average = ExpressionWrapper(F("total") * 1.0 / F("count"), output_field=FloatField())
        return (super().get_queryset(request).filter(count__gt=0)
                .annotate(average_value=Case(When(count__gt=0, then=average), default=None)))

    @admin.display(description=gettext_lazy("moyenne"), ordering="average_value")
    def average(self, summary):
        return summary.display().average_label

    @admin.display(description=gettext_lazy("score de classement"), ordering="bayesian")
    def ranking_score(self, summary):
        # Bayesian average (ratings/ranking.py): the order of "Les mieux notés".
        return number_format(summary.bayesian, decimal_pos=2)

    @admin.display(description=gettext_lazy("répartition"))
    def distribution(self, summary):
        return " · ".join(f"{share.stars}★ {share.percent_label}"
                          for share in summary.display().distribution)

    @admin.display(description=gettext_lazy("répartition"))
    def distribution_table(self, summary):
        rows = format_html_join(
            "", "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            ((share.label, share.count, share.percent_label)
             for share in summary.display().distribution))
        imported = summary.display().imported_label
        if imported:
            return format_html("<table><tbody>{}</tbody></table><p>{}</p>", rows, imported)
        return format_html("<table><tbody>{}</tbody></table>", rows)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reset_permission(self, request):
        return request.user.has_perm("ratings.reset_ratings")

    def get_urls(self):
        return [
            path("<path:object_id>/remise-a-zero/", self.admin_site.admin_view(self.reset_view),
                 name="ratings_ratingsummary_reset"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}),
                         "can_reset": self.has_reset_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def reset_view(self, request, object_id):
        """Confirm, then delete every vote on the article; logged in the admin history."""
        if not self.has_reset_permission(request):
            raise PermissionDenied
        summary = self.get_object(request, object_id)
        if summary is None:
            raise Http404(_("Cet article n'a pas de notes."))
        article = summary.article
        if request.method == "POST":
            deleted = RatingSummary.objects.reset(article)
            message = ngettext("Notes remises à zéro : %(count)s vote supprimé.",
                               "Notes remises à zéro : %(count)s votes supprimés.",
                               deleted) % {"count": deleted}
            # Logged on the article: its history is where the newsroom looks.
            self.log_change(request, article, message)
            self.message_user(request, _("« %(title)s » : %(message)s")
                              % {"title": article, "message": message}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:ratings_ratingsummary_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Remettre à zéro les notes ?"),
            "opts": self.opts,
            "object": summary,
            "display": summary.display(),
        }
        return TemplateResponse(request, "admin/ratings/ratingsummary/reset_confirmation.html",
                                context)


# The article list's « note des lecteurs » column, read with the list's one query.

@admin.display(description=gettext_lazy("note des lecteurs"),
               ordering="rating_summary__bayesian")
def rating_column(article):
    # The ratings app's own summary wording (« 4,6/5 (30 votes) »); no vote, no summary row.
    summary = getattr(article, "rating_summary", None)
    return summary.display().label if summary is not None and summary.count else "—"


ArticleAdmin.add_column(rating_column, select_related=["rating_summary"], order=20)
