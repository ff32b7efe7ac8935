"""Two people on one article, in the admin.

- Presence: while a change form is open, its page (articles/static/articles/coediting.js)
  posts a heartbeat to `presence/` and shows who else has the article open
  (articles.presence keeps that in the shared cache).
- Conflicts: a save based on an older version is refused with the difference between the
  saved version and the user's (ArticleAdminForm), and « Remplacer la version de … » is an
  explicit choice; the author whose version is replaced is told by e-mail (articles.tasks) and
  their version stays in the history.
- Corrections of a published article: its journalist proposes one (`correction/`), an editor
  sees the difference and accepts it (applied as a revision, « Mis à jour le … » for readers)
  or refuses it (`correction/<id>/`).
- Autosave (articles/static/articles/autosave.js): a successful save tells the page's script,
  through a short-lived cookie, that its draft in the browser can go.
"""

import re

from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from js_asset import Media as JsAssetMedia

from core import params

from .. import presence, revisions, tasks, workflow
from ..models import Article, Correction

# The cookie that tells the autosave script which draft a save has just stored.
AUTOSAVE_COOKIE = "article_autosave_saved"
AUTOSAVE_FIELD = "_autosave_id"
_AUTOSAVE_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["title", "standfirst", "body", "note"]
        widgets = {"standfirst": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2})}


class CoeditingAdminMixin:
    """For the article admin (needs `get_visible_article` and the editor's catalogue URL)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/presence/", view(self.presence_view),
                 name="articles_article_presence"),
            path("<int:object_id>/correction/", view(self.propose_correction_view),
                 name="articles_article_propose_correction"),
            path("<int:object_id>/correction/<int:correction_id>/",
                 view(self.review_correction_view), name="articles_article_review_correction"),
        ] + super().get_urls()

    # Presence.

    def presence_view(self, request, object_id):
        """POST (CSRF-checked, staff only through admin_view): `version` of the open form;
        `leave=1` when the page goes away. Answers the others' names and the notice."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # A heartbeat is not activity: it must not keep an idle staff session alive
        # (SESSION_SAVE_EVERY_REQUEST would push its expiry), nor write the session's row
        # every few seconds for each open tab.
        request.session.save = lambda *args, **kwargs: None
        article = self.get_visible_article(request, object_id)
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return HttpResponse(status=204)
        names = presence.heartbeat(article.pk, request.user)
        version = params.object_id(request.POST.get("version"))
        saved = ""
        if version is not None and version < article.version:
            saved = _("Cet article a été enregistré par quelqu'un d'autre depuis que vous "
                      "l'avez ouvert : enregistrer vous montrera la différence.")
        return JsonResponse({"others": names, "message": presence.notice(names), "saved": saved},
                            headers={"Cache-Control": "no-store"})

    # The change form: what the partial admin/articles/article/_coediting.html shows.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        context["coediting"] = {
            "presence_url": (reverse("admin:articles_article_presence", args=[obj.pk])
                             if obj is not None else ""),
            "heartbeat_seconds": presence.HEARTBEAT_SECONDS,
            "version": obj.version if obj is not None else "",
            "autosave_key": f"article:{obj.pk if obj is not None else 'new'}",
            "autosave_field": AUTOSAVE_FIELD,
            "autosave_cookie": AUTOSAVE_COOKIE,
            "conflict": getattr(form, "conflict", None),
            "overwrite_kept": (form.data.get("overwrite_version", "")
                               if form is not None and getattr(form, "overwrote", False) else ""),
            **self._corrections_context(request, obj),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _corrections_context(self, request, obj):
        if obj is None or obj.status != Article.Status.PUBLISHED:
            return {}
        if workflow.is_editor(request.user):
            pending = list(obj.corrections.filter(status=Correction.Status.PENDING)
                           .select_related("proposed_by"))
            return {"pending_corrections": pending}
        if workflow.is_author(request.user, obj):
            return {
                "can_propose_correction": True,
                "own_corrections": list(obj.corrections.filter(
                    proposed_by=request.user, status=Correction.Status.PENDING)),
            }
        return {}

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if (obj is not None and obj.status == Article.Status.PUBLISHED
                and workflow.is_editor(request.user)):
            fieldsets.append((gettext_lazy("Correction après publication"), {
                "fields": ["mark_corrected", "correction_note"]}))
        return fieldsets

    # Saving.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "overwrote", False):
            overwritten = form.overwritten
            if overwritten is not None:
                by_name = presence.display_name(request.user)
                transaction.on_commit(lambda: tasks.tell_overwritten.enqueue(
                    obj.pk, overwritten.pk, by_name))
                messages.info(request, _(
                    "Vous avez remplacé la version de %(name)s, qui en est prévenu(e) ; elle "
                    "reste dans l'historique de l'article.") % {
                        "name": presence.display_name(overwritten)})

    def response_add(self, request, obj, post_url_continue=None):
        return self._autosaved(request, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._autosaved(request, super().response_change(request, obj))

    def _autosaved(self, request, response):
        draft = request.POST.get(AUTOSAVE_FIELD, "")
        if _AUTOSAVE_ID.fullmatch(draft):
            response.set_cookie(AUTOSAVE_COOKIE, draft, max_age=86400,
                                path=reverse("admin:index"), samesite="Strict",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response

    # Corrections of a published article.

    def _editor_media(self, request, form):
        media = forms.Media(js=[reverse("admin:articles_article_editor_jsi18n")]) + form.media
        return JsAssetMedia.from_media(media, nonce=getattr(request, "csp_nonce", ""))

    @method_decorator(csp_update({"script-src": [NONCE], "style-src": [NONCE]}))
    def propose_correction_view(self, request, object_id):
        """A journalist's correction of their published article, for an editor to accept."""
        article = self.get_visible_article(request, object_id)
        if article.status != Article.Status.PUBLISHED or not workflow.is_author(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            form = CorrectionForm(request.POST)
            if form.is_valid():
                correction = form.save(commit=False)
                correction.article, correction.proposed_by = article, request.user
                correction.base_version = article.version
                correction.save()
                self.log_change(request, article, _("Correction proposée"))
                messages.success(request, _(
                    "Votre correction est proposée à la rédaction en chef : l'article change "
                    "quand elle l'accepte."))
                return redirect("admin:articles_article_change", article.pk)
        else:
            form = CorrectionForm(initial={"title": article.title, "standfirst": article.standfirst,
                                           "body": article.body})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Proposer une correction de « %(title)s »") % {"title": article.title},
            "opts": self.opts,
            "original": article,
            "form": form,
            "media": self._editor_media(request, form),
        }
        return TemplateResponse(request, "admin/articles/article/correction_propose.html", context)

    def review_correction_view(self, request, object_id, correction_id):
        """An editor's decision on a proposed correction, seeing what it changes."""
        article = self.get_visible_article(request, object_id)
        if not (workflow.is_editor(request.user) and self.has_change_permission(request, article)):
            raise PermissionDenied
        correction = get_object_or_404(article.corrections.select_related("proposed_by"),
                                       pk=correction_id)
        if request.method == "POST":
            decision = request.POST.get("decision")
            if not correction.is_pending:
                messages.error(request, _("Cette correction a déjà été traitée."))
            elif decision == "accept" and params.object_id(request.POST.get("version")) != article.version:
                messages.error(request, _(
                    "L'article a été modifié depuis que vous avez ouvert cette page : "
                    "voyez la différence à jour avant de décider."))
                return redirect(request.path)
            elif decision == "accept" and correction.base_version != article.version:
                # Accepting would put back the whole text as the journalist saw it, undoing
                # what was changed since.
                messages.error(request, _(
                    "L'article a changé depuis cette proposition : l'accepter effacerait ces "
                    "changements. Refusez-la et demandez une nouvelle proposition."))
                return redirect(request.path)
            elif decision == "accept":
                who = presence.display_name(correction.proposed_by) if correction.proposed_by else "?"
                comment = _("Correction de %(name)s acceptée") % {"name": who}
                correction.accept(request.user, comment)
                self.log_change(request, article, comment)
                messages.success(request, comment)
            elif decision == "refuse":
                correction.refuse(request.user)
                self.log_change(request, article, _("Correction refusée"))
                messages.success(request, _("La correction est refusée ; l'article est inchangé."))
            else:
                messages.error(request, _("Choisissez d'accepter ou de refuser la correction."))
                return redirect(request.path)
            return redirect("admin:articles_article_change", article.pk)
        fields = ("title", "standfirst", "body")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Correction proposée de « %(title)s »") % {"title": article.title},
            "opts": self.opts,
            "original": article,
            "correction": correction,
            "outdated": correction.base_version != article.version,
            "proposer": (presence.display_name(correction.proposed_by)
                         if correction.proposed_by else _("un ancien compte")),
            **revisions.compare_values({name: getattr(article, name) for name in fields},
                                       {name: getattr(correction, name) for name in fields}),
        }
        return TemplateResponse(request, "admin/articles/article/correction_review.html", context)
