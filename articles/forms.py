"""The article form of the newsroom (admin): conflicts, workflow buttons, publication checks."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import params
from core.html import dropped_images
from media_library.richtext import clean_body

from . import workflow
from .models import Article
from .presence import display_name
from .revisions import COMPARED_FIELDS, compare_values, versions_of

# Name of the submit buttons that move an article along the workflow (value: a transition).
TRANSITION_FIELD = "_transition"
# The admin's byline inline posts its rows under this prefix (its formset's default: the
# relation's name); at most this many rows are read (Django's own formset ceiling).
BYLINE_PREFIX = "bylines"
MAX_BYLINE_ROWS = 1000


class ArticleAdminForm(forms.ModelForm):
    # The version the user started from. Not the model field's name: the model field is not
    # editable, and this one is only compared, never saved.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                      label=gettext_lazy("version de départ"))
    # After a conflict, the explicit choice to replace the version saved meanwhile: the
    # checkbox (drawn by admin/articles/article/_coediting.html) carries that version's number.
    overwrite_version = forms.IntegerField(required=False, min_value=1,
                                           widget=forms.HiddenInput,
                                           label=gettext_lazy("remplacer la version"))
    # An editor's save of a published article that readers should know about.
    mark_corrected = forms.BooleanField(
        required=False, label=gettext_lazy("Signaler la mise à jour aux lecteurs"),
        help_text=gettext_lazy("L'article affichera « Mis à jour le … » (avec le rectificatif "
                               "s'il y en a un)."))

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "seo_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        """`user`: who saves (the workflow buttons are checked against their role); the admin
        passes it (ArticleAdmin.get_form)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.initial_status = self.instance.status
        self.transition = None  # the Transition accepted by clean(), applied by the admin's save
        self.dropped_images = 0  # pictures from another site the sanitizer leaves out
        self.conflict = None  # at a refused stale save: who, when, the difference, the choice
        self.overwrote = False  # the user chose to replace the version saved meanwhile...
        self.overwritten = None  # ...by this other user (to be told)
        for name in ("focal_x", "focal_y"):
            if name in self.fields:
                self.fields[name].required = False
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            if "body" in self.fields and not self.is_bound:
                # The library figures as the library is now (thumbnail, caption), for the editor.
                self.initial["body"] = clean_body(self.instance.body)

    # The focal point (set by clicking on the cover): a form without these fields (an older
    # page, a script) keeps the stored point.
    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _focal(self, name):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value

    def save(self, commit=True):
        if self.cleaned_data.get("mark_corrected") and self.instance.is_published:
            self.instance.corrected_at = timezone.now()
        return super().save(commit)

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        self.dropped_images = dropped_images(body)
        return body

    def submitted_author_count(self):
        """Authors on the byline as submitted with this form (the admin's inline rows that name
        an author and are not deleted); the saved byline when no rows were posted. The inline
        validates the rows themselves: an invalid one stops the save anyway."""
        total = f"{BYLINE_PREFIX}-TOTAL_FORMS"
        if total not in self.data:
            return self.instance.bylines.count() if self.instance.pk else 0
        rows = min(params.object_id(self.data[total]) or 0, MAX_BYLINE_ROWS)
        return sum(
            1 for row in range(rows)
            if self.data.get(f"{BYLINE_PREFIX}-{row}-author")
            and not self.data.get(f"{BYLINE_PREFIX}-{row}-DELETE")
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._check_version(cleaned_data.get("base_version"),
                                cleaned_data.get("overwrite_version"))
        self._check_workflow(cleaned_data)
        return cleaned_data

    def _check_version(self, base_version, overwrite_version):
        """Refuse a save based on an outdated version, holding the row lock until the save.

        The admin runs the whole request in a transaction: `select_for_update` keeps anyone
        else from saving between this check and our save (on SQLite, the IMMEDIATE
        transaction already serializes writers).

        At a conflict the form keeps what the user typed, shows the difference between the
        saved version and theirs (`self.conflict`) and offers « Remplacer la version de … »,
        a checkbox carrying the version they saw: only that choice, for that version, replaces
        it (a later save by someone else is a new conflict). Saving again without it is
        refused again: nothing is overwritten by a second click.
        """
        current = (Article.objects.select_for_update().filter(pk=self.instance.pk)
                   .values_list("version", flat=True).first())
        if current is None or current == base_version:
            return
        last = versions_of(self.instance).first()
        who = last.revision.user if last and last.revision.user else None
        if overwrite_version == current:
            self.overwritten = who if who is not None and who != self.user else None
            self.overwrote = True
            return
        when = last.revision.date_created if last else self.instance.updated_at
        saved = Article.objects.get(pk=self.instance.pk)
        name = display_name(who) if who else _("quelqu'un d'autre")
        self.conflict = {
            "who": name,
            "is_self": who is not None and who == self.user,
            "when": workflow.format_datetime(when),
            "version": current,
            "choice": (_("Remplacer ma version enregistrée entre-temps par celle-ci")
                       if who is not None and who == self.user
                       else _("Remplacer la version de %(who)s par la mienne") % {"who": name}),
            **compare_values({field: getattr(saved, field) for field in (*COMPARED_FIELDS, "body")},
                             {field: self.cleaned_data.get(field, getattr(saved, field))
                              for field in (*COMPARED_FIELDS, "body")}),
        }
        raise ValidationError(
            _("Cet article a été modifié par %(who)s le %(when)s pendant que vous l'éditiez. "
              "Vos modifications ne sont pas enregistrées, mais elles sont toujours ci-dessous. "
              "Comparez les deux versions, puis reprenez ses changements dans votre texte, ou "
              "cochez « %(choice)s » et enregistrez.") % {
                "who": name, "when": self.conflict["when"], "choice": self.conflict["choice"]},
            code="conflict",
        )

    def _check_workflow(self, cleaned_data):
        """The button's transition, checked by the workflow against who acts and against the
        article as it would be saved; an edit of a published article must leave it ready."""
        current = copy.copy(self.instance)
        current.status = self.initial_status
        for name in ("title", "standfirst", "section", "cover_image", "cover_alt"):
            if name in cleaned_data:
                setattr(current, name, cleaned_data[name])
        name = self.data.get(TRANSITION_FIELD)
        try:
            if name and self.user is not None:
                self.transition = workflow.check(self.user, current, name,
                                                 self.submitted_author_count())
            elif self.initial_status == Article.Status.PUBLISHED:
                missing = workflow.publication_problems(current, self.submitted_author_count())
                if missing:
                    raise workflow.TransitionRefused(workflow.publication_refusal(missing),
                                                     code="incomplete")
        except workflow.TransitionRefused as refusal:
            self.transition = None
            raise ValidationError(str(refusal), code=refusal.code)
