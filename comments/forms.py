import time

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import spam
from .text import count_links, normalize_email, normalize_text
from .models import Comment, CommentReport


class CommentForm(forms.ModelForm):
    """« Publiez votre avis »: what a reader fills in, plus two invisible anti-spam fields."""

    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people (CSS, aria-hidden, out of the tab order), filled by bots.
    site_web = forms.CharField(
        required=False, label=_("Ne remplissez pas ce champ"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Signed time the reader started on the form (spam.form_token, fetched by comments.js).
    jeton = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["name", "email", "body", "notify_replies"]
        labels = {
            "name": _("Votre nom"),
            "email": _("Votre e-mail"),
            "body": _("Votre avis"),
            "notify_replies": _("Prévenez-moi des réponses"),
        }
        help_texts = {
            "name": _("Affiché avec votre avis."),
            "email": _("Jamais affiché."),
        }
        error_messages = {
            # The site says « e-mail » everywhere (Django's French says « courriel »).
            "email": {"invalid": _("Saisissez une adresse e-mail valide.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = self.instance.article = article
        self.fields["notify_replies"].label_suffix = ""  # a checkbox label takes no colon
        self.token_state = None
        self.parent_comment = None
        self.fields["body"].widget.attrs.update(
            minlength=settings.COMMENTS_MIN_LENGTH, maxlength=settings.COMMENTS_MAX_LENGTH
        )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_body(self):
        body = normalize_text(self.cleaned_data["body"])
        low, high = settings.COMMENTS_MIN_LENGTH, settings.COMMENTS_MAX_LENGTH
        if len(body) < low:
            raise forms.ValidationError(ngettext(
                "Votre avis est trop court : %(min)d caractère au minimum.",
                "Votre avis est trop court : %(min)d caractères au minimum.", low,
            ) % {"min": low}, code="min_length")
        if len(body) > high:
            raise forms.ValidationError(ngettext(
                "Votre avis est trop long : %(max)d caractère au maximum (il en compte %(count)d).",
                "Votre avis est trop long : %(max)d caractères au maximum (il en compte %(count)d).",
                high,
            ) % {"max": high, "count": len(body)}, code="max_length")
        links, allowed = count_links(body), settings.COMMENTS_MAX_LINKS
        if links > allowed:
            if allowed == 0:
                message = _("Les liens ne sont pas acceptés dans les avis.")
            else:
                message = ngettext(
                    "Votre avis contient %(count)d liens : %(max)d au maximum.",
                    "Votre avis contient %(count)d liens : %(max)d au maximum.", allowed,
                ) % {"count": links, "max": allowed}
            raise forms.ValidationError(message, code="links")
        return body

    def clean_parent(self):
        """A reply attaches to a visible comment of this article; a reply to a reply goes to
        the top-level comment (one level of replies)."""
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (Comment.objects.displayed().filter(article=self.article, pk=pk)
                  .select_related("parent").first())
        if parent is None:
            raise forms.ValidationError(
                _("L'avis auquel vous répondez n'existe pas ou n'est plus visible."),
                code="parent",
            )
        if parent.parent_id:
            parent = parent.parent
        self.parent_comment = parent
        return parent.pk

    def clean_jeton(self):
        token = self.cleaned_data.get("jeton")
        self.token_state = spam.check_token(token, self.article)
        if self.token_state is spam.Token.EXPIRED:
            # An honest reader who left the page open: nothing is lost, they send again.
            raise forms.ValidationError(
                _("Ce formulaire a expiré. Vérifiez votre avis et envoyez-le à nouveau."),
                code="expired",
            )
        return token

    def fresh_token(self):
        """The token to put in the re-rendered form: the reader's own while it is valid (so
        fixing an error quickly is never "too fast"), a new one otherwise."""
        if self.is_bound and self.token_state in (spam.Token.OK, spam.Token.TOO_FAST):
            return self.data.get("jeton")
        if self.token_state is spam.Token.MISSING:
            return ""  # without JavaScript it stays without: held for an editor, as announced
        if self.token_state is spam.Token.EXPIRED:
            # They had the form open for days: sending it again at once is no bot's speed.
            return spam.form_token(self.article,
                                   now=time.time() - settings.COMMENTS_MIN_FILL_SECONDS)
        return spam.form_token(self.article)

    def save(self, commit=True):
        self.instance.parent = self.parent_comment
        return super().save(commit)


class EraseRequestForm(forms.Form):
    email = forms.EmailField(label=_("L'e-mail utilisé pour vos avis"),
                             error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class CommenterDataForm(forms.Form):
    email = forms.EmailField(label=_("E-mail du lecteur"))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class ReportForm(forms.ModelForm):
    """« Signaler cet avis »: why, and in a few words if the reader wishes."""

    class Meta:
        model = CommentReport
        fields = ["reason", "explanation"]
        labels = {
            "reason": _("Pourquoi signalez-vous cet avis ?"),
            "explanation": _("Précisez si vous le souhaitez (facultatif)"),
        }
        widgets = {
            "reason": forms.RadioSelect,
            "explanation": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        error_messages = {"reason": {"required": _("Choisissez un motif."),
                                     "invalid_choice": _("Choisissez un motif de la liste.")}}

    def clean_explanation(self):
        return normalize_text(self.cleaned_data["explanation"])
