"""The newsroom's admin site: French titles and optional two-factor login for staff.

With STAFF_TWO_FACTOR on, staff must give a one-time code from a registered device (django-otp,
TOTP apps such as FreeOTP or Aegis) and are treated as non-staff until they do. Off by default so
a fresh install and the demo work without devices.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm


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
