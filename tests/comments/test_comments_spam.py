"""Each anti-spam layer: what it catches is stored as spam (never dropped) and its poster gets
the same answer as an honest reader waiting for moderation."""

import time

import pytest

from comments import spam
from comments.models import Comment

from ..comments_support import add_comment, become_trusted, french, post  # noqa: F401 (french: autouse)
from ..conftest import counter_moves, make_article, reader_client, text

pytestmark = pytest.mark.django_db

PENDING_MESSAGE = "Votre avis est en attente de modération"


@pytest.fixture
def article():
    return make_article()


def assert_held_as_spam(client, response, reason):
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.SPAM
    assert reason in comment.spam_reasons
    # Exactly what an honest first-time poster sees.
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert PENDING_MESSAGE in html and "en attente de modération" in html
    return comment


def test_honest_first_comment_is_pending_not_spam(client, article):
    post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.spam_reasons == ""


def test_honeypot(client, article):
    response = post(client, article, site_web="http://casino.example")
    assert_held_as_spam(client, response, "champ piège rempli")


def test_honeypot_field_is_hidden_from_people(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    hp = html[html.index('class="comment-form__hp"') - 5:]
    hp = hp[: hp.index("</div>")]
    assert 'aria-hidden="true"' in hp and 'tabindex="-1"' in hp and 'autocomplete="off"' in hp


def test_form_sent_too_fast(client, article, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    response = post(client, article, age=1)
    assert_held_as_spam(client, response, "envoyé trop vite")


def test_forged_or_other_article_token(client, article):
    for token in ("faux-jeton", spam.form_token(make_article(), now=time.time() - 30)):
        Comment.objects.all().delete()
        response = post(client, article, jeton=token, body=f"Un avis {token}.")
        assert_held_as_spam(client, response, "jeton du formulaire invalide")


def test_a_comment_without_token_waits_for_an_editor_flagged_as_such(client, article):
    """Without JavaScript nothing fetches the fill-time token: the comment is kept, not filed
    as spam, and waits for an editor even from a trusted address."""
    become_trusted(client, article)  # a reader approved before
    response = post(client, article, jeton=None, body="Envoyé sans JavaScript.")
    assert response.status_code == 302
    comment = Comment.objects.get(body="Envoyé sans JavaScript.")
    assert comment.status == Comment.Status.PENDING
    assert "sans jeton de saisie" in comment.spam_reasons
    # The poster is told it waits, as anyone whose comment is held.
    page = text(client.get(response["Location"]))
    assert "en attente de modération" in page and "Envoyé sans JavaScript." in page


def test_expired_form_is_an_error_with_the_text_kept_and_a_fresh_token(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE = 3600
    response = post(client, article, age=3601, body="Écrit il y a longtemps.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce formulaire a expiré. Vérifiez votre avis et envoyez-le à nouveau." in html
    assert "Écrit il y a longtemps." in html
    assert Comment.objects.count() == 0
    token = html.split('name="jeton" value="')[1].split('"')[0]
    # Sent again at once: not "too fast" (they had the form open for an hour).
    assert spam.check_token(token, article) is spam.Token.OK
    again = post(client, article, jeton=token, body="Écrit il y a longtemps.")
    assert again.status_code == 302 and Comment.objects.get().status == Comment.Status.PENDING
    # The same for comments.js: the JSON answer carries the token to send again with.
    data = post(client, article, json=True, age=3601, body="Écrit hier, en JSON.").json()
    assert spam.check_token(data["jeton"], article) is spam.Token.OK


def test_error_rerender_keeps_the_readers_token(client, article, settings):
    """Fixing a mistake quickly must not look like a bot filling the form too fast."""
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    sent = spam.form_token(article, now=time.time() - 10)
    response = post(client, article, jeton=sent, body="x")
    assert f'name="jeton" value="{sent}"' in response.content.decode()


def test_rate_limit_per_ip_hash_answers_429_in_french_and_keeps_the_text(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 2
    for i in range(2):
        assert post(client, article, body=f"Avis numéro {i}.").status_code == 302
    response = post(client, article, body="Un de trop.")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Vous avez envoyé beaucoup d&#x27;avis en peu de temps" in html
    assert "Un de trop." in html
    assert Comment.objects.count() == 2
    assert post(client, article, json=True, body="Encore.").status_code == 429
    # Another address is another reader.
    assert post(client, article, ip="198.51.100.1", body="Quelqu'un d'autre.").status_code == 302


def test_duplicate_is_not_stored_twice_and_the_poster_gets_their_first_comment(client, article):
    first = post(client, article, body="Bravo pour cet article !")
    again = post(client, article, body="  bravo   pour cet article  ")
    assert Comment.objects.count() == 1
    comment = Comment.objects.get()
    # Sent back to the first one, with a word saying so.
    assert again.status_code == 302 and again["Location"].endswith(f"#avis-{comment.pk}")
    assert first["Location"].endswith(f"#avis-{comment.pk}")
    assert "Votre avis avait déjà été reçu." in client.get(again["Location"]).content.decode()
    # Same text from another reader (other e-mail, IP and cookie) is not a duplicate.
    client.cookies.clear()
    post(client, article, body="Bravo pour cet article !", email="autre@example.org",
         ip="198.51.100.2")
    assert Comment.objects.count() == 2
    # Same reader, same text, another article: not a duplicate either.
    post(client, make_article(), body="Bravo pour cet article !")
    assert Comment.objects.count() == 3
    assert comment.status == Comment.Status.PENDING


def test_duplicate_window(client, article, settings):
    settings.COMMENTS_DUPLICATE_WINDOW = 60
    from datetime import timedelta

    from django.utils import timezone

    add_comment(article, email="camille@example.org", body="Très bel article, merci.",
                created_at=timezone.now() - timedelta(seconds=120))
    post(client, article)
    assert Comment.objects.count() == 2


def test_blocklist_words_and_domains(client, article, settings):
    settings.COMMENTS_BLOCKLIST = ["viagra", "casino.example", "prêt rapide"]
    response = post(client, article, body="Achetez du VIAGRA ici.")
    assert_held_as_spam(client, response, "viagra")
    response = post(client, article, body="Voir https://www.casino.example/promo")
    assert_held_as_spam(client, response, "casino.example")
    response = post(client, article, name="Prêt Rapide", body="Bonjour à tous.")
    assert_held_as_spam(client, response, "prêt rapide")
    # Whole words only: "viagraphe" is not "viagra".
    post(client, article, body="Un viagraphe, c'est un mot inventé.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_spam_is_never_published_even_from_a_trusted_reader(client, article, settings):
    settings.COMMENTS_BLOCKLIST = ["viagra"]
    become_trusted(client, article)
    post(client, article, body="viagra pas cher")
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM
    client.cookies.clear()
    assert "viagra" not in client.get(article.get_absolute_url()).content.decode()


def test_spam_answer_in_json_says_pending(client, article):
    data = post(client, article, json=True, site_web="x").json()
    assert data["ok"] and data["status"] == "pending"
    assert "en attente de modération" in data["message"]
    assert Comment.objects.get().status == Comment.Status.SPAM


def flag_everything(comment, request):
    return "cheap" in comment.body


def broken_checker(comment, request):
    raise ConnectionError("service unreachable")


def test_optional_external_checker(client, article, settings):
    assert settings.COMMENTS_SPAM_CHECKER == ""  # off by default: nothing leaves the server
    settings.COMMENTS_SPAM_CHECKER = "tests.comments.test_comments_spam.flag_everything"
    response = post(client, article, body="cheap watches")
    assert_held_as_spam(client, response, "vérification externe")
    post(client, article, body="Un avis honnête.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_a_failing_external_checker_loses_nothing(client, article, settings):
    settings.COMMENTS_SPAM_CHECKER = "tests.comments.test_comments_spam.broken_checker"
    assert post(client, article).status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_held_comments_leave_cached_pages_alone(client, article):
    moved = counter_moves()
    post(client, article, site_web="x")
    post(client, article, body="En attente.", email="autre@example.org")
    assert moved("comments") == {}
    trusted = reader_client()
    become_trusted(trusted, make_article())
    moved = counter_moves()
    post(trusted, article, body="Publié tout de suite.", email="confiance@example.org")
    assert moved("comments") == {f"comments:{article.pk}": 1}


def test_mistakes_do_not_use_up_the_rate_limit_but_a_flood_of_junk_is_stopped(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 2
    for _ in range(3):  # three posts refused for being too short
        assert post(client, article, body="x").status_code == 400
    assert post(client, article, body="Enfin un avis complet.").status_code == 302
    # Junk alone, far beyond what a reader mistypes, ends in 429 with nothing stored.
    statuses = [post(client, article, body="x").status_code for _ in range(8)]
    assert statuses[-1] == 429 and Comment.objects.count() == 1
