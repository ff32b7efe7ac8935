"""A batch of redirects from a CSV file (an old site's addresses): two columns,
`ancienne_adresse,nouvelle_adresse`, a header line or not, `;` or `,` between them, UTF-8 with or
without a BOM. An empty new address makes the old one answer 410.

Each line is kept or refused on its own: a refused line is reported with its number and why,
in French, and costs the others nothing. An old address already redirected takes the file's
new address (importing the same file twice changes nothing).
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pagecache.generations import deferred_bumps

from .models import Redirect

HEADERS = {"ancienne_adresse", "ancienne adresse", "old_path", "source", "de"}


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def summary(self):
        kept = self.created + self.updated
        parts = [ngettext("%(count)d redirection importée", "%(count)d redirections importées",
                          kept) % {"count": kept}]
        if kept:
            parts.append(_("(nouvelles : %(created)d, mises à jour : %(updated)d)")
                         % {"created": self.created, "updated": self.updated})
        text = " ".join(parts)
        if self.errors:
            text += ngettext(" ; %(count)d ligne refusée.", " ; %(count)d lignes refusées.",
                             len(self.errors)) % {"count": len(self.errors)}
        else:
            text += "."
        return text


class UnreadableFile(ValueError):
    pass


def decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » "
                               "et importez-le à nouveau.")) from None


def rows(text):
    """(line number, cells) of each non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise UnreadableFile(_("Le fichier n'est pas un CSV lisible (ligne %(line)d).")
                             % {"line": reader.line_num}) from error


def messages_of(error):
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def import_redirects(data):
    """Import the file's bytes; returns a Report. UnreadableFile if it is no UTF-8 CSV."""
    report = Report()
    seen = {}  # old address -> line that gave it
    lines = list(rows(decode(data)))
    with deferred_bumps():  # the page-cache counters move once, at the end
        for index, (number, cells) in enumerate(lines):
            if index == 0 and cells[0].lower() in HEADERS:
                continue
            if len(cells) > 2:
                report.errors.append((number, _("trois colonnes ou plus ; il en faut deux : "
                                                "ancienne adresse, nouvelle adresse.")))
                continue
            old, new = cells[0], cells[1] if len(cells) > 1 else ""
            redirect = Redirect(old_path=old, new_path=new, origin=Redirect.Origin.IMPORT)
            try:
                redirect.normalize()
            except ValidationError as error:
                report.errors.append((number, " ".join(messages_of(error))))
                continue
            if redirect.old_path in seen:
                report.errors.append((number, _("l'adresse %(path)s figure déjà ligne %(line)d.")
                                      % {"path": redirect.old_path,
                                         "line": seen[redirect.old_path]}))
                continue
            existing = Redirect.objects.filter(old_path=redirect.old_path).first()
            if existing is not None:
                existing.new_path = redirect.new_path
                redirect = existing
            try:
                with transaction.atomic():
                    redirect.full_clean()
                    redirect.save()
            except ValidationError as error:
                report.errors.append((number, " ".join(messages_of(error))))
                continue
            seen[redirect.old_path] = number
            if existing is not None:
                report.updated += 1
            else:
                report.created += 1
    return report
