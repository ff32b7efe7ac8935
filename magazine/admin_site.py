"""The newsroom's admin site: French titles, optional two-factor login for staff, and no way
round what a role may see.

With STAFF_TWO_FACTOR on, staff must give a one-time code from a registered device (django-otp,
TOTP apps such as FreeOTP or Aegis) and are treated as non-staff until they do. Off by default so
a fresh install and the demo work without devices.

Every model admin registered here filters, searches and sorts only on the fields its user's role
is shown (OnlyVisibleFields): Django accepts `?email__startswith=m` on any field of the model,
which let a journalist spell out commenters' addresses one request at a time. And the "view on
site" shortcut (`r/<content type>/<id>/`) redirects only to what the user may see in the admin.
Their lists take any number in a filter (FilterableNumbers): Django's date drill-down turns
`?published_at__year=99999999999999999999999` into an OverflowError, a 500.

The home page is the newsroom's dashboard (`newsroom_dashboard`, templates/admin/index.html),
above Django's list of apps: what waits for this user, by role. A journalist sees their
drafts, what an editor sent back to them (with the note), what is in review and what was
published lately; an editor the review queue, the comments held for moderation and the
publications of today and of the week. A fixed number of queries, however many articles.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm


class OnlyVisibleFields:
    """A model admin whose lookups, search and sorting stay on the fields its user is shown
    (in the form, the list's columns and filters): none reveals, a character at a time, a
    field the role may not read."""

    def visible_fields(self, request):
        cache = request.__dict__.setdefault("_visible_fields", {})
        key = id(self)
        if key not in cache:
            names = {self.model._meta.pk.name}
            names.update(flatten_fieldsets(self.get_fieldsets(request)))  # read-only included
            for column in self.get_list_display(request):
                if isinstance(column, str):
                    names.add(column)
                    ordering = getattr(getattr(self, column, None), "admin_order_field", None)
                    if isinstance(ordering, str):
                        names.add(ordering.lstrip("-"))
            for item in self.get_list_filter(request):
                if isinstance(item, str):
                    names.add(item)
                elif isinstance(item, (list, tuple)):
                    names.add(item[0])
                elif getattr(item, "parameter_name", None):
                    names.add(item.parameter_name)
            if self.date_hierarchy:
                names.add(self.date_hierarchy)
            cache[key] = {self._field_name(name) for name in names}
        return cache[key]

    def _field_name(self, path):
        first = str(path).split(LOOKUP_SEP)[0]
        try:
            return self.model._meta.get_field(first).name
        except FieldDoesNotExist:
            return first

    def lookup_allowed(self, lookup, value, request=None):
        if request is not None and self._field_name(lookup) not in self.visible_fields(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        visible = self.visible_fields(request)
        return [field for field in super().get_search_fields(request)
                if self._field_name(field.lstrip("^=@$")) in visible]

    def get_sortable_by(self, request):
        visible = self.visible_fields(request)
        sortable = []
        for column in super().get_sortable_by(request):
            ordering = getattr(getattr(self, column, None), "admin_order_field", column) \
                if isinstance(column, str) else None
            if ordering is None or not isinstance(ordering, str) or (
                    self._field_name(ordering.lstrip("-")) in visible):
                sortable.append(column)
        return sortable


class FilterableNumbers:
    """A model admin whose list answers a number too large for any date or column in a filter
    as Django answers a wrong filter (the list again, « ?e=1 »), never with a 500."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)

        class ChangeList(changelist):
            def get_filters(self, request):
                try:
                    return super().get_filters(request)
                except OverflowError as error:
                    raise IncorrectLookupParameters(error) from error

            def get_results(self, request):
                # Year 1 in Paris is before the first UTC datetime: the query cannot be built.
                try:
                    return super().get_results(request)
                except OverflowError as error:
                    raise IncorrectLookupParameters(error) from error

        return ChangeList


ADMIN_MIXINS = (OnlyVisibleFields, FilterableNumbers)


class MagazineAdminSite(admin.AdminSite):
    site_header = _("Le Magazine — rédaction")
    site_title = _("Le Magazine")
    index_title = _("Rédaction")

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.STAFF_TWO_FACTOR else AdminAuthenticationForm

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.STAFF_TWO_FACTOR else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.STAFF_TWO_FACTOR:
            return request.user.is_verified()
        return allowed

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        missing = tuple(mixin for mixin in ADMIN_MIXINS if not issubclass(admin_class, mixin))
        if missing:
            admin_class = type(admin_class.__name__, (*missing, admin_class), {
                "__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        return super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        context = {"newsroom": newsroom_dashboard(request)}
        context.update(extra_context or {})
        return super().index(request, context)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path("r/<int:content_type_id>/<path:object_id>/",
                                   self.admin_view(self.view_on_site), name="view_on_site")
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for what the user may see here only: a 404 otherwise, the same
        whether the object is hidden from them or does not exist."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ObjectDoesNotExist:
            raise Http404
        model_admin = self._registry.get(model)
        if model_admin is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return HttpResponseRedirect(request.build_absolute_uri(obj.get_absolute_url()))


# --- The newsroom's dashboard ------------------------------------------------------------------

DASHBOARD_LIST_SIZE = 10  # items per list; the counters say how many there are in all
RECENT_DAYS = 30  # a journalist's « publiés récemment »
WEEK_DAYS = 7  # an editor's « les sept jours suivants »


def newsroom_dashboard(request):
    """What waits for `request.user` on the admin home, by role (None: no newsroom role)."""
    from articles import workflow

    user = request.user
    if workflow.is_editor(user):
        return _editor_dashboard(user)
    if user.has_perm("articles.change_article"):
        return _journalist_dashboard(user)
    return None


def _article_change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _article_rows(articles):
    from articles import workflow

    return [{"article": article, "url": _article_change_url(article),
             "status": workflow.status_label(article),
             "authors": ", ".join(author.name for author in article.ordered_authors)}
            for article in articles]


def _day_bounds(now):
    """The start of today and of tomorrow, and the end of the seven days after today (local)."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    tomorrow = start + timedelta(days=1)
    return start, tomorrow, tomorrow + timedelta(days=WEEK_DAYS)


def _editor_dashboard(user):
    from articles.models import BYLINES_PREFETCH, Article

    now = timezone.now()
    start, tomorrow, end_of_week = _day_bounds(now)
    articles = Article.objects.select_related("section").prefetch_related(BYLINES_PREFETCH)
    review = articles.filter(status=Article.Status.REVIEW)
    # Today: what went or goes live today; the week: what is programmed for the seven days
    # after it (on a Sunday too).
    today = articles.filter(status=Article.Status.PUBLISHED, published_at__gte=start,
                            published_at__lt=tomorrow)
    week = articles.filter(status=Article.Status.PUBLISHED, published_at__gte=tomorrow,
                           published_at__lt=end_of_week)
    changelist = reverse("admin:articles_article_changelist")
    dashboard = {
        "role": "editor",
        "review": _article_rows(review.order_by("updated_at")[:DASHBOARD_LIST_SIZE]),
        "review_count": review.count(),
        "review_url": f"{changelist}?statut={Article.Status.REVIEW}",
        "today": _article_rows(today.order_by("published_at")),
        "week": _article_rows(week.order_by("published_at")[:DASHBOARD_LIST_SIZE]),
        "week_count": week.count(),
        "calendar_url": reverse("admin:articles_article_calendar"),
    }
    dashboard["today_count"] = len(dashboard["today"])
    if user.has_perm("comments.moderate_all_comments"):
        from comments.models import Comment
        from comments.text import excerpt

        held = Comment.objects.filter(status=Comment.Status.PENDING)
        dashboard["held"] = [
            {"comment": comment, "excerpt": excerpt(comment.body, 90),
             "url": reverse("admin:comments_comment_change", args=[comment.pk])}
            for comment in held.select_related("article").order_by("created_at")[
                :DASHBOARD_LIST_SIZE]]
        dashboard["held_count"] = held.count()
        dashboard["held_url"] = (reverse("admin:comments_comment_changelist")
                                 + f"?status__exact={Comment.Status.PENDING}")
    return dashboard


def _journalist_dashboard(user):
    from articles.models import BYLINES_PREFETCH, Article

    signed = (Article.objects.filter(bylines__author__user=user).select_related("section")
              .prefetch_related(BYLINES_PREFETCH))
    in_progress = list(signed.filter(status__in=[Article.Status.DRAFT, Article.Status.REVIEW])
                       .order_by("-updated_at")[:3 * DASHBOARD_LIST_SIZE])
    steps = _last_steps(user, [a for a in in_progress if a.status == Article.Status.DRAFT])
    drafts, returned, review = [], [], []
    for row in _article_rows(in_progress):
        article = row["article"]
        if article.status == Article.Status.REVIEW:
            review.append(row)
        elif article.pk in steps:
            row["step"] = steps[article.pk]
            returned.append(row)
        else:
            drafts.append(row)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    published = signed.filter(status=Article.Status.PUBLISHED, published_at__gte=since)
    changelist = reverse("admin:articles_article_changelist")
    return {
        "role": "journalist",
        "returned": returned[:DASHBOARD_LIST_SIZE],
        "drafts": drafts[:DASHBOARD_LIST_SIZE],
        "review": review[:DASHBOARD_LIST_SIZE],
        "published": _article_rows(published.order_by("-published_at")[:DASHBOARD_LIST_SIZE]),
        "add_url": reverse("admin:articles_article_add"),
        "list_url": changelist,
    }


def _last_steps(user, drafts):
    """For each of `drafts` (pk -> revision) that someone else sent back to draft (« Renvoyer
    en brouillon », « Dépublier »), the revision of that step, whose comment holds the note.
    Steps are told apart by the history line `workflow.transition_note` writes. Two queries."""
    from django.db.models import CharField, OuterRef, Q, Subquery
    from django.db.models.functions import Cast
    from reversion.models import Revision, Version

    from articles import workflow
    from articles.models import Article

    if not drafts:
        return {}
    labels = {}
    for name in ("submit", "to_draft", "unpublish"):
        for language in {settings.LANGUAGE_CODE, translation.get_language()}:
            with translation.override(language):
                labels[str(workflow.TRANSITIONS[name].done)] = name
    any_step = Q()
    for label in labels:
        any_step |= Q(revision__comment__startswith=label)
    content_type = ContentType.objects.get_for_model(Article)
    last_step = (Version.objects.filter(content_type=content_type,
                                        object_id=Cast(OuterRef("pk"), CharField()))
                 .filter(any_step).order_by("-revision__date_created", "-pk")
                 .values("revision_id")[:1])
    revision_of = dict(Article.objects.filter(pk__in=[a.pk for a in drafts])
                       .annotate(step=Subquery(last_step)).values_list("pk", "step"))
    revisions = Revision.objects.select_related("user").in_bulk(
        [pk for pk in revision_of.values() if pk])
    steps = {}
    for article_pk, revision_pk in revision_of.items():
        revision = revisions.get(revision_pk)
        if revision is None or revision.user_id == user.pk:
            continue
        name = next((n for label, n in labels.items() if revision.comment.startswith(label)), "")
        if name in {"to_draft", "unpublish"}:
            steps[article_pk] = revision
    return steps
