import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.models import Article
from core import after_action, ratelimit
from core.anonymous_forms import anonymous_form, sends_json, wants_json
from core.readers import ip_hash, new_reader_id, reader_id, set_reader_cookie
from pagecache.dependencies import depends_on

from . import ranking, reader
from .forms import RatingForm
from .models import Rating, RatingSummary, TooManyReaders
from .rendering import summary_html

WIDGET_ANCHOR = "#notes"
HOUR = 3600


@method_decorator(never_cache, name="dispatch")
@method_decorator(anonymous_form(shown=(), json_answers=True), name="dispatch")
class VoteView(View):
    """POST a score for an article (core/anonymous_forms.py checks where it comes from).

    A browser without JavaScript is sent back to the article with a signed parameter: a page
    for them alone, thanking them and showing their vote (ratings/reader.py). rating.js sends
    JSON and gets the new summary, ready to swap in. Every refusal is in French and stores
    nothing.
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

        voter, new_reader = reader_id(request), False
        if voter is None:
            voter, new_reader = new_reader_id(), True
        try:
            _rating, previous = Rating.objects.vote(article, voter, voter_ip, score,
                                                     new_reader=new_reader)
        except TooManyReaders:
            return self.refuse(429, _("Trop de lecteurs ont déjà noté cet article depuis votre "
                                      "connexion. Réessayez demain."))
        if previous is None:
            code = reader.VOTE_NEW
        elif previous == score:
            code = reader.VOTE_SAME
        else:
            code = reader.VOTE_CHANGED
        message = reader.vote_message(code, score)

        if self.answers_json():
            display = RatingSummary.objects.for_article(article).display()
            response = JsonResponse({
                "ok": True,
                "score": score,
                "message": message,
                "summary": display.as_dict(),
                "summary_html": summary_html(display),
            })
        else:
            response = HttpResponseRedirect(
                after_action.after_action_url(article, code, voter, score=score, anchor=WIDGET_ANCHOR))
        if new_reader:
            set_reader_cookie(response, voter)
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = super().http_method_not_allowed(request, *args, **kwargs)
        response.content = _("On note un article avec le formulaire sous l'article.")
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response

    def answers_json(self):
        return sends_json(self.request) or wants_json(self.request)

    def refuse(self, status, message, retry_after=False):
        if self.answers_json():
            response = JsonResponse({"ok": False, "error": message}, status=status)
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
        depends_on("ranking", "latest-articles")
        return ranking.top_rated().for_listing()[: settings.RATINGS_TOP_PAGE_SIZE]
