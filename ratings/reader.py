"""A reader's own vote (articles/reader_state.py): thanked on the page a reader without
JavaScript is sent back to (core/after_action.py), and given to scripts on later visits."""

from django.utils.translation import gettext as _

from core import after_action

from .models import Rating, stars_label

VOTE_NEW, VOTE_SAME, VOTE_CHANGED = "vote-new", "vote-same", "vote-changed"


def vote_message(code, score):
    stars = stars_label(score)
    if code == VOTE_NEW:
        return _("Merci ! Votre note : %(stars)s.") % {"stars": stars}
    if code == VOTE_SAME:
        return _("Votre note reste de %(stars)s.") % {"stars": stars}
    return _("Votre note est modifiée : %(stars)s.") % {"stars": stars}


def page_context(request, article):
    data = after_action.read(request, article)
    if data is None or data["code"] not in (VOTE_NEW, VOTE_SAME, VOTE_CHANGED):
        return None
    score = data["score"]
    if score not in range(1, 6):
        return None
    return {"reader_page": True, "reader_vote": score,
            "reader_message": vote_message(data["code"], score)}


def state(request, article, reader):
    score = None
    if reader is not None:
        score = (Rating.objects.filter(article=article, reader_id=reader)
                 .values_list("score", flat=True).first())
    return {
        "vote": score,
        "vote_message": (_("Votre note : %(stars)s.") % {"stars": stars_label(score)}) if score else "",
    }
