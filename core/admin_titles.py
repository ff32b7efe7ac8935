"""The admin's titles as written French.

Django makes them from a model's name: « Ajout de article », « Affichage de article »,
« Ajouter un objet Signature supplémentaire ». French needs the noun's gender and elision,
which only the admin of that model knows, so each says its own, whole strings (translatable):

    class ArticleAdmin(FrenchTitles, admin.ModelAdmin):
        add_title = _("Nouvel article")
        change_title = _("Modifier l'article")
        view_title = _("Consulter l'article")
        list_title = _("Articles")            # default: the plural name, capitalized

    class BylineInline(admin.TabularInline):
        add_label = _("Ajouter une signature")  # the inline's « add a row » link

Django's strings that do not depend on a noun (messages, buttons, the delete pages) are
reworded once for every model in locale/fr (« Ajout enregistré : … », « Ajouter »).
"""

import json

from django.utils.text import capfirst
from django.utils.translation import gettext


class FrenchTitles:
    """ModelAdmin mixin: the add, change, view and list pages' titles (see the module)."""

    add_title = None
    change_title = None
    view_title = None
    list_title = None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = self.opts.verbose_name
        # Only Django's own titles are replaced: a view that chose its title keeps it.
        if context.get("title") in {gettext("Add %s") % name, gettext("Change %s") % name,
                                    gettext("View %s") % name}:
            if add:
                title = self.add_title
            elif self.has_change_permission(request, obj):
                title = self.change_title
            else:
                title = self.view_title
            if title:
                context["title"] = title
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.title = self.list_title or capfirst(self.opts.verbose_name_plural)
        return changelist

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in admin_formsets:
            label = getattr(admin_formset.opts, "add_label", None)
            if label:
                admin_formset.inline_formset_data = _with_add_text(
                    admin_formset.inline_formset_data, label)
        return admin_formsets


def _with_add_text(formset_data, label):
    """Django's inline data (JSON for inlines.js), with our « add a row » text."""
    def data():
        value = json.loads(formset_data())
        value["options"]["addText"] = str(label)
        return json.dumps(value)
    return data
