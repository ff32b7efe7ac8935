"""A reader posts a comment (with and without JavaScript); an editor approves it in the admin;
everyone then sees it."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from ratings.models import Comment

from ..conftest import make_article

# serialized_rollback: the newsroom groups come from a data migration, which a transactional
# flush would erase for the tests after this one (as in test_csp.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _quick_readers(settings):
    # A test fills the form in milliseconds: no minimum fill time here (tested in the fast suite).
    settings.COMMENTS_MIN_FILL_SECONDS = 0


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
    admin.goto("/admin/ratings/comment/")
    admin.get_by_label("Nom d’utilisateur").fill("chef")
    admin.get_by_label("Mot de passe").fill("mot-de-passe-chef")
    admin.get_by_role("button", name="Connexion").click()
    row = admin.locator("#result_list tbody tr", has_text="quelle bonne idée")
    expect(row).to_contain_text("En attente")
    expect(row).to_contain_text("premier avis")
    row.locator("input[name=_selected_action]").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Envoyer").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 avis publié.")

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

    # The poster's pending reply is still there after a reload (their cookie), only for them.
    page.reload()
    expect(page.locator(f"#avis-{parent.pk} .comment__replies")).to_contain_text("tout simplement")


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
    page.get_by_role("button", name="Publier mon avis").click()
    page.wait_for_url(re.compile(r"#avis-\d+$"))
    expect(page.get_by_role("status").first).to_contain_text("Votre avis est en attente de modération")
    expect(page.locator(".comment", has_text="ça marche aussi")).to_contain_text(
        "en attente de modération")
