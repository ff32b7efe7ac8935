import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.models import Article
from magazine import ratelimit
from magazine.readers import ip_hash, new_reader_id, reader_id, set_reader_cookie

from . import ranking
from .forms import RatingForm
from .models import Rating, RatingSummary, TooManyReaders, stars_label

WIDGET_ANCHOR = "#notes"
HOUR = 3600


@method_decorator(never_cache, name="dispatch")
class VoteView(View):
    """POST a score for an article.

    A browser without JavaScript gets a redirect back to the article's rating widget and a
    confirmation message; rating.js asks for JSON (Accept: application/json) and gets the new
    summary, ready to swap in. Every refusal is in French and stores nothing.
    """

    http_method_names = ["post"]

    def post(self, request, slug):
        voter_ip = ip_hash(request)
        # Before any database work: one network cannot flood the table.
        if not ratelimit.hit("rating-vote", voter_ip, settings.RATINGS_VOTES_PER_HOUR, HOUR):
            return self.refuse(429, _("Trop de votes depuis votre connexion. "
                                      "Réessayez dans une heure."), retry_after=True)
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            return self.refuse(404, _("Cet article n'existe pas ou n'est plus publié."))
        self.article = article
        if not article.allow_ratings:
            return self.refuse(404, _("Les notes sont fermées pour cet article."))
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self.refuse(400, " ".join(form.errors["score"]))
        score = form.cleaned_data["score"]

        reader, new_reader = reader_id(request), False
        if reader is None:
            reader, new_reader = new_reader_id(), True
        try:
            _rating, previous = Rating.objects.vote(article, reader, voter_ip, score,
                                                     new_reader=new_reader)
        except TooManyReaders:
            return self.refuse(429, _("Trop de lecteurs ont déjà noté cet article depuis votre "
                                      "connexion. Réessayez demain."))
        if previous is None:
            message = _("Merci ! Votre note : %(stars)s.")
        elif previous == score:
            message = _("Votre note reste de %(stars)s.")
        else:
            message = _("Votre note est modifiée : %(stars)s.")
        message %= {"stars": stars_label(score)}

        if self.wants_json():
            display = RatingSummary.objects.for_article(article).display()
            response = JsonResponse({
                "score": score,
                "message": message,
                "summary": display.as_dict(),
                "summary_html": render_to_string("ratings/_rating_summary.html",
                                                 {"display": display}, request=request),
            })
        else:
            messages.success(request, message)
            response = HttpResponseRedirect(article.get_absolute_url() + WIDGET_ANCHOR)
        if new_reader:
            set_reader_cookie(response, reader)
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = super().http_method_not_allowed(request, *args, **kwargs)
        response.content = _("On note un article avec le formulaire sous l'article.")
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response

    def wants_json(self):
        preferred = self.request.get_preferred_type(["text/html", "application/json"])
        return preferred == "application/json"

    def refuse(self, status, message, retry_after=False):
        if self.wants_json():
            response = JsonResponse({"error": message}, status=status)
        else:
            html = render_to_string("ratings/vote_refused.html", {
                "message": message, "status": status, "article": getattr(self, "article", None),
            }, request=self.request)
            response = HttpResponse(html, status=status)
        if retry_after:
            response["Retry-After"] = str(HOUR - int(time.time()) % HOUR)
        return response


class TopRatedView(ListView):
    """"Les mieux notés": the best Bayesian averages (ratings/ranking.py), a fixed-size list."""

    template_name = "ratings/top_rated.html"
    context_object_name = "articles"

    def get_queryset(self):
        return ranking.top_rated().for_listing()[: settings.RATINGS_TOP_PAGE_SIZE]
