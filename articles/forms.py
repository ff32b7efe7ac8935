"""The article form of the newsroom (admin): conflicts, workflow buttons, publication checks."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import workflow
from .models import Article
from .revisions import versions_of

# Name of the submit buttons that move an article along the workflow (value: a transition).
TRANSITION_FIELD = "_transition"


class ArticleAdminForm(forms.ModelForm):
    # The version the user started from. Not the model field's name: the model field is not
    # editable, and this one is only compared, never saved.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                      label=gettext_lazy("version de départ"))

    # Set per request by ArticleAdmin.get_form.
    request = None

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "seo_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_status = self.instance.status
        self.transition = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def count_submitted_authors(self):
        """Authors on the byline as submitted (the admin replaces this with its inline's)."""
        return self.instance.bylines.count() if self.instance.pk else 0

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._check_version(cleaned_data.get("base_version"))
        self._check_workflow(cleaned_data)
        return cleaned_data

    def _check_version(self, base_version):
        """Refuse a save based on an outdated version, holding the row lock until the save.

        The admin runs the whole request in a transaction: `select_for_update` keeps anyone
        else from saving between this check and our save (on SQLite, the IMMEDIATE
        transaction already serializes writers).
        """
        current = (Article.objects.select_for_update().filter(pk=self.instance.pk)
                   .values_list("version", flat=True).first())
        if current is None or current == base_version:
            return
        last = versions_of(self.instance).first()
        who = last.revision.user if last and last.revision.user else None
        when = last.revision.date_created if last else self.instance.updated_at
        # The next deliberate save may replace the other version: the hidden field now
        # carries the current version, everything the user typed stays in the form.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = str(current)
        raise ValidationError(
            _("Cet article a été modifié par %(who)s le %(when)s pendant que vous l'éditiez. "
              "Vos modifications ne sont pas enregistrées, mais elles sont toujours ci-dessous : "
              "comparez avec l'historique, puis enregistrez de nouveau pour remplacer l'autre "
              "version.") % {
                "who": (who.get_full_name() or who.get_username()) if who else _("quelqu'un d'autre"),
                "when": workflow.format_datetime(when),
            },
            code="conflict",
        )

    def _check_workflow(self, cleaned_data):
        user = self.request.user if self.request else None
        name = self.data.get(TRANSITION_FIELD)
        current = copy.copy(self.instance)
        current.status = self.initial_status
        if name and user is not None:
            try:
                self.transition = workflow.check_transition(user, current, name)
            except workflow.TransitionRefused as refusal:
                raise ValidationError(str(refusal), code="transition_refused")
        target = self.transition.target if self.transition else self.initial_status
        if target != Article.Status.PUBLISHED:
            return
        # What the article would be once saved: its current state with what was typed.
        for name in ("title", "standfirst", "section", "cover_image", "cover_alt"):
            if name in cleaned_data:
                setattr(current, name, cleaned_data[name])
        missing = workflow.publication_problems(current, self.count_submitted_authors())
        if missing:
            self.transition = None
            raise ValidationError(workflow.publication_refusal(missing), code="incomplete")
