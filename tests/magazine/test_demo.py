import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.revisions import versions_of
from authors.models import Author
from comments.models import Comment
from ratings.models import Rating

pytestmark = pytest.mark.django_db
User = get_user_model()


def snapshot():
    return sorted(Article.objects.values_list("slug", "status", "published_at", "updated_at", "cover_image"))


def test_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    assert not Article.objects.exists()


def test_demo_magazine_is_complete_and_idempotent(client):
    call_command("load_demo", force=True)
    first = snapshot()
    call_command("load_demo", force=True)
    assert snapshot() == first

    published = Article.objects.published()
    assert published.count() >= 12
    assert Article.objects.values("section").distinct().count() >= 4
    assert Author.objects.exclude(short_bio="").exclude(portrait="").count() >= 4
    assert published.filter(body__contains="<table").count() >= 2
    assert published.filter(body__contains="<ul").count() >= 2
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(pk__in=published)
    assert scheduled.count() == 1

    journalist = User.objects.get(username="journaliste")
    editor = User.objects.get(username="redacteur")
    assert journalist.check_password("magazine-demo") and editor.check_password("magazine-demo")
    assert journalist.is_staff and journalist.groups.filter(name="Journaliste").exists()
    assert editor.is_staff and editor.groups.filter(name="Rédacteur en chef").exists()

    # A demo article with a table and a list renders with everything a reader expects.
    article = published.filter(body__contains="<table").filter(body__contains="<ul").first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.title.replace("'", "&#x27;") in html
    assert "<table>" in html and "<ul>" in html and "<h2 id=" in html  # headings carry anchors
    assert 'class="byline"' in html and 'class="bio-box"' in html and 'class="tag"' in html
    assert client.get(scheduled.get().get_absolute_url()).status_code == 404
    # Reader feedback is there from the start: a rating summary, comments and a reply.
    assert "vote" in html and "Publiez votre avis" in html
    assert article.rating_summary.count >= 6
    assert article.comments.filter(status="approved").count() >= 2
    assert Comment.objects.filter(parent__isnull=False, status="approved").exists()
    assert not Comment.objects.filter(created_at__gt=timezone.now()).exists()
    # Every demo article starts with a revision, so its history is never empty.
    assert all(versions_of(a).exists() for a in Article.objects.all())


def test_demo_feedback_is_added_once(client):
    call_command("load_demo", force=True)
    counts = (Rating.objects.count(), Comment.objects.count(), Version.objects.count())
    call_command("load_demo", force=True)
    assert (Rating.objects.count(), Comment.objects.count(), Version.objects.count()) == counts


def test_demo_shows_pictures_a_video_the_pages_and_a_renamed_article(client):
    """Issue « Photos and videos… »: all of it visible in the demo."""
    call_command("load_demo", force=True)
    published = Article.objects.published()
    pictured = published.filter(body__contains="data-image-id").first()
    html = client.get(pictured.get_absolute_url()).content.decode()
    assert '<figure class="body-figure' in html and "<figcaption>" in html and 'class="credit"' in html
    video = published.filter(body_html__contains="data-embed").first()
    assert video is not None
    assert "youtube-nocookie" not in client.get(video.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()
    for title in ("À propos", "Mentions légales", "Conditions d", "Charte des commentaires", "Contact"):
        assert title in home.split('class="site-footer"')[1], title
    legal = client.get("/mentions-legales/").content.decode()
    assert "Directeur de la publication" in legal or "directeur de la publication" in legal.lower()
    old = client.get("/articles/cinema-les-salles-de-quartier-font-de-la-resistance/")
    assert old.status_code == 301
    assert old["Location"] == "/articles/cinema-les-salles-de-quartier-resistent/"
    assert client.get(old["Location"]).status_code == 200
