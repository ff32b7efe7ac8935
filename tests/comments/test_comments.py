"""Posting a comment without JavaScript and with it (JSON), and what readers then see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment

from ..comments_support import become_trusted, add_comment, french, post  # noqa: F401 (french: autouse)
from ..conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article("Les toits deviennent des potagers")


def page(client, article, **params):
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    return html


def test_article_page_has_the_form_and_a_privacy_line(client, article):
    html = page(client, article)
    assert "Publiez votre avis" in html
    assert 'action="/articles/les-toits-deviennent-des-potagers/avis/"' in html
    assert "Aucun avis pour l&#x27;instant" in html or "Aucun avis pour l'instant" in html
    assert "Votre e-mail n&#x27;est jamais affiché" in html or "Votre e-mail n'est jamais affiché" in html
    assert "effacée après 30 jours" in html
    assert 'href="/avis/effacer/"' in html
    assert "Prévenez-moi des réponses" in html


def test_first_comment_waits_and_only_its_poster_sees_it(client, article):
    response = post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"/articles/{article.slug}/?merci=")
    assert location.endswith(f"#avis-{comment.pk}")
    # The poster got a reader cookie and, on their own page, a French message and the comment
    # marked as waiting.
    assert "lecteur" in response.cookies and response.cookies["lecteur"]["httponly"]
    own = client.get(location)
    html = own.content.decode()
    assert "en attente de modération" in html and "Très bel article, merci." in html
    assert f'id="avis-{comment.pk}"' in html
    assert "Votre avis est en attente de modération" in html
    assert "Aucun avis publié pour l" in html  # not counted: not published
    assert "no-store" in own["Cache-Control"] and own["X-Robots-Tag"] == "noindex"
    # The article itself is the page everyone gets, the poster too: without their comment
    # (comments.js asks for it, /lecteur/), and anyone else sees nothing of it.
    assert "Très bel article" not in page(client, article)
    state = client.get(f"/articles/{article.slug}/lecteur/").json()
    assert [c["id"] for c in state["pending"]] == [comment.pk]
    assert "en attente de modération" in state["pending"][0]["html"]
    client.cookies.clear()
    assert "Très bel article" not in page(client, article)
    assert client.get(f"/articles/{article.slug}/lecteur/").json()["pending"] == []


def test_comment_from_an_approved_reader_appears_at_once_and_is_counted(client, article):
    become_trusted(client, article, name="Camille")
    response = post(client, article, email="  Camille@Example.ORG ", body="Et une deuxième idée.")
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert comment.email == "camille@example.org"
    client.cookies.clear()
    html = page(client, article)
    assert "Et une deuxième idée." in html and "en attente" not in html
    assert "2 avis</h2>" in html
    assert response.status_code == 302


def test_errors_rerender_the_article_with_the_text_kept(client, article):
    response = post(client, article, body="x", name="", email="pas-une-adresse")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Les toits deviennent des potagers" in html  # the article page, not a bare error
    assert "Votre avis est trop court\u00a0: 2 caractères au minimum." in html
    assert "Ce champ est obligatoire." in html
    assert "Saisissez une adresse e-mail valide." in html
    assert 'value="pas-une-adresse"' in html
    assert Comment.objects.count() == 0


def test_long_text_is_refused_with_its_size_and_kept(client, article, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    text = "Un avis très long qui dépasse nettement la limite fixée pour ce test."
    response = post(client, article, body=text)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"50 caractères au maximum (il en compte {len(text)})" in html
    assert text.replace("'", "&#x27;") in html


def test_too_many_links_is_a_form_error(client, article, settings):
    settings.COMMENTS_MAX_LINKS = 2
    body = "Voir https://a.example/ et https://b.example/ et www.c.example"
    response = post(client, article, body=body)
    assert response.status_code == 400
    assert "Votre avis contient 3 liens\u00a0: 2 au maximum." in response.content.decode()
    assert post(client, article, body="Voir https://a.example/ et https://b.example/").status_code == 302
    settings.COMMENTS_MAX_LINKS = 0
    response = post(client, article, body="Voir https://a.example/ tout de suite")
    assert "Les liens ne sont pas acceptés dans les avis." in response.content.decode()


def test_text_is_escaped_with_line_breaks_and_nofollow_links(client, article):
    become_trusted(client, article)
    post(client, article, body="Bonjour <b>tous</b>\nligne deux\n\nVoir https://exemple.org/page.")
    comment = Comment.objects.latest("pk")
    assert comment.body_html == (
        "<p>Bonjour &lt;b&gt;tous&lt;/b&gt;<br>ligne deux</p>\n\n<p>Voir "
        '<a href="https://exemple.org/page" rel="nofollow ugc noopener">https://exemple.org/page</a>.</p>'
    )
    assert comment.body_html in page(client, article)


def test_reply_attaches_one_level_deep_and_is_indented_under_its_parent(client, article):
    parent = add_comment(article, name="Lou", body="Premier avis.")
    reply = add_comment(article, name="Sam", body="Réponse de Sam.", parent=parent,
                        email="sam@example.org")
    become_trusted(client, make_article())
    post(client, article, parent=str(reply.pk), body="Réponse à une réponse.",
         email="sam@example.org")
    answer = Comment.objects.latest("pk")
    assert answer.parent == parent  # a reply to a reply goes to the top-level comment
    html = page(client, article)
    replies = html[html.index(f'id="avis-{parent.pk}"'):]
    replies = replies[replies.index('class="comment__replies"'):]
    assert replies.index("Réponse de Sam.") < replies.index("Réponse à une réponse.")


def test_reply_to_a_comment_of_another_article_or_not_published_is_refused(client, article):
    other = add_comment(make_article())
    pending = add_comment(article, status=Comment.Status.PENDING)
    for parent in (other, pending):
        response = post(client, article, parent=str(parent.pk))
        assert response.status_code == 400
        assert "L&#x27;avis auquel vous répondez n&#x27;existe pas" in response.content.decode()
    response = post(client, article, parent="pas-un-nombre")
    assert response.status_code == 400
    assert Comment.objects.count() == 2


def test_reply_link_works_without_javascript(client, article):
    parent = add_comment(article, name="Lou")
    html = page(client, article)
    assert f'href="?repondre={parent.pk}#publiez-votre-avis"' in html
    html = page(client, article, repondre=parent.pk)
    assert f'name="parent" value="{parent.pk}"' in html
    assert "En réponse à" in html and "<strong data-replying-name>Lou</strong>" in html


def test_json_post_answers_with_the_rendered_comment(client, article):
    response = post(client, article, json=True, body="Posté en place.")
    data = response.json()
    comment = Comment.objects.get()
    assert response.status_code == 200
    assert data["ok"] and data["status"] == "pending" and data["id"] == comment.pk
    assert "Posté en place." in data["html"] and "en attente de modération" in data["html"]
    assert "camille@example.org" not in response.content.decode()
    assert "lecteur" in response.cookies


def test_json_errors_are_per_field_in_french(client, article):
    response = post(client, article, json=True, body="x", email="non")
    data = response.json()
    assert response.status_code == 400 and not data["ok"]
    assert data["errors"]["body"] == ["Votre avis est trop court\u00a0: 2 caractères au minimum."]
    assert data["errors"]["email"] == ["Saisissez une adresse e-mail valide."]


def test_get_on_the_post_address_leads_to_the_comments(client, article):
    response = client.get(f"/articles/{article.slug}/avis/")
    assert response.status_code == 302 and response["Location"].endswith("#avis")


def test_unpublished_article_takes_no_comments(client):
    draft = make_article(status="draft")
    assert post(client, draft).status_code == 404
    assert Comment.objects.count() == 0


def test_email_is_never_in_the_page(client, article):
    add_comment(article, email="secret@example.org", name="Lou")
    add_comment(article, email="secret@example.org", name="Lou", status=Comment.Status.PENDING,
                reader_id="moi")
    post(client, article, email="autre-secret@example.org")
    html = page(client, article)
    assert "secret@example.org" not in html and "autre-secret" not in html


# --- closing --------------------------------------------------------------------------------

def test_closed_article_shows_comments_says_closed_and_refuses_posts(client):
    article = make_article(allow_comments=False)
    add_comment(article, body="Avis d'avant la fermeture.")
    html = page(client, article)
    assert "Avis d’avant la fermeture."  # typeset when saved in html
    assert "Les avis sont fermés pour cet article." in html
    assert "Publiez votre avis" not in html and "Répondre" not in html
    response = post(client, article, body="Trop tard pour écrire.")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Les avis sont fermés pour cet article." in html
    assert "Trop tard pour écrire." in html  # kept for the reader to copy
    assert Comment.objects.count() == 1
    response = post(client, article, json=True)
    assert response.status_code == 403 and "fermés" in response.json()["message"]


def test_comments_close_by_themselves_after_n_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    recent = make_article(published_at=timezone.now() - timedelta(days=29))
    assert "Les avis sont fermés" in page(client, old)
    assert post(client, old).status_code == 403
    assert post(client, recent).status_code == 302
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0  # never
    assert post(client, old, body="Finalement ouvert.").status_code == 302


# --- display --------------------------------------------------------------------------------

def test_comments_oldest_first_with_french_dates(client, article, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    add_comment(article, body="Le second.", created_at=datetime(2026, 11, 28, 14, 5, tzinfo=paris))
    add_comment(article, body="Le premier.", created_at=datetime(2026, 11, 1, 9, 0, tzinfo=paris))
    html = page(client, article)
    assert html.index("Le premier.") < html.index("Le second.")
    assert "28 novembre 2026 à 14 h 05" in html
    assert "1er novembre 2026 à 9 h 00" in html
    assert "2 avis</h2>" in html


def test_one_comment_heading_and_english_page(client, article):
    add_comment(article)
    assert "1 avis</h2>" in page(client, article)
    response = client.get(f"/en{article.get_absolute_url()}")
    assert response.status_code == 200


def test_pagination_past_the_page_size(client, article, settings):
    settings.COMMENTS_PER_PAGE = 3
    comments = [add_comment(article, body=f"Avis numéro {i}.",
                            created_at=timezone.now() - timedelta(minutes=10 - i)) for i in range(5)]
    first = page(client, article)
    assert "Avis numéro 0." in first and "Avis numéro 3." not in first
    assert 'href="?avis=2#avis"' in first and "5 avis</h2>" in first
    second = page(client, article, avis=2)
    assert "Avis numéro 3." in second and "Avis numéro 0." not in second
    assert comments[4].get_absolute_url() == f"{article.get_absolute_url()}?avis=2#avis-{comments[4].pk}"
    assert page(client, article, avis="nimporte")  # a bogus page number is not an error


def _fill(article, count):
    parents = [add_comment(article, body=f"Avis {i}", email=f"r{i}@example.org")
               for i in range(count)]
    for parent in parents[: count // 2]:
        add_comment(article, parent=parent, body="Une réponse", email="rep@example.org")


def test_comments_load_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    small, big = make_article(), make_article()
    _fill(small, 5)
    _fill(big, 200)
    client.get("/")  # the page cache's once-per-period lookups happen here, not below
    with django_assert_max_num_queries(100) as few:
        page(client, small)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = page(client, big)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "300 avis</h2>" in html and html.count('class="comment comment--reply"') == 50


def test_list_pages_show_the_count_without_a_query_per_card(client, django_assert_max_num_queries):
    from ..conftest import make_section

    section = make_section("Ville")
    articles = [make_article(section=section) for _ in range(6)]
    for i, article in enumerate(articles):
        for _ in range(i):
            add_comment(article)
        add_comment(article, status=Comment.Status.PENDING)
    with django_assert_max_num_queries(30) as queries:
        html = client.get(f"/rubrique/{section.slug}/").content.decode()
    assert "5 avis" in html and "1 avis" in html
    add_comment(make_article(section=section))
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get(f"/rubrique/{section.slug}/")
    home = client.get("/").content.decode()
    assert "5 avis" in home


def test_replies_to_a_removed_comment_go_with_it_everywhere(client, article):
    parent = add_comment(article, body="Bientôt retiré.", status=Comment.Status.REMOVED)
    add_comment(article, parent=parent, body="Réponse orpheline.")
    add_comment(article, body="Toujours là.")
    html = page(client, article)
    assert "Réponse orpheline." not in html and "1 avis</h2>" in html
    card = client.get(article.section.get_absolute_url()).content.decode()
    assert "1 avis" in card
    orphan = Comment.objects.get(body="Réponse orpheline.")
    assert post(client, article, parent=str(orphan.pk)).status_code == 400


def test_the_blank_forms_parent_field_is_the_forms_own(client):
    """The page writes a blank form's hidden « parent » field without building the form; it
    must be exactly what the form writes, and a reply form still carries the comment."""
    from comments.forms import CommentForm
    from comments.templatetags.comments import _BLANK_PARENT

    article = make_article("Les toits", slug="les-toits")
    assert str(CommentForm(article=article)["parent"]) == _BLANK_PARENT
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('name="parent"') == 1 and _BLANK_PARENT in html
    comment = add_comment(article, status=Comment.Status.APPROVED)
    replying = client.get(article.get_absolute_url() + f"?repondre={comment.pk}").content.decode()
    assert f'<input type="hidden" name="parent" value="{comment.pk}" id="id_parent">' in replying
