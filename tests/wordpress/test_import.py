"""`manage.py import_wordpress`: a WordPress magazine moved in whole, every old address kept,
nothing duplicated on a second run, nothing written on bad input."""

import io
from datetime import datetime, timezone as dt_timezone

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from PIL import Image

from articles.models import Article, Section, Tag
from authors.models import Author
from comments.models import Comment
from media_library.models import LibraryImage
from pages.models import Page
from ratings.models import RatingSummary
from redirects.models import Redirect

from . import wxr_factory as wxr

pytestmark = pytest.mark.django_db
SITE = "https://ancien.example.fr"


def jpeg(width=1600, height=900, color=(120, 80, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def magazine_export():
    body = ('<!-- wp:paragraph --><p>Le début, voir <a href="https://ancien.example.fr/2020/05/02/la-suite/">'
            'la suite</a>.</p><!-- /wp:paragraph -->\n'
            '<!-- wp:image {"id":50} --><figure class="wp-block-image"><img src="https://ancien.example.fr/'
            'wp-content/uploads/2020/05/potager-1024x576.jpg" alt="" class="wp-image-50"/><figcaption>'
            'Le potager</figcaption></figure><!-- /wp:image -->\n'
            '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ"} --><figure class="wp-block-embed">'
            '<div class="wp-block-embed__wrapper">https://youtu.be/dQw4w9WgXcQ</div></figure><!-- /wp:embed -->\n'
            '<p>[su_note]Note[/su_note] <img src="https://ancien.example.fr/wp-content/uploads/absente.jpg"></p>')
    return wxr.export(
        authors=[wxr.author("marie", "marie@ancien.example.fr", "Marie Curie", "Marie", "Curie", 2)],
        terms=[wxr.category("ville", "Ville", wp_id=3), wxr.category("jardins", "Jardins", "ville", wp_id=4),
               wxr.category("uncategorized", "Non classé", wp_id=1), wxr.tag("ecologie", "Écologie", 5)],
        items=[
            wxr.item(10, "Les toits deviennent des potagers", body, slug="les-toits", creator="marie",
                     excerpt="<p>Un chapô</p>", link=f"{SITE}/2020/05/01/les-toits/", guid=f"{SITE}/?p=10",
                     date="2020-05-01 09:00:00", sticky=True,
                     terms=[("category", "jardins", "Jardins"), ("post_tag", "ecologie", "Écologie"),
                            ("post_tag", "ECOLOGIE", "ÉCOLOGIE")],
                     meta=[("_thumbnail_id", "51"), ("_wp_old_slug", "toits-potagers"),
                           ("_yoast_wpseo_title", "%%title%% %%sep%% %%sitename%%"),
                           ("_yoast_wpseo_metadesc", "Des potagers sur les toits de la ville."),
                           ("_kksr_ratings", "138"), ("_kksr_casts", "30")],
                     comments=[
                         wxr.comment(1, "Bravo !", author="Lise", email="lise@example.org",
                                     url="https://lise.example.org", date="2020-05-02 10:00:00"),
                         wxr.comment(2, "Merci Lise", parent=1, date="2020-05-02 11:00:00"),
                         wxr.comment(3, "Réponse à la réponse", parent=2, date="2020-05-02 12:00:00"),
                         wxr.comment(4, "En attente", approved="0"),
                         wxr.comment(5, "Achetez", approved="spam"),
                         wxr.comment(6, "Jeté", approved="trash"),
                         wxr.comment(7, "Lien", type="pingback"),
                     ]),
            wxr.item(11, "La suite", "Premier paragraphe\nligne deux\n\nSecond paragraphe", slug="la-suite",
                     creator="marie", link=f"{SITE}/2020/05/02/la-suite/", guid=f"{SITE}/?p=11",
                     date="2020-05-02 09:00:00", terms=[("category", "ville", "Ville")],
                     meta=[("rmp_vote_count", "4"), ("rmp_rating_val_sum", "18")]),
            wxr.item(12, "Programmé", "<p>Bientôt</p>", status="future", slug="programme",
                     date="2030-01-01 08:00:00", link=f"{SITE}/?p=12"),
            wxr.item(13, "Brouillon", "<p>Pas fini</p>", status="draft", slug=""),
            wxr.item(14, "En relecture", "<p>À relire</p>", status="pending", slug="relire"),
            wxr.item(15, "Privé", "<p>Secret</p>", status="private", slug="prive",
                     link=f"{SITE}/2020/05/03/prive/"),
            wxr.item(16, "Corbeille", "<p>x</p>", status="trash", slug="corbeille"),
            wxr.item(20, "Équipe", "<p>Qui nous sommes</p>", post_type="page", slug="equipe",
                     parent=21, link=f"{SITE}/a-propos/equipe/"),
            wxr.item(21, "À propos", "<p>Le magazine</p>", post_type="page", slug="a-propos",
                     link=f"{SITE}/a-propos/"),
            wxr.item(50, "Potager", "", post_type="attachment", slug="potager", parent=10,
                     attachment_url=f"{SITE}/wp-content/uploads/2020/05/potager.jpg",
                     excerpt="Le potager du toit",
                     meta=[("_wp_attachment_image_alt", "Un potager sur un toit"),
                           ("_wp_attached_file", "2020/05/potager.jpg"),
                           ("_wp_attachment_metadata", 'a:2:{s:5:"sizes";a:1:{s:6:"medium";a:2:{s:4:"file";'
                            's:21:"potager-1024x576.jpg";s:5:"width";i:1024;}}s:10:"image_meta";a:1:'
                            '{s:6:"credit";s:9:"Ana Photo";}}')]),
            wxr.item(51, "Une", "", post_type="attachment", slug="une", parent=10,
                     attachment_url=f"{SITE}/wp-content/uploads/2020/05/une.jpg",
                     meta=[("_wp_attachment_image_alt", "La une")]),
            wxr.item(60, "Menu", "", post_type="nav_menu_item"),
        ],
    )


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(magazine_export())
    uploads = tmp_path / "uploads" / "2020" / "05"
    uploads.mkdir(parents=True)
    (uploads / "potager.jpg").write_bytes(jpeg())
    (uploads / "une.jpg").write_bytes(jpeg(1400, 800, (10, 90, 160)))
    (uploads / "faux.jpg").write_bytes(b"<?php system($_GET['c']); ?>")
    return path, tmp_path / "uploads"


def run(path, uploads=None, *args):
    out = io.StringIO()
    options = ["--no-download"] + ([f"--uploads={uploads}"] if uploads else []) + list(args)
    call_command("import_wordpress", str(path), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_wordpress_magazine_comes_in_whole(export_file, settings):
    path, uploads = export_file
    output = run(path, uploads)
    assert output.splitlines()[-1] == (
        "IMPORT articles=5 pages=2 sections=1 tags=2 authors=1 comments=5 images=2 "
        f"redirects={Redirect.objects.count()} skipped=5 failed=0")

    toits = Article.objects.get(title="Les toits deviennent des potagers")
    assert toits.status == Article.Status.PUBLISHED and toits.slug == "les-toits" and toits.featured
    assert toits.published_at == datetime(2020, 5, 1, 9, tzinfo=dt_timezone.utc)
    assert toits.standfirst == "Un chapô"
    assert toits.section.name == "Ville"  # its category's top category
    assert sorted(toits.tags.names()) == ["Jardins", "Écologie"]
    assert toits.seo_title == "" and toits.seo_description == "Des potagers sur les toits de la ville."
    assert [a.name for a in toits.ordered_authors] == ["Marie Curie"]
    # Body: the picture from the library, the video as a lone URL, the shortcode gone.
    potager = LibraryImage.objects.get(alt="Un potager sur un toit")
    assert (potager.caption, potager.credit) == ("Le potager du toit", "Ana Photo")
    assert f'data-image-id="{potager.pk}"' in toits.body
    assert "ancien.example.fr/wp-content" not in toits.body + toits.body_html
    assert "[su_note]" not in toits.body and "Note" in toits.body
    assert 'href="/articles/la-suite/"' in toits.body  # a link to a later post, rewritten
    # The featured image is the cover.
    assert toits.cover_image and toits.cover_alt == "La une"
    # Renditions were left to a background task (run at once in tests), which drew the body again.
    assert potager.renditions["specs"]["body"]["webp"] and toits.cover_renditions["specs"]["card"]
    assert "srcset=" in toits.body_html and "<picture>" in toits.body_html

    assert Article.objects.get(title="Programmé").is_scheduled()
    assert Article.objects.get(title="Brouillon").status == Article.Status.DRAFT
    assert Article.objects.get(title="En relecture").status == Article.Status.REVIEW
    assert not Article.objects.filter(title__in=["Privé", "Corbeille"]).exists()
    suite = Article.objects.get(slug="la-suite")
    assert " ".join(suite.body.split()) == "<p>Premier paragraphe<br> ligne deux</p> <p>Second paragraphe</p>"

    marie = Author.objects.get(name="Marie Curie")
    assert marie.email == "marie@ancien.example.fr"
    assert not marie.user.is_active and marie.user.is_staff and not marie.user.has_usable_password()
    assert marie.user.groups.filter(name="Journaliste").exists()

    assert Page.objects.get(slug="equipe").get_absolute_url() == "/a-propos/equipe/"

    # Ratings read the same: « 4,6/5 (30) ».
    summary = RatingSummary.objects.get(article=toits).display()
    assert (summary.count, summary.average_label) == (30, "4,6")
    assert RatingSummary.objects.get(article=suite).display().average_label == "4,5"

    assert "Images introuvables" in output and "absente.jpg" in output
    assert "[su_note]" in output and "nav_menu_item (1)" in output


def test_comments_keep_their_thread_status_and_no_raw_ip(export_file):
    path, uploads = export_file
    run(path, uploads)
    comments = {c.body: c for c in Comment.objects.all()}
    assert set(comments) == {"Bravo !", "Merci Lise", "Réponse à la réponse", "En attente", "Achetez"}
    assert comments["Bravo !"].status == Comment.Status.APPROVED
    assert comments["En attente"].status == Comment.Status.PENDING
    assert comments["Achetez"].status == Comment.Status.SPAM
    assert comments["Merci Lise"].parent == comments["Bravo !"]
    assert comments["Réponse à la réponse"].parent == comments["Bravo !"]  # one level here
    assert comments["Bravo !"].website == "https://lise.example.org"
    assert comments["Bravo !"].created_at == datetime(2020, 5, 2, 10, tzinfo=dt_timezone.utc)
    # 2020 is past the retention period: no trace of the address at all.
    assert all(c.ip_hash == "" for c in comments.values())
    assert not any("203.0.113.7" in str(vars(c)) for c in comments.values())
    assert mail.outbox == []


def test_every_old_address_answers_301_to_the_new_one(export_file):
    path, uploads = export_file
    run(path, uploads)
    client = Client()
    toits = Article.objects.get(slug="les-toits")
    for old in ["/2020/05/01/les-toits/", "/?p=10", "/2020/05/01/toits-potagers/"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == toits.get_absolute_url()
    assert client.get("/category/ville/")["Location"] == Section.objects.get(slug="ville").get_absolute_url()
    assert client.get("/tag/ecologie/")["Location"] == Tag.objects.get(name="Écologie").get_absolute_url()
    assert client.get("/author/marie/")["Location"] == Author.objects.get(name="Marie Curie").get_absolute_url()
    assert client.get("/feed/").status_code == 301
    assert client.get("/?page_id=20")["Location"] == "/a-propos/equipe/"
    image = LibraryImage.objects.get(alt="Un potager sur un toit")
    assert client.get("/wp-content/uploads/2020/05/potager.jpg")["Location"] == image.file.url
    assert client.get("/wp-content/uploads/2020/05/potager-1024x576.jpg")["Location"] == image.file.url
    # A post left out answers 410 Gone.
    assert client.get("/2020/05/03/prive/").status_code == 410


def test_a_second_run_duplicates_nothing_and_leaves_local_edits_alone(export_file):
    path, uploads = export_file
    run(path, uploads)
    counts = (Article.objects.count(), Comment.objects.count(), LibraryImage.objects.count(),
              Redirect.objects.count(), Page.objects.count())
    edited = Article.objects.get(slug="la-suite")
    edited.title = "La suite, corrigée ici"
    edited.save()
    output = run(path, uploads)
    assert (Article.objects.count(), Comment.objects.count(), LibraryImage.objects.count(),
            Redirect.objects.count(), Page.objects.count()) == counts
    assert Article.objects.get(pk=edited.pk).title == "La suite, corrigée ici"
    assert "modifié ici depuis l'import" in output
    assert output.splitlines()[-1].startswith("IMPORT articles=0 pages=0 ")


def test_a_dry_run_writes_nothing_and_prints_the_same_report(export_file):
    path, uploads = export_file
    dry = run(path, uploads, "--dry-run")
    assert Article.objects.count() == 0 and Comment.objects.count() == 0
    assert Redirect.objects.count() == 0 and LibraryImage.objects.count() == 0
    assert get_user_model().objects.filter(username="marie").count() == 0
    assert "essai à blanc" in dry
    assert dry.splitlines()[-1].startswith("IMPORT articles=5 pages=2 sections=1 tags=2 authors=1 comments=5 ")


@pytest.mark.parametrize("text", [
    lambda: magazine_export()[:5000],
    lambda: "<html>pas un export</html>",
    lambda: '<!DOCTYPE rss [<!ENTITY a "aaaa">]>' + magazine_export().split("?>", 1)[1],
])
def test_a_bad_file_changes_nothing_and_fails(tmp_path, text):
    path = tmp_path / "export.xml"
    path.write_text(text())
    with pytest.raises(CommandError):
        run(path)
    assert Article.objects.count() == 0 and Author.objects.count() == 0


def test_section_from_tags(export_file):
    path, uploads = export_file
    run(path, uploads, "--section-from=tag")
    assert Article.objects.get(slug="les-toits").section.name == "Écologie"
    assert "Ville" in Article.objects.get(slug="la-suite").tags.names()


def test_a_picture_that_is_not_one_is_refused_by_name_and_the_run_fails(export_file):
    path, uploads = export_file
    path.write_text(magazine_export().replace("</channel>", wxr.item(
        52, "Faux", "", post_type="attachment", slug="faux",
        attachment_url=f"{SITE}/wp-content/uploads/2020/05/faux.jpg") + "</channel>"))
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_wordpress", str(path), f"--uploads={uploads}", "--no-download",
                     stdout=out, stderr=io.StringIO())
    assert failure.value.returncode == 2
    report = out.getvalue()
    assert "faux.jpg" in report and "n'est pas une image lisible" in report
    assert report.splitlines()[-1].endswith("failed=1")
    assert not LibraryImage.objects.filter(original_name__contains="faux").exists()
    # Everything else is in, and running again (after fixing the file) resumes.
    assert Article.objects.filter(slug="les-toits").exists()


def test_an_editor_imports_from_the_admin_and_reads_the_report(export_file, client, settings,
                                                               django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.newsroom_helpers import make_editor, make_journalist
    from wordpress.models import ImportRun

    path, _uploads = export_file
    client.force_login(make_journalist())
    assert client.get("/admin/wordpress/importrun/add/").status_code == 403
    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/wordpress/importrun/add/", {
            "export": SimpleUploadedFile("export.xml", path.read_bytes(), "text/xml"),
            "section_from": "category"})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    # The export (readers' e-mails) is kept outside the public media folder.
    assert str(settings.IMPORTS_ROOT) in run.export.path
    assert not (settings.MEDIA_ROOT / "wordpress").exists()
    assert run.status == ImportRun.Status.DONE, run.report
    assert run.summary.startswith("IMPORT articles=5 pages=2 ")
    assert Article.objects.filter(slug="les-toits").exists()
    page = client.get(f"/admin/wordpress/importrun/{run.pk}/change/").content.decode()
    assert "Images introuvables" in page and "IMPORT articles=5" in page


def test_an_import_whose_worker_died_is_resumed_when_its_task_runs_again(export_file):
    from django.core.files.base import ContentFile

    from wordpress.models import ImportRun
    from wordpress.tasks import run_import

    path, _uploads = export_file
    run = ImportRun(section_from="category", status=ImportRun.Status.RUNNING)
    run.export.save("export.xml", ContentFile(path.read_bytes()))  # left « en cours »
    assert run_import.call(run.pk).startswith("IMPORT articles=5")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and Article.objects.filter(slug="les-toits").exists()
    assert run_import.call(run.pk) == "déjà lancé"  # a finished run is never run twice


def test_pictures_missing_from_the_folder_are_downloaded_safely(tmp_path, monkeypatch):
    from core import safe_fetch

    requested = []

    def fake_fetch(url, max_bytes, timeout=30.0, schemes=("http", "https")):
        requested.append(url)
        if "interne" in url:
            raise safe_fetch.FetchRefused("interne.example désigne une adresse non publique")
        return jpeg()

    monkeypatch.setattr(safe_fetch, "fetch", fake_fetch)
    path = tmp_path / "export.xml"
    path.write_text(wxr.export(items=[
        wxr.item(1, "Avec images", '<p><img src="https://ancien.example.fr/wp-content/uploads/a.jpg" alt="A">'
                 '<img src="http://interne.example/b.jpg" alt="B"></p>', slug="avec-images"),
    ]))
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, stderr=io.StringIO())
    article = Article.objects.get(slug="avec-images")
    image = LibraryImage.objects.get()
    assert image.alt == "A" and f'data-image-id="{image.pk}"' in article.body
    assert "interne.example" not in article.body
    assert "non publique" in out.getvalue()
    assert requested == ["https://ancien.example.fr/wp-content/uploads/a.jpg", "http://interne.example/b.jpg"]


def test_pages_show_the_originals_until_the_worker_made_the_renditions(export_file, settings, client):
    """With the real queue, the import leaves renditions to the worker: meanwhile the article
    shows its stored (clean) pictures, never a broken one."""
    from django.core.management import call_command as manage
    from django.core.signals import setting_changed

    path, uploads = export_file
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    try:
        run(path, uploads)
        toits = Article.objects.get(slug="les-toits")
        assert toits.cover_renditions["specs"] == {}
        potager = LibraryImage.objects.get(alt="Un potager sur un toit")
        page = client.get(toits.get_absolute_url()).content.decode()
        assert potager.file.url in page and toits.cover_image.url in page
        assert f'src="{toits.cover_image.url}" alt="La une" width="1400" height="800"' in page
        # What the worker does with each queued task (the worker command itself would close
        # the test's database connection).
        from django_tasks_db.models import DBTaskResult

        queued = list(DBTaskResult.objects.ready())
        assert len(queued) == 3  # two library pictures (body, featured) and the cover
        for result in queued:
            result.task.func(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        toits.refresh_from_db()
        assert toits.cover_renditions["specs"]["cover"] and "srcset=" in toits.body_html
        assert "srcset=" in client.get(toits.get_absolute_url()).content.decode()
    finally:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                      "QUEUES": ["default"]}}
        setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


def test_hostile_items_are_imported_clean_or_reported_never_a_crash(tmp_path, client):
    long_slug = "x" * 700
    path = tmp_path / "export.xml"
    path.write_text(wxr.export(
        authors=[wxr.author("<script>alert(1)</script>", "pas-un-email", "<b>Nom</b>" * 30)],
        items=[
            wxr.item(1, '<img src=x onerror=alert(1)>Titre', '<p onclick="x()">Texte<script>alert(1)</script>'
                     '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(1)">lien</a></p>',
                     slug="hostile", creator="<script>alert(1)</script>",
                     link=f"{SITE}/{long_slug}/", guid=f"{SITE}/?p=1",
                     meta=[("_kksr_casts", "abc"), ("_kksr_ratings", "-5"), ("_wp_old_slug", long_slug),
                           ("_yoast_wpseo_title", "<script>x</script>" * 40)],
                     comments=[wxr.comment(1, "<script>alert(1)</script>Bonjour", author="<b>" * 50,
                                           email="x@@y", url="javascript:alert(1)", ip="not-an-ip",
                                           date="0000-00-00 00:00:00", parent=99)]),
            wxr.item(2, "Statut inconnu", "<p>x</p>", status="étrange", slug="etrange"),
        ]))
    out = io.StringIO()
    with pytest.raises(CommandError):  # the 700-character address cannot be kept: reported, exit 2
        call_command("import_wordpress", str(path), "--no-download", stdout=out, stderr=io.StringIO())
    article = Article.objects.get(slug="hostile")
    html = client.get(article.get_absolute_url()).content.decode()
    for bad in ("<script>alert", "onerror=", "onclick=", "javascript:", "evil.example"):
        assert bad not in article.body and bad not in html
    comment = Comment.objects.get()
    assert comment.website == "" and comment.ip_hash == "" and "<script>" not in comment.body_html
    report = out.getvalue()
    assert "statut « étrange » inconnu" in report and "trop longue" in report
    assert Redirect.objects.filter(old_path="/?p=1").exists()


def test_pictures_are_downloaded_a_few_at_a_time_and_once(tmp_path, monkeypatch):
    import threading
    import time as clock

    from core import safe_fetch

    running, most, fetched, lock = [0], [0], [], threading.Lock()

    def slow_fetch(url, max_bytes, timeout=30.0, schemes=("http", "https")):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            fetched.append(url)
        clock.sleep(0.05)
        with lock:
            running[0] -= 1
        return jpeg(800, 450)

    monkeypatch.setattr(safe_fetch, "fetch", slow_fetch)
    attachments = [wxr.item(100 + n, f"Photo {n}", "", post_type="attachment", slug=f"photo-{n}",
                            attachment_url=f"{SITE}/wp-content/uploads/photo-{n}.jpg",
                            meta=[("_wp_attachment_image_alt", f"Photo {n}")]) for n in range(12)]
    posts = [wxr.item(n, f"Article {n}", f'<p>Texte</p><img src="{SITE}/wp-content/uploads/photo-{n}-300x200.jpg">',
                      slug=f"article-{n}", meta=[("_thumbnail_id", str(100 + n))]) for n in range(12)]
    path = tmp_path / "export.xml"
    path.write_text(wxr.export(items=posts + attachments))
    call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert LibraryImage.objects.count() == 12
    assert sorted(fetched) == sorted(f"{SITE}/wp-content/uploads/photo-{n}.jpg" for n in range(12))
    assert 1 < most[0] <= 4  # concurrent, politely
    # Nothing fetched again on a second run.
    fetched.clear()
    call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert fetched == []


def test_rank_math_seo_recent_comment_ip_and_category_feeds(tmp_path, client):
    from datetime import timedelta

    from django.utils import timezone

    recent = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    path = tmp_path / "export.xml"
    path.write_text(wxr.export(
        terms=[wxr.category("culture", "Culture")],
        items=[wxr.item(1, "Un titre", "<p>x</p>", slug="un-titre", terms=[("category", "culture", "Culture")],
                        meta=[("rank_math_title", "Titre pour Google %sep% %sitename%"),
                              ("rank_math_description", "Une description.")],
                        comments=[wxr.comment(1, "Récent", ip="198.51.100.23", date=recent)])]))
    call_command("import_wordpress", str(path), "--no-download", stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get(slug="un-titre")
    assert (article.seo_title, article.seo_description) == ("Titre pour Google", "Une description.")
    comment = Comment.objects.get()
    assert len(comment.ip_hash) == 64 and "198.51.100.23" not in comment.ip_hash
    feed = client.get("/category/culture/feed/")
    assert feed.status_code == 301 and feed["Location"] == "/rubrique/culture/rss/"
