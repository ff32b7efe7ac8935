"""Pages keep their old addresses too (pages.Page in settings.REDIRECT_TRACKED_MODELS)."""

import pytest
from django.utils import translation

from pages.models import Page
from redirects.models import Redirect

pytestmark = pytest.mark.django_db


def make_page(title, slug="", status=Page.Status.PUBLISHED):
    page = Page(title=title, slug=slug, status=status, body=f"<p>{title}.</p>")
    page.full_clean()
    page.save()
    return page


def url_in(obj, language):
    with translation.override(language):
        return obj.get_absolute_url()


def test_a_renamed_page_keeps_its_old_address_in_both_languages(client):
    page = make_page("Qui sommes-nous", slug="qui-sommes-nous")
    old = {language: url_in(page, language) for language in ("fr", "en")}
    page = Page.objects.get(pk=page.pk)
    page.slug = "a-propos"
    page.save()
    for language in ("fr", "en"):
        response = client.get(old[language])
        assert response.status_code == 301 and response["Location"] == url_in(page, language)
        assert client.get(response["Location"]).status_code == 200


def test_a_draft_page_renamed_leaves_nothing(client):
    page = make_page("Brouillon de page", slug="brouillon-page", status=Page.Status.DRAFT)
    page.slug = "autre-brouillon"
    page.save()
    assert not Redirect.objects.exists()
