from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_CSV_BYTES = 5 * 1024 * 1024  # some 50 000 lines: an old site's every address


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Deux colonnes : ancienne_adresse, nouvelle_adresse (ligne d'en-tête "
                    "facultative), séparées par « ; » ou « , », en UTF-8. Une nouvelle adresse "
                    "vide fait répondre l'ancienne « Cet article a été retiré » (410)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s ; %(max)s au plus.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_CSV_BYTES)})
        return upload
