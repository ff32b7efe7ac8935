from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin_titles import FrenchTitles

from .models import Author


@admin.register(Author)
class AuthorAdmin(FrenchTitles, admin.ModelAdmin):
    add_title = _("Nouvel auteur")
    change_title = _("Modifier l'auteur")
    view_title = _("Consulter l'auteur")
    list_display = ["name", "job_title", "user", "article_count", "has_portrait"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "email"]  # also serves the byline autocomplete
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    # An address typed without a scheme is taken as https (Django 6's default; no warning now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "user"]}),
        (_("Présentation"), {"fields": ["short_bio", "long_bio", "background",
                                        "years_of_experience", "portrait"]}),
        (_("Contact et liens"), {"fields": ["email", "website", "mastodon", "bluesky", "linkedin"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("bylines"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description=_("portrait"), boolean=True)
    def has_portrait(self, obj):
        return bool(obj.portrait)
