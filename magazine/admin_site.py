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
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.urls import path
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
