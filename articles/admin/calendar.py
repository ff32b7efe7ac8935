"""The publication calendar of the article admin: published and scheduled articles by week or
by month (« Calendrier »), today marked, each article a link to its form with its status.

Rescheduling needs no dragging: the article's form has its publication date, and an editor
can also give a scheduled article a new date right in the calendar (« Reprogrammer »), which
follows the form's rules: editors only (`workflow.is_editor`, the publication date is theirs),
a date still to come, saved as one revision of the article (its version moves, so someone
editing the form meanwhile is told of the change, as with any save).
"""

import calendar as calendar_module
from datetime import date, datetime, time, timedelta

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow
from ..models import Article

WEEK, MONTH = "semaine", "mois"
# Dates the calendar shows: far enough for any archive, never a year Python cannot hold.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 1)


class RescheduleForm(forms.Form):
    published_at = forms.DateTimeField(
        label=gettext_lazy("nouvelle date de publication"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": gettext_lazy("Saisissez une date et une heure valides.")})

    def clean_published_at(self):
        value = self.cleaned_data["published_at"]
        if value <= timezone.now():
            raise forms.ValidationError(
                _("La nouvelle date doit être à venir : pour publier maintenant, "
                  "ouvrez l’article."))
        return value


def _day(value, default):
    """A day from `?date=AAAA-MM-JJ`; `default` (and a message) if it is not one."""
    if value is None:
        return default, None
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return default, _("Date non reconnue (« %(value)s ») : voici aujourd’hui.") % {
            "value": value[:40]}
    if not FIRST_DAY <= day <= LAST_DAY:
        return default, _("Date hors du calendrier : voici aujourd’hui.")
    return day, None


class CalendarAdminMixin:
    """For the article admin: `calendrier/` and `<id>/reprogrammer/`."""

    def get_urls(self):
        return [
            path("calendrier/", self.admin_site.admin_view(self.calendar_view),
                 name="articles_article_calendar"),
            path("<path:object_id>/reprogrammer/", self.admin_site.admin_view(self.reschedule_view),
                 name="articles_article_reschedule"),
        ] + super().get_urls()

    def calendar_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        day, problem = _day(request.GET.get("date"), today)
        if problem:
            messages.warning(request, problem)
        view = MONTH if request.GET.get("vue") == MONTH else WEEK
        if view == WEEK:
            first = day - timedelta(days=day.weekday())
            last = first + timedelta(days=6)
            previous, following = first - timedelta(days=7), first + timedelta(days=7)
            title = _("Semaine du %(first)s au %(last)s") % {
                "first": date_format(first, "j F"), "last": date_format(last, "j F Y")}
        else:
            month_start = day.replace(day=1)
            month_end = month_start.replace(
                day=calendar_module.monthrange(day.year, day.month)[1])
            first = month_start - timedelta(days=month_start.weekday())
            last = month_end + timedelta(days=6 - month_end.weekday())
            previous = (month_start - timedelta(days=1)).replace(day=1)
            following = month_end + timedelta(days=1)
            title = f"{MONTHS[day.month]} {day.year}".capitalize()
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        articles = workflow.visible_articles(
            request.user,
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gte=start,
                                   published_at__lt=end).select_related("section"),
        ).order_by("published_at", "pk").only(
            "pk", "title", "status", "published_at", "section__name")
        by_day = {}
        is_editor = workflow.is_editor(request.user)
        now = timezone.now()
        for article in articles:
            local = timezone.localtime(article.published_at)
            scheduled = article.is_scheduled(now)
            by_day.setdefault(local.date(), []).append({
                "article": article, "time": local, "scheduled": scheduled,
                "status": _("Programmé") if scheduled else _("En ligne"),
                "url": reverse("admin:articles_article_change", args=[quote(article.pk)],
                               current_app=self.admin_site.name),
                "reschedule": (RescheduleForm(
                    initial={"published_at": local.replace(tzinfo=None)},
                    auto_id=f"reprogrammer-{article.pk}-%s")
                    if scheduled and is_editor else None),
            })
        days = []
        current = first
        while current <= last:
            days.append({"date": current, "today": current == today,
                         "outside": view == MONTH and current.month != day.month,
                         "entries": by_day.get(current, [])})
            current += timedelta(days=1)
        here = reverse("admin:articles_article_calendar", current_app=self.admin_site.name)

        def link(target, kind=view):
            return f"{here}?{urlencode({'vue': kind, 'date': target.isoformat()})}"

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Calendrier des publications"),
            "period": title,
            "view": view,
            "weeks": [days[i:i + 7] for i in range(0, len(days), 7)],
            "weekdays": [date_format(first + timedelta(days=i), "l") for i in range(7)],
            "previous_url": link(previous) if previous >= FIRST_DAY else None,
            "next_url": link(following) if following <= LAST_DAY else None,
            "today_url": link(today),
            "week_url": link(day, WEEK),
            "month_url": link(day, MONTH),
            "back": request.get_full_path(),
            "count": sum(len(entries) for entries in by_day.values()),
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)

    def reschedule_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_visible_article(request, object_id)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()},
                                               require_https=request.is_secure()):
            back = reverse("admin:articles_article_calendar", current_app=self.admin_site.name)
        form = RescheduleForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("published_at", []):
                messages.error(request, _("« %(title)s » : %(error)s") % {
                    "title": article.title, "error": error})
            return HttpResponseRedirect(back)
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            if not article.is_scheduled():
                messages.error(request, _("« %(title)s » n’est plus programmé : ouvrez-le pour "
                                          "changer sa date.") % {"title": article.title})
                return HttpResponseRedirect(back)
            with reversion.create_revision():
                article.published_at = form.cleaned_data["published_at"]
                article.save()
                note = _("Reprogrammé pour le %(date)s") % {
                    "date": workflow.format_datetime(article.published_at)}
                reversion.set_user(request.user)
                reversion.set_comment(note)
            self.log_change(request, article, note)
        messages.success(request, _("« %(title)s » : %(note)s.") % {
            "title": article.title, "note": note})
        day = timezone.localtime(article.published_at).date()
        if "date=" in back:  # follow the article to its new week or month
            view = MONTH if "vue=mois" in back else WEEK
            back = reverse("admin:articles_article_calendar", current_app=self.admin_site.name) \
                + "?" + urlencode({"vue": view, "date": day.isoformat()})
        return HttpResponseRedirect(back)
