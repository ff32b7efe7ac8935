"""The article admin's workflow: the status buttons of the form, the history line each step
writes, and the bulk actions. Every rule is `articles.workflow`'s (`check`, `apply`,
`perform`); this module only connects them to the admin."""

import functools

import reversion
from django.contrib import messages
from django.contrib.admin import action as admin_action
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pagecache.prerender import redrawn_before_commit

from .. import workflow
from ..forms import TRANSITION_FIELD
from ..models import Article


class ChangeMessage(list):
    """Django's change message (a list, stored as JSON), carrying the workflow step's note
    from `construct_change_message` to `log_change` / `log_addition`."""

    workflow_note = ""


class WorkflowAdminMixin:
    """For a reversion VersionAdmin whose form is ArticleAdminForm."""

    actions = ["submit_selected", "publish_selected", "archive_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Django's admin makes the form without the request; the workflow buttons are checked
        # against the user's role.
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return functools.partial(form_class, user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article()
        editable = add or self.has_change_permission(request, obj)
        context.update(
            workflow_buttons=workflow.allowed_transitions(request.user, article) if editable else [],
            workflow_status=workflow.status_label(article) if obj else Article.Status.DRAFT.label,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving: the transition the form accepted, a byline for the journalist, a history line.

    def save_model(self, request, obj, form, change):
        if form.transition:
            workflow.apply(obj, form.transition, user=request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not workflow.is_editor(request.user):
            # A journalist keeps editing what they wrote.
            workflow.ensure_byline(form.instance, request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        message = ChangeMessage(super().construct_change_message(request, form, formsets, add))
        if form.transition:
            message.workflow_note = workflow.transition_note(form.instance, form.transition)
        return message

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_workflow_step(request, obj, entry, message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_workflow_step(request, obj, entry, message)
        return entry

    def _log_workflow_step(self, request, obj, entry, message):
        """A workflow step gets its own history line, heads the revision's comment, and is
        what the editor is told."""
        note = getattr(message, "workflow_note", "")
        if not note:
            return
        super().log_change(request, obj, note)
        if reversion.is_active():
            reversion.set_comment(f"{note}. {entry.get_change_message()}".strip())
        messages.success(request, note)

    def response_add(self, request, obj, post_url_continue=None):
        if self._took_workflow_step(request):
            return self._stay_on_article(request, obj, added=True)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._took_workflow_step(request):
            return self._stay_on_article(request, obj, added=False)
        return super().response_change(request, obj)

    @staticmethod
    def _took_workflow_step(request):
        # Responses are only built after a valid save, and the form refuses any step it
        # does not apply: a step named in the POST is a step taken.
        return bool(request.POST.get(TRANSITION_FIELD))

    def _stay_on_article(self, request, obj, added):
        """After a workflow step the editor stays on the article and sees its new status, as
        « Enregistrer et continuer » does, in Django's own words."""
        url = reverse("admin:articles_article_change", args=[quote(obj.pk)],
                      current_app=self.admin_site.name)
        link = format_html('<a href="{}">{}</a>', url, obj)
        if added:
            text = _("The {name} “{obj}” was added successfully.")
            if self.has_change_permission(request, obj):
                text += " " + _("You may edit it again below.")
        else:
            text = _("The {name} “{obj}” was changed successfully. You may edit it again below.")
        self.message_user(request, format_html(text, name=self.opts.verbose_name, obj=link),
                          messages.SUCCESS)
        filters = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return HttpResponseRedirect(add_preserved_filters(filters, url))

    # Bulk actions: each article goes through workflow.perform, as a button would.

    @admin_action(description=gettext_lazy("Soumettre à la relecture"))
    def submit_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "submit")

    @admin_action(description=gettext_lazy("Publier (ou programmer, selon leur date)"),
                  permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "publish")

    @admin_action(description=gettext_lazy("Archiver"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self.bulk_transition(request, queryset, "archive")

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def bulk_transition(self, request, queryset, name):
        done, refused = 0, []
        # One transaction (each article's step in a savepoint of its own, so a refused one
        # leaves the others done): the pages they make stale are drawn once, at the end.
        with transaction.atomic(), redrawn_before_commit():
            for pk, title in queryset.values_list("pk", "title"):
                try:
                    article, note = workflow.perform(request.user, pk, name)
                except Article.DoesNotExist:
                    continue  # deleted meanwhile
                except workflow.TransitionRefused as refusal:
                    refused.append(_("« %(title)s » : %(reason)s") % {"title": title,
                                                                      "reason": refusal})
                    continue
                self.log_change(request, article, note)
                done += 1
        if done:
            label = workflow.TRANSITIONS[name].done
            self.message_user(request, ngettext(
                "%(count)d article : %(done)s.", "%(count)d articles : %(done)s.", done,
            ) % {"count": done, "done": str(label).lower()}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)
