from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Le Magazine — rédaction")
admin.site.site_title = _("Le Magazine")
admin.site.index_title = _("Rédaction")

handler500 = "magazine.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
]

# French pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("auteurs/", include("authors.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
