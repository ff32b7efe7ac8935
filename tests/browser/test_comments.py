"""A reader posts a comment (with and without JavaScript); an editor approves it in the admin;
everyone then sees it.

The article page is the same for every reader: the form's fill-time token is fetched when the
reader starts on it (comments.js), and a poster's comment awaiting moderation is shown to them
alone afterwards, through one request to /lecteur/ (reader.js) or on the private page a form
without JavaScript leads to."""

import re
import time

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from comments.models import Comment

from ..comments_support import add_comment
from ..conftest import make_article

# serialized_rollback: the newsroom groups come from a data migration, which a transactional
# flush would erase for the tests after this one (as in test_csp.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _quick_readers(settings):
    # A test fills the form in milliseconds: no minimum fill time here, except in the two tests
    # of the token, which set it back to 3 seconds.
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def flag(page):
    return page.evaluate("window.localStorage.getItem('magazine:lecteur')")


def trusted(page, article, live_server):
    """This browser belongs to a reader an editor already approved (their signed reader cookie,
    the only thing trust goes with)."""
    from django.conf import settings
    from django.core.signing import get_cookie_signer

    from core.readers import READER_COOKIE_SALT

    add_comment(article, name="Camille", email="camille@example.org", body="Un premier avis, relu.",
                reader_id="lecteur-camille")
    signed = get_cookie_signer(salt=settings.READER_COOKIE_NAME + READER_COOKIE_SALT).sign(
        "lecteur-camille")
    page.context.add_cookies([{"name": settings.READER_COOKIE_NAME, "value": signed,
                               "url": live_server.url}])


def fill(page, name="Camille", email="camille@example.org", body="Un très bel article."):
    form = page.locator("[data-comment-form]")
    form.get_by_label("Votre nom").fill(name)
    form.get_by_label("Votre e-mail").fill(email)
    form.get_by_label("Votre avis").fill(body)
    return form


def test_reader_posts_editor_approves_and_everyone_sees_it(new_page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast login
    article = make_article("Les toits deviennent des potagers")
    editor = User.objects.create_user("chef", "chef@lemagazine.example", "mot-de-passe-chef",
                                      is_staff=True)
    editor.groups.add(Group.objects.get(name="Rédacteur en chef"))

    reader = new_page()
    reader.goto(article.get_absolute_url())
    form = fill(reader, body="Les potagers sur les toits, quelle bonne idée !\nMerci.")
    form.get_by_label("Prévenez-moi des réponses").check()
    form.get_by_role("button", name="Publier mon avis").click()
    expect(form.locator("[data-comment-status]")).to_contain_text("en attente de modération")
    mine = reader.locator(".comment", has_text="quelle bonne idée")
    expect(mine).to_contain_text("en attente de modération")
    assert reader.url.endswith(article.get_absolute_url())  # posted in place, no reload

    stranger = new_page()
    stranger.goto(article.get_absolute_url())
    expect(stranger.locator("#avis")).not_to_contain_text("quelle bonne idée")

    admin = new_page()
    admin.goto("/admin/comments/comment/")
    admin.get_by_label("Nom d’utilisateur").fill("chef")
    admin.get_by_label("Mot de passe").fill("mot-de-passe-chef")
    admin.get_by_role("button", name="Connexion").click()
    row = admin.locator("#result_list tbody tr", has_text="quelle bonne idée")
    expect(row).to_contain_text("En attente")
    expect(row).to_contain_text("premier avis")
    row.locator("input[name=_selected_action]").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Envoyer").click()
    # (Not the legal-notice warning editors see while the legal notice is incomplete.)
    expect(admin.locator(".messagelist:not(.legal-notice-warning)")).to_contain_text("1 avis publié.")

    stranger.reload()
    comment = stranger.locator(".comment", has_text="quelle bonne idée")
    expect(comment).to_be_visible()
    expect(comment).not_to_contain_text("en attente")
    expect(comment.locator(".comment__author")).to_have_text("Camille")
    expect(stranger.locator("#avis-titre")).to_have_text("1 avis")
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_reply_and_errors_in_place_with_javascript(page, settings):
    settings.COMMENTS_MAX_LINKS = 1
    article = make_article()
    parent = Comment.objects.create(article=article, name="Lou", email="lou@example.org",
                                    body="Premier avis.", status=Comment.Status.APPROVED)
    csp_violations = []
    page.on("console", lambda message: csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(article.get_absolute_url())
    page.evaluate("window.sameDocument = true")
    page.locator(f"#avis-{parent.pk}").get_by_role("link", name="Répondre").click()
    form = page.locator("[data-comment-form]")
    expect(form.locator("[data-replying]")).to_contain_text("En réponse à Lou")
    fill(page, body="Voir https://a.example et https://b.example")
    form.get_by_role("button", name="Publier mon avis").click()
    body_error = form.locator('[data-error-for="body"]')
    expect(body_error).to_have_text("Votre avis contient 2 liens : 1 au maximum.")
    expect(form.get_by_label("Votre avis")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Votre avis")).to_have_value("Voir https://a.example et https://b.example")

    form.get_by_label("Votre avis").fill("Voir https://a.example, tout simplement.")
    form.get_by_role("button", name="Publier mon avis").click()
    reply = page.locator(f"#avis-{parent.pk} .comment__replies .comment")
    expect(reply).to_contain_text("tout simplement")
    expect(reply).to_contain_text("en attente de modération")
    expect(reply.get_by_role("link", name="https://a.example")).to_have_attribute(
        "rel", "nofollow ugc noopener")
    expect(body_error).to_be_empty()
    expect(form.locator("[data-replying]")).to_be_hidden()
    assert Comment.objects.get(body__contains="tout simplement").parent_id == parent.pk
    assert page.evaluate("window.sameDocument") is True  # errors and reply without a reload
    assert csp_violations == []  # comments.js and the HTML it inserts obey the strict CSP

    # The poster's pending reply is still there after a reload, in its thread (reader.js asks
    # for it with their cookie), only for them.
    page.reload()
    expect(page.locator(f"#avis-{parent.pk} .comment__replies")).to_contain_text("tout simplement")
    reply_pk = Comment.objects.get(body__contains="tout simplement").pk
    expect(page.locator(f"#avis-{reply_pk}")).to_have_count(1)


def test_reader_posts_without_javascript(new_page):
    article = make_article()
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    form = fill(page, body="x")
    # The browser's own checks first (minlength), then the server's French message.
    form.get_by_label("Votre avis").evaluate("el => el.removeAttribute('minlength')")
    form.get_by_role("button", name="Publier mon avis").click()
    expect(page.locator('[data-error-for="body"]')).to_have_text(
        "Votre avis est trop court : 2 caractères au minimum.")
    expect(page.get_by_label("Votre nom")).to_have_value("Camille")

    page.get_by_label("Votre avis").fill("Sans JavaScript, ça marche aussi.")
    with page.expect_navigation(url=re.compile(r"\?merci=[^#]+#avis-\d+$")) as landing:
        page.get_by_role("button", name="Publier mon avis").click()
    # Their own page: private, the message, their comment waiting where it will stand.
    assert "no-store" in landing.value.headers["cache-control"]
    expect(page.locator("[data-reader-acted]")).to_contain_text(
        "Votre avis est en attente de modération")
    expect(page.locator(".comment", has_text="ça marche aussi")).to_contain_text(
        "en attente de modération")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING  # sent without a token: held for an editor
    assert "sans jeton" in comment.spam_reasons

    stranger = new_page(java_script_enabled=False)
    stranger.goto(article.get_absolute_url())
    expect(stranger.locator("#avis")).not_to_contain_text("ça marche aussi")


def test_focus_fetches_the_token_once_and_a_trusted_reader_who_took_their_time_is_published(
        new_page, watch, settings, live_server):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    article = make_article()
    page = new_page()
    trusted(page, article, live_server)
    seen = watch(page)
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert seen.to("/avis/jeton/") == []  # the shared page carries no token and asks for none

    with page.expect_response("**/avis/jeton/") as answer:
        page.get_by_label("Votre nom").focus()
    started = time.monotonic()
    token = answer.value.json()["jeton"]
    assert token and "no-store" in answer.value.headers["cache-control"]
    assert answer.value.request.headers["accept"] == "application/json"
    expect(page.locator("input[name=jeton]")).to_have_value(token)
    form = fill(page, body="Pris le temps de lire : bravo.")
    form.get_by_label("Prévenez-moi des réponses").check()
    page.wait_for_timeout(max(0, 3.2 - (time.monotonic() - started)) * 1000)

    with page.expect_request(lambda request: request.method == "POST") as sent:
        form.get_by_role("button", name="Publier mon avis").click()
    post = sent.value
    assert post.headers["content-type"] == "application/json"
    assert post.headers["accept"] == "application/json"
    assert post.post_data_json == {
        "jeton": token, "parent": "", "name": "Camille", "email": "camille@example.org",
        "body": "Pris le temps de lire : bravo.", "site_web": "", "notify_replies": True}
    expect(form.locator("[data-comment-status]")).to_contain_text("Votre avis est publié")
    mine = page.locator(".comment", has_text="bravo")
    expect(mine).to_be_visible()
    expect(mine).not_to_contain_text("en attente")
    expect(page.locator("#avis-titre")).to_have_text("2 avis")
    assert Comment.objects.get(body__contains="bravo").status == Comment.Status.APPROVED
    assert len(seen.to("/avis/jeton/")) == 1  # once, however many fields were visited
    assert flag(page) == "1"
    assert seen.violations == []
    assert seen.errors == []


def test_a_comment_sent_before_its_token_arrives_waits_for_it_and_too_fast_is_held(
        new_page, watch, settings, live_server):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    article = make_article()
    page = new_page()
    trusted(page, article, live_server)  # a trusted reader: only the speed can hold this comment
    seen = watch(page)
    held = []
    page.route("**/avis/jeton/", lambda route: held.append(route))  # the token is slow to come
    page.goto(article.get_absolute_url())
    form = fill(page, body="Écrit à toute vitesse.")
    button = form.get_by_role("button", name="Publier mon avis")
    button.click()
    page.wait_for_timeout(300)
    assert seen.to("/avis/", "POST") == []  # the comment waits for its token
    expect(button).to_be_disabled()
    assert len(held) == 1

    with page.expect_request(lambda request: request.method == "POST") as sent:
        held[0].continue_()
    assert sent.value.post_data_json["jeton"]
    expect(form.locator("[data-comment-status]")).to_contain_text("en attente de modération")
    expect(page.locator(".comment", has_text="toute vitesse")).to_contain_text(
        "en attente de modération")  # the same answer as for any held comment: a bot learns nothing
    comment = Comment.objects.get(body__contains="toute vitesse")
    assert comment.status == Comment.Status.SPAM
    assert "envoyé trop vite" in comment.spam_reasons
    assert len(held) == 1
    assert seen.violations == []
    assert seen.errors == []


def test_a_new_readers_comment_waits_and_only_they_see_it_after_a_reload(new_page, watch):
    article = make_article()
    page = new_page()
    seen = watch(page)
    page.goto(article.get_absolute_url())
    form = fill(page, name="Sam", email="sam@example.org", body="Mon tout premier avis ici.")
    form.get_by_role("button", name="Publier mon avis").click()
    expect(form.locator("[data-comment-status]")).to_contain_text("en attente de modération")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    expect(page.locator(f"#avis-{comment.pk}")).to_contain_text("en attente de modération")
    expect(page.locator("#avis-titre")).to_have_text("Aucun avis publié pour l'instant")
    assert flag(page) == "1"

    again = page.reload()
    mine = page.locator(f"#avis-{comment.pk}")
    expect(mine).to_contain_text("Mon tout premier avis ici.")
    expect(mine).to_contain_text("en attente de modération")
    expect(page.locator("#avis-titre")).to_have_text("Aucun avis publié pour l'instant")
    page.wait_for_load_state("networkidle")
    assert len(seen.to("/lecteur/")) == 1
    assert page.locator(f"#avis-{comment.pk}").count() == 1

    stranger = new_page()
    stranger_seen = watch(stranger)
    shared = stranger.goto(article.get_absolute_url())
    stranger.wait_for_load_state("networkidle")
    expect(stranger.locator("#avis")).not_to_contain_text("Mon tout premier avis")
    assert stranger_seen.to("/lecteur/") == []
    assert again.body() == shared.body()  # the poster's page is the shared one
    assert seen.violations == stranger_seen.violations == []
    assert seen.errors == stranger_seen.errors == []
