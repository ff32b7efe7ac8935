"""Reader-facing comment views: post, unsubscribe from replies, erase one's comments.

Posting works without JavaScript (POST, then the poster's own article page with their comment
and a French message, or the article page again with the errors and the reader's text) and,
for static/js/comments.js, in JSON. Anonymous forms are checked by where they come from
(core/anonymous_forms.py), not by a token in the page.
"""

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from articles.models import Article
from articles.views import ArticleDetailView
from core import after_action, ratelimit
from core.anonymous_forms import anonymous_form, sends_json, wants_json
from core.readers import ip_hash, new_reader_id, reader_id, set_reader_cookie

from . import notifications, privacy, reader, reports, spam, tasks
from .forms import CommentForm, EraseRequestForm, ReportForm
from .models import Comment
from .moderation import comments_are_open, initial_status, publish
from .rendering import comment_html

ERASE_REQUESTS_PER_HOUR = 5


@method_decorator(never_cache, name="dispatch")
@method_decorator(anonymous_form(json_answers=True), name="dispatch")
class CommentPostView(View):
    """POST /articles/<slug>/avis/: a reader's comment (core/anonymous_forms.py checks
    where it comes from)."""

    http_method_names = ["get", "post"]

    def get(self, request, slug):
        # A reload of the POST address, or a crawler: the comments are on the article.
        article = get_object_or_404(Article.objects.published(), slug=slug)
        return redirect(article.get_absolute_url() + "#avis")

    def post(self, request, slug):
        self.article = get_object_or_404(Article.objects.published(), slug=slug)
        form = CommentForm(request.POST, article=self.article)
        if not comments_are_open(self.article):
            return self.refuse(form, _("Les avis sont fermés pour cet article."), status=403)
        self.ip_hash = ip_hash(request)
        if not spam.within_attempt_limit(self.ip_hash):
            return self.too_many(form)
        if not form.is_valid():
            return self.invalid(form)
        if not spam.within_rate_limit(self.ip_hash):
            return self.too_many(form)

        self.existing_reader = reader_id(request)
        comment = form.save(commit=False)
        comment.reader_id = self.existing_reader or new_reader_id()
        comment.ip_hash = self.ip_hash
        duplicate = spam.find_duplicate(comment)
        if duplicate is not None:
            return self.done(duplicate, reader.COMMENT_DUPLICATE, comment.reader_id)
        spam_reasons = spam.spam_reasons(form, comment, request)
        held_reasons = spam.held_reasons(form)
        comment.status = initial_status(comment, spam_reasons, held_reasons)
        comment.spam_reasons = "; ".join(spam_reasons or held_reasons)[:255]
        with transaction.atomic():  # the comment and the counters of the pages showing it
            comment.save()
            if comment.is_approved:
                publish(comment)
        code = reader.COMMENT_PUBLISHED if comment.is_approved else reader.COMMENT_PENDING
        return self.done(comment, code, comment.reader_id)

    def done(self, comment, code, poster):
        message = reader.comment_message(code)
        if answers_json(self.request):
            response = JsonResponse({
                "ok": True,
                "message": message,
                "id": comment.pk,
                "parent": comment.parent_id,
                "status": "approved" if comment.is_approved else "pending",
                # The poster now sees their own comment under the heading, even while it waits.
                "heading": reader.heading_text(Comment.objects.displayed().filter(article=self.article).count(),
                                               shows_own=True),
                "html": comment_html(comment, comments_open=True),
            })
        else:
            # Their own page: the comment where it stands, theirs shown even while it waits.
            url = comment.get_absolute_url()
            query = url.split("?", 1)[1].split("#", 1)[0] if "?" in url else ""
            response = redirect(after_action.after_action_url(
                self.article, code, poster, comment=comment, query=query, anchor=f"#{comment.anchor}"))
        if poster != self.existing_reader:
            set_reader_cookie(response, poster)
        return response

    def invalid(self, form, status=400):
        message = _("Votre avis n'a pas été envoyé : corrigez les points signalés.")
        if answers_json(self.request):
            answer = {"ok": False, "message": message, "errors": {
                field: [str(error) for error in errors] for field, errors in form.errors.items()
            }}
            if form.token_state is spam.Token.EXPIRED:
                answer["jeton"] = form.fresh_token()  # to send again with
            return JsonResponse(answer, status=status)
        return render_article(self.request, self.article, form, status)

    def too_many(self, form):
        return self.refuse(form, _(
            "Vous avez envoyé beaucoup d'avis en peu de temps. Patientez quelques minutes, "
            "puis envoyez celui-ci à nouveau."
        ), status=429)

    def refuse(self, form, message, status):
        """Refused before validation (closed, too many): nothing stored, the text kept."""
        if answers_json(self.request):
            return JsonResponse({"ok": False, "message": message, "errors": {}}, status=status)
        form.is_valid()  # to show the reader's text back; its own errors do not matter now
        form.refusal = message
        return render_article(self.request, self.article, form, status)


def answers_json(request):
    return sends_json(request) or wants_json(request)


@require_safe
def form_token(request, slug):
    """GET /articles/<slug>/avis/jeton/: the comment form's signed fill-time token, fetched by
    comments.js when the form is first used (the shared page cannot carry one: the minimum
    fill time would count from when the page was cached)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    response = JsonResponse({"jeton": spam.form_token(article) if comments_are_open(article) else ""})
    add_never_cache_headers(response)
    return response


def render_article(request, article, form, status):
    """The article page again, its comment form bound to what the reader sent."""
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, comment_form=form)
    response = TemplateResponse(request, view.get_template_names(), context, status=status)
    add_never_cache_headers(response)
    return response


# Pages reached through a personal signed link, or answering about one address: never cached.
@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TemplateView):
    """Stop reply e-mails for one comment. GET asks (link scanners only GET), POST does it;
    mail clients POST directly ("List-Unsubscribe-Post", RFC 8058) without a CSRF token:
    the signed token in the address is the proof."""

    template_name = "comments/unsubscribe.html"

    def get_comment(self):
        pk = notifications.comment_from_unsubscribe_token(self.kwargs["token"])
        return Comment.objects.filter(pk=pk).select_related("article").first() if pk else None

    def get(self, request, *args, **kwargs):
        comment = self.get_comment()
        return self.render_to_response({"comment": comment, "done": False},
                                       status=200 if comment else 400)

    def post(self, request, *args, **kwargs):
        comment = self.get_comment()
        if comment is None:
            return self.render_to_response({"comment": None, "done": False}, status=400)
        Comment.objects.filter(pk=comment.pk).update(notify_replies=False)
        return self.render_to_response({"comment": comment, "done": True})


@method_decorator(never_cache, name="dispatch")  # about one comment that may go any moment
@method_decorator(anonymous_form(shown=()), name="dispatch")
class ReportView(FormView):
    """« Signaler cet avis »: a reason, a few words if wished, no account. Works without
    JavaScript; the comment is shown so the reader knows which one they report."""

    template_name = "comments/report.html"
    form_class = ReportForm
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.comment = get_object_or_404(
            Comment.objects.approved().filter(article__in=Article.objects.published())
            .select_related("article"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        address = ip_hash(self.request)
        if not ratelimit.hit("comment-report", address, settings.COMMENTS_REPORTS_PER_HOUR, 3600):
            form.add_error(None, _("Trop de signalements en peu de temps : réessayez dans une heure."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        reports.report(self.comment, form.cleaned_data["reason"],
                       form.cleaned_data["explanation"], address)
        return TemplateResponse(self.request, self.template_name,
                                {"comment": self.comment, "sent": True})

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)


@method_decorator(never_cache, name="post")  # the form page itself is the same for everyone
@method_decorator(anonymous_form(shown=()), name="dispatch")
class EraseRequestView(FormView):
    """« Effacer mes avis »: e-mails a signed link to the address (proof it is theirs)."""

    template_name = "comments/erase_request.html"
    form_class = EraseRequestForm
    http_method_names = ["get", "head", "post"]  # FormView would take PUT as a POST

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        allowed = ratelimit.hit("comment-erase-ip", ip_hash(self.request),
                                ERASE_REQUESTS_PER_HOUR, 3600)
        allowed = ratelimit.hit("comment-erase-email", email, 2, 3600) and allowed
        if not allowed:
            form.add_error(None, _("Trop de demandes en peu de temps : réessayez dans une heure."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The same work and the same answer whether or not the address sent comments: nobody
        # can probe who wrote, by the answer or by its time. The mail leaves from the worker.
        tasks.send_erase_link.enqueue(email)
        return redirect(reverse("comments:erase_request") + "?envoye=1")

    def get_context_data(self, **kwargs):
        return super().get_context_data(sent=self.request.GET.get("envoye") == "1", **kwargs)


@method_decorator(never_cache, name="dispatch")
@method_decorator(anonymous_form(shown=()), name="dispatch")
class EraseConfirmView(TemplateView):
    """The link from the e-mail: GET shows what will be erased, POST erases it."""

    template_name = "comments/erase_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.email = notifications.email_from_erase_token(kwargs["token"])
        if self.email is None:
            return TemplateResponse(request, self.template_name, {"invalid": True}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(count=Comment.objects.from_email(self.email).count(),
                                        **kwargs)

    def post(self, request, *args, **kwargs):
        count = privacy.erase(self.email)
        return self.render_to_response({"erased": count, "done": True})
