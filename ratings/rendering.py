"""The stars under an article (`{% rating_body %}` inside the « rating » fragment of
ratings/_rating.html) and the summary a voter's browser gets back, written in Python for speed.

Drawn by Django's template engine (five radios and labels, a five-row distribution, a dozen
translations) the block was about a tenth of an article drawn from scratch; written here, with
the same values (RatingDisplay, score_choices) it costs a fraction of that and writes the same
bytes (tests/ratings/test_rendering.py).
"""

from django.utils.formats import localize
from django.utils.translation import gettext

from core.templatetags.images import escape
from core.urls import slug_url


def summary_html(display):
    """The average and, once someone voted, the distribution: « 4,6/5 (30 votes) »."""
    parts = ['<p class="rating__average"><span class="visually-hidden">',
             gettext("Note des lecteurs :"), " </span>", escape(display.label), "</p>\n"]
    if display.count:
        parts += ['<details class="rating__distribution">\n  <summary>',
                  gettext("Détail des notes"),
                  '</summary>\n  <table class="rating__table">\n    <caption class="visually-hidden">',
                  gettext("Répartition des notes des lecteurs"),
                  "</caption>\n    <tbody>\n      "]
        for share in display.distribution:
            percent_label = escape(share.percent_label)
            parts.append(
                f'<tr>\n        <th scope="row">{escape(share.label)}</th>\n'
                f'        <td><meter class="rating__meter" min="0" max="100" '
                f'value="{escape(localize(share.percent))}">{percent_label}</meter></td>\n'
                f'        <td class="rating__share">{percent_label} ({escape(localize(share.count))})</td>\n'
                "      </tr>")
        parts.append("\n    </tbody>\n  </table>")
        if display.imported_count:
            parts += ['\n  <p class="rating__imported">', escape(display.imported_label), "</p>"]
        parts.append("\n</details>")
    parts.append("\n")
    return "".join(parts)


def widget_html(article, display, choices, own_score, own_label):
    """The block: its title, the summary, and the form (five stars) a reader votes with."""
    pk = article.pk
    current = "" if own_score is None else escape(localize(own_score))
    parts = [
        '<section class="rating" id="notes" aria-labelledby="notes-titre">\n'
        '  <h2 class="rating__title" id="notes-titre">', gettext("Ça vous a plu ?"),
        '</h2>\n  <div class="rating__summary" data-rating-summary>', summary_html(display),
        '</div>\n  <form class="rating__form" method="post" action="',
        escape(slug_url("ratings:vote", article.slug)), '" data-rating-form data-current="',
        current, '" data-sending="', gettext("Envoi de votre note…"), '" data-error="',
        gettext("Votre note n'a pas pu être enregistrée. Réessayez dans un instant."),
        '">\n    <fieldset class="rating__fieldset">\n      <legend class="rating__legend">',
        gettext("Votre note"), '</legend>\n      <div class="rating__stars">\n        ']
    for value, label in choices:
        checked = " checked" if value == own_score else ""
        number = escape(localize(value))
        parts.append(
            f'<input class="rating__input" type="radio" name="score" value="{number}" '
            f'id="note-{pk}-{number}"{checked} required>\n'
            f'        <label class="rating__star" for="note-{pk}-{number}"><span class="rating__glyph"'
            f' aria-hidden="true">★</span><span class="visually-hidden">{escape(label)}</span></label>\n'
            "        ")
    parts += ['\n      </div>\n    </fieldset>\n    <button class="rating__submit" type="submit">',
              gettext("Envoyer ma note"),
              '</button>\n    <p class="rating__status" role="status" data-rating-status>']
    if own_score:
        parts.append(gettext("Votre note : %(stars)s.") % {"stars": escape(own_label)})
    parts.append("</p>\n  </form>\n</section>")
    return "".join(parts)
