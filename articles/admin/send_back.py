"""« Renvoyer avec une note »: an editor sends an article in review back to its writer with a
word on what to change. The step is the workflow's « Renvoyer en brouillon » (`workflow.perform`:
same rules, one revision whose comment keeps the note); the writer gets the note by e-mail
(`articles.notifications`) and on their dashboard."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow
from ..models import Article


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note pour l’auteur"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        help_text=gettext_lazy("Ce qu’il faut revoir ; elle lui est envoyée par e-mail et "
                               "reste dans l’historique de l’article."))


class SendBackAdminMixin:
    """For the article admin: `<id>/renvoyer/`."""

    def get_urls(self):
        return [
            path("<path:object_id>/renvoyer/", self.admin_site.admin_view(self.send_back_view),
                 name="articles_article_send_back"),
        ] + super().get_urls()

    def send_back_view(self, request, object_id):
        article = self.get_visible_article(request, object_id)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[quote(article.pk)],
                             current_app=self.admin_site.name)
        form = SendBackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                article, comment = workflow.perform(request.user, article.pk, "to_draft",
                                                    note=form.cleaned_data["note"])
            except Article.DoesNotExist:
                messages.error(request, _("Cet article n’existe plus."))
                return HttpResponseRedirect(reverse("admin:index"))
            except workflow.TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(change_url)
            self.log_change(request, article, comment)
            messages.success(request, _("« %(title)s » : %(comment)s.") % {
                "title": article.title, "comment": comment})
            return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))
        refused = None
        try:
            workflow.check(request.user, article, "to_draft")
        except workflow.TransitionRefused as refusal:
            refused = str(refusal)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Renvoyer « %(title)s » à son auteur") % {"title": article.title},
            "form": form,
            "refused": refused,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/send_back.html", context)
