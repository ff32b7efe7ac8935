"""The media library in the admin: upload once (checked like a cover: a refusal says why, in
French, and stores nothing), describe (alt text required, caption, credit), set the focal point
by clicking on the picture, see where it is used; a used picture cannot be deleted (Django's
PROTECT page lists its uses). Two small views serve the body editor's picker: a search that
answers JSON, and an upload on the spot that lands in the library."""

import posixpath
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core import safe_fetch
from core.admin_titles import FrenchTitles

from .models import LibraryImage
from .widgets import ADMIN_MEDIA, focal_picker

PICKER_LIMIT = 40
# What a picture's address may answer (decoding it decides: core.images.check_image); some
# servers say octet-stream for pictures.
FETCHED_TYPES = {"image/jpeg", "image/png", "image/webp", "application/octet-stream"}


class LibraryImageForm(forms.ModelForm):
    class Meta:
        model = LibraryImage
        fields = ["file", "alt", "caption", "credit", "focal_x", "focal_y"]
        error_messages = {
            "alt": {"required": gettext_lazy("Le texte alternatif est obligatoire : décrivez "
                                             "l'image pour qui ne la voit pas.")},
            "file": {"required": gettext_lazy("Choisissez une image à envoyer.")},
        }


class QuickUploadForm(LibraryImageForm):
    class Meta(LibraryImageForm.Meta):
        fields = ["file", "alt", "caption", "credit"]


def describe(image):
    """What the editor's picker needs of a picture."""
    return {"id": image.pk, "thumb": image.thumbnail_url, "alt": image.alt,
            "caption": image.caption, "credit": image.credit,
            "width": image.width, "height": image.height}


@admin.register(LibraryImage)
class LibraryImageAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = gettext_lazy("Nouvelle image")
    change_title = gettext_lazy("Modifier l'image")
    view_title = gettext_lazy("Consulter l'image")
    list_title = gettext_lazy("Images de la médiathèque")
    form = LibraryImageForm
    list_display = ["thumbnail", "alt", "caption", "credit", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "alt"]
    list_filter = [("uploaded_by", admin.RelatedOnlyFieldListFilter), "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["alt", "caption", "credit", "original_name"]
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    readonly_fields = ["focal_point", "original_name", "uploaded_by", "created_at", "used_in"]
    fieldsets = [
        (None, {"fields": ["file", "alt", "caption", "credit"]}),
        (gettext_lazy("Point d'intérêt"), {
            "fields": ["focal_point", "focal_x", "focal_y"],
            "description": gettext_lazy("Cliquez sur l'image à l'endroit du sujet : les "
                                        "recadrages le gardent en vue."),
        }),
        (gettext_lazy("Utilisation"), {
            "fields": ["used_in", "original_name", "uploaded_by", "created_at"]}),
    ]

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("aperçu"))
    def thumbnail(self, obj):
        return format_html('<img class="library-thumb" src="{}" alt="" width="120">',
                           obj.thumbnail_url) if obj.file else ""

    @admin.display(description=gettext_lazy("point d'intérêt"))
    def focal_point(self, obj):
        if not obj or not obj.file:
            return _("Enregistrez d'abord l'image.")
        return focal_picker(obj.thumbnail_url, "id_focal_x", "id_focal_y", obj.focal_x, obj.focal_y)

    @admin.display(description=gettext_lazy("utilisée dans"))
    def used_in(self, obj):
        if not obj or not obj.pk:
            return "—"
        usages = list(obj.usages.select_related("content_type"))
        if not usages:
            return _("Nulle part pour l'instant.")
        items = []
        for usage in usages:
            target = usage.content_object
            url = None
            if target is not None:
                opts = target._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk],
                              current_app=self.admin_site.name)
            items.append((url, str(usage)))
        return format_html("<ul class=\"library-usages\">{}</ul>", format_html_join(
            "", "<li><a href=\"{}\">{}</a></li>", items))

    # The body editor's picker.

    def get_urls(self):
        return [
            path("choisir/", self.admin_site.admin_view(self.picker_view),
                 name="media_library_libraryimage_picker"),
            path("envoyer/", self.admin_site.admin_view(self.quick_upload_view),
                 name="media_library_libraryimage_quick_upload"),
        ] + super().get_urls()

    def picker_view(self, request):
        return require_GET(self._picker)(request)

    def _picker(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "")[:200]
        images = LibraryImage.objects.search(query)[:PICKER_LIMIT]
        return JsonResponse({"results": [describe(image) for image in images]})

    def quick_upload_view(self, request):
        return require_POST(self._quick_upload)(request)

    def _quick_upload(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        files = request.FILES
        url = request.POST.get("url", "").strip()
        if not files.get("file") and url:
            # A picture pasted from another site, brought into the library on request (never
            # hot-linked): fetched from public addresses only, then checked like an upload.
            try:
                data = safe_fetch.fetch(url, max_bytes=settings.IMAGE_MAX_UPLOAD_BYTES,
                                        content_types=FETCHED_TYPES)
            except safe_fetch.FetchRefused as refusal:
                return JsonResponse({"errors": {"url": [
                    _("Image non reprise : %(reason)s.") % {"reason": refusal}]}}, status=400)
            name = posixpath.basename(unquote(urlsplit(url).path))[-100:] or "image"
            files = {"file": SimpleUploadedFile(name, data)}
        form = QuickUploadForm(request.POST, files)
        if not form.is_valid():
            return JsonResponse({"errors": {name: [str(e) for e in errors]
                                            for name, errors in form.errors.items()}}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse({"image": describe(image)}, status=201)
