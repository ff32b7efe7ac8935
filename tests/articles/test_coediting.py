"""Two people on one article: who else has it open (presence), and a conflict that shows the
difference and makes replacing the other's version an explicit, named choice."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import presence
from articles.models import Article

from ..conftest import make_article, text
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


@pytest.fixture
def camille():
    return make_journalist(first_name="Camille", last_name="Durand", email="camille@exemple.fr")


@pytest.fixture
def claire():
    return make_editor(first_name="Claire", last_name="Rédac", email="claire@exemple.fr")


@pytest.fixture
def draft(camille):
    return make_article("Le brouillon commun", status=Status.DRAFT, authors=[camille.author],
                        body="<p>Les abeilles dansent.</p><p>Rien d'autre.</p>")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# Presence.

def test_each_sees_the_other_who_has_the_article_open(camille, claire, draft):
    camille_browser, claire_browser = logged_in(camille), logged_in(claire)
    first = camille_browser.post(presence_url(draft), {"version": draft.version}).json()
    assert first["others"] == [] and first["message"] == ""
    second = claire_browser.post(presence_url(draft), {"version": draft.version}).json()
    assert second["others"] == ["Camille Durand"]
    assert text_of(second["message"]) == "Camille Durand a aussi cet article ouvert."
    again = camille_browser.post(presence_url(draft), {"version": draft.version}).json()
    assert again["others"] == ["Claire Rédac"]


def text_of(message):
    return message.replace("\u00a0", " ").replace("\u202f", " ")


def test_three_people_are_named_together(camille, claire, draft):
    paul = make_editor(first_name="Paul", last_name="Premier")
    for user in (camille, paul):
        logged_in(user).post(presence_url(draft))
    answer = logged_in(claire).post(presence_url(draft)).json()
    assert text_of(answer["message"]) == "Camille Durand et Paul Premier ont aussi cet article ouvert."


def test_someone_who_left_is_gone_at_once_and_someone_silent_after_the_ttl(
        camille, claire, draft, monkeypatch):
    camille_browser, claire_browser = logged_in(camille), logged_in(claire)
    camille_browser.post(presence_url(draft))
    assert claire_browser.post(presence_url(draft)).json()["others"] == ["Camille Durand"]

    # Camille closes the tab: the page's beacon says so.
    assert camille_browser.post(presence_url(draft), {"leave": "1"}).status_code == 204
    assert claire_browser.post(presence_url(draft)).json()["others"] == []

    # Camille's browser crashes instead: no beacon, her last heartbeat ages out.
    start = presence.now()
    camille_browser.post(presence_url(draft))
    monkeypatch.setattr(presence, "now", lambda: start + presence.TTL_SECONDS - 5)
    assert claire_browser.post(presence_url(draft)).json()["others"] == ["Camille Durand"]
    monkeypatch.setattr(presence, "now", lambda: start + presence.TTL_SECONDS + 1)
    assert claire_browser.post(presence_url(draft)).json()["others"] == []


def test_presence_is_per_article(camille, claire, draft):
    other = make_article(status=Status.DRAFT, authors=[camille.author])
    logged_in(camille).post(presence_url(other))
    assert logged_in(claire).post(presence_url(draft)).json()["others"] == []


def test_presence_lives_in_the_shared_cache(camille, claire, draft):
    """Another worker (here: the cache read directly, no process memory) sees the same."""
    from django.core.cache import cache

    logged_in(camille).post(presence_url(draft))
    assert camille.pk in cache.get(f"coediting:{draft.pk}")


def test_the_page_is_told_when_the_article_was_saved_since_it_opened(camille, claire, draft):
    opened = draft.version
    logged_in(camille).post(change_url(draft), form_data(draft, title="Camille enregistre"))
    answer = logged_in(claire).post(presence_url(draft), {"version": opened}).json()
    assert "enregistré par quelqu'un d'autre" in answer["saved"]
    fresh = logged_in(claire).post(presence_url(draft), {"version": reload(draft).version}).json()
    assert fresh["saved"] == ""


def test_presence_is_for_staff_who_may_see_the_article(camille, claire, draft, django_user_model):
    reader = django_user_model.objects.create_user("lecteur", is_staff=False)
    response = logged_in(reader).post(presence_url(draft))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Client().post(presence_url(draft)).status_code == 302
    # A journalist who does not sign this draft cannot see it, nor who edits it.
    stranger = make_journalist()
    assert logged_in(stranger).post(presence_url(draft)).status_code in (403, 404)
    logged_in(claire).post(presence_url(draft))
    assert logged_in(camille).get(presence_url(draft)).status_code == 405


def test_presence_needs_the_csrf_token(camille, draft):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(camille)
    assert browser.post(presence_url(draft)).status_code == 403
    page = browser.get(change_url(draft))
    token = page.cookies["csrftoken"].value
    answer = browser.post(presence_url(draft), {"csrfmiddlewaretoken": token})
    assert answer.status_code == 200 and answer.json()["others"] == []


def test_the_form_carries_the_presence_region_and_its_script(camille, draft):
    page = logged_in(camille).get(change_url(draft)).content.decode()
    assert f'data-presence-url="{presence_url(draft)}"' in page
    assert 'aria-live="polite"' in page
    assert "articles/coediting.js" in page and "articles/autosave.js" in page
    assert "<script>" not in page.split("coediting")[1]  # no inline script of ours


# Conflicts.

def test_a_stale_save_shows_the_difference_and_the_named_choice(camille, claire, draft):
    camille_form = form_data(draft, body="<p>Les abeilles volent.</p><p>Rien d'autre.</p>")
    claire_form = form_data(draft, title="Titre de Claire",
                            body="<p>Les abeilles chantent.</p><p>Rien d'autre.</p>")
    assert logged_in(camille).post(change_url(draft), camille_form).status_code == 302

    response = logged_in(claire).post(change_url(draft), claire_form)
    assert response.status_code == 200
    page = text(response)
    assert "Cet article a été modifié par Camille Durand" in page
    assert "La version de Camille Durand et la vôtre" in page
    assert "<del>volent.</del>" in page and "<ins>chantent.</ins>" in page
    assert "<ins>Claire</ins>" in page and "<del>commun</del>" in page  # the title, word by word
    assert 'name="overwrite_version" value="%d"' % reload(draft).version in page
    assert "Remplacer la version de Camille Durand par la mienne" in page
    assert "Les abeilles chantent." in page  # her text is kept in the form
    assert reload(draft).body == "<p>Les abeilles volent.</p><p>Rien d'autre.</p>"


def test_saving_again_without_the_choice_replaces_nothing(camille, claire, draft):
    """The bug: the second click used to overwrite silently."""
    claire_form = form_data(draft, title="Titre de Claire")
    logged_in(camille).post(change_url(draft), form_data(draft, title="Titre de Camille"))
    browser = logged_in(claire)
    first = browser.post(change_url(draft), claire_form)
    second = browser.post(change_url(draft), {
        **claire_form, "base_version": first.context["adminform"].form["base_version"].value()})
    assert second.status_code == 200
    assert "Remplacer la version de Camille Durand" in text(second)
    assert reload(draft).title == "Titre de Camille"


def test_choosing_to_replace_saves_tells_the_other_and_keeps_her_version(
        camille, claire, draft, commits):
    logged_in(camille).post(change_url(draft), form_data(draft, title="Titre de Camille"))
    claire_form = form_data(draft, title="Titre de Claire")
    claire_form["base_version"] = draft.version - 1  # what she opened
    browser = logged_in(claire)
    assert browser.post(change_url(draft), claire_form).status_code == 200
    mail.outbox.clear()

    response = browser.post(change_url(draft), {**claire_form,
                                                "overwrite_version": reload(draft).version},
                            follow=True)
    assert reload(draft).title == "Titre de Claire"
    assert "Vous avez remplacé la version de Camille Durand" in text(response)
    [message] = mail.outbox
    assert message.to == ["camille@exemple.fr"]
    assert "Le brouillon commun" in message.subject or "Titre de Claire" in message.subject
    assert "Claire Rédac" in message.subject
    assert reverse("admin:articles_article_history", args=[draft.pk]) in message.body
    titles = [v.field_dict["title"] for v in Version.objects.get_for_object(draft)]
    assert titles[:2] == ["Titre de Claire", "Titre de Camille"]
    assert Version.objects.get_for_object(draft)[1].revision.user == camille


def test_the_choice_is_for_the_version_seen(camille, claire, draft):
    """Someone saves again after the conflict was shown: replacing is asked again."""
    logged_in(camille).post(change_url(draft), form_data(draft, title="Camille, 1"))
    seen = reload(draft).version
    claire_form = {**form_data(draft, title="Titre de Claire"), "base_version": seen - 1}
    logged_in(camille).post(change_url(draft), form_data(draft, title="Camille, 2"))
    response = logged_in(claire).post(change_url(draft), {**claire_form, "overwrite_version": seen})
    assert response.status_code == 200
    assert reload(draft).title == "Camille, 2"


def test_the_same_person_in_two_tabs_is_not_told_by_mail(claire, draft, commits):
    first = form_data(draft, title="Onglet 1")
    second = form_data(draft, title="Onglet 2")
    browser = logged_in(claire)
    browser.post(change_url(draft), first)
    response = browser.post(change_url(draft), second)
    assert "Remplacer ma version enregistrée entre-temps" in text(response)
    mail.outbox.clear()
    browser.post(change_url(draft), {**second, "overwrite_version": reload(draft).version})
    assert reload(draft).title == "Onglet 2"
    assert mail.outbox == []


# Autosave: a successful save names the browser's draft back.

def test_a_successful_save_names_the_autosaved_draft(claire, draft):
    response = logged_in(claire).post(change_url(draft), {**form_data(draft, title="Sauvé"),
                                                          "_autosave_id": "lx1-abcdef123"})
    assert response.status_code == 302
    assert response.cookies["article_autosave_saved"].value == "lx1-abcdef123"
    refused = logged_in(claire).post(change_url(draft), {**form_data(draft, title=""),
                                                         "_autosave_id": "lx1-abcdef124"})
    assert "article_autosave_saved" not in refused.cookies
    odd = logged_in(claire).post(change_url(draft), {**form_data(draft),
                                                     "_autosave_id": "<script>"})
    assert "article_autosave_saved" not in odd.cookies


def test_a_heartbeat_does_not_keep_an_idle_session_alive(camille, draft):
    """An open tab is not activity: the session still ends SESSION_IDLE_HOURS after the last
    real request."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    browser = logged_in(camille)
    key = browser.cookies["sessionid"].value
    ends = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=ends)
    assert browser.post(presence_url(draft)).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == ends
    browser.get(change_url(draft))  # real work does push it
    assert Session.objects.get(session_key=key).expire_date > ends + timedelta(minutes=30)
