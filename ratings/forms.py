from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SCORES, stars_label

SCORE_ERROR = _("Choisissez une note de 1 à 5 étoiles.")


def score_choices():
    """(score, label) for each score, labelled in the reader's language (built per call)."""
    return [(score, stars_label(score)) for score in SCORES]


class RatingForm(forms.Form):
    """The vote: one score from 1 to 5. The widget renders the radios itself (as stars)."""

    score = forms.TypedChoiceField(
        label=_("Votre note"),
        choices=[],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = score_choices()

