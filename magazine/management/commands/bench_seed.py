"""Load the benchmark's article: the one the Wagtail peer serves (../shared/bench), same words.

The peer's content file (`wagtail_overlay/articles/content.py`) gives the title, standfirst,
body (about 720 words, 3 h2, a table, a list), 5 tags, the author and bio, and the 20 other
articles of its lists. Here they get a cover image, an author portrait, 20 approved comments
and some ratings, so the page measured is the full page (body, tags, byline, bio box, rating
block, comments, related articles). Idempotent; --reset recreates it.

For the publish scenario (bench/publish.py) it also keeps DRAFTS drafts in the same section,
by the same two authors, tagged like the articles read, and an editor allowed to publish them:
each run puts back to draft (through Article.save, so the caches hear of it) those a previous
run published, so every run starts from the same site.

    manage.py bench_seed [--content PATH] [--reset] [--drafts N]
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
from magazine.management.commands.load_demo import cover_image, portrait_image
from comments.models import Comment
from ratings.models import Rating, RatingSummary

def shared_bench_dir():
    """../shared/bench beside the project (SHARED_BENCH to point elsewhere)."""
    if os.environ.get("SHARED_BENCH"):
        return Path(os.environ["SHARED_BENCH"])
    root = Path(__file__).resolve().parents[3]
    for parent in root.parents:  # a git worktree sits one level deeper than the checkout
        if (parent / "shared/bench").is_dir():
            return parent / "shared/bench"
    return root.parent / "shared/bench"


DEFAULT_CONTENT = shared_bench_dir() / "peer/wagtail_overlay/articles/content.py"
# The peer tags its other articles with these (seed_peer.py); the same here.
OTHER_TAGS = ["société", "écologie", "culture", "logement", "vie de quartier", "mobilité", "économie"]
COMMENTS = 20
DRAFTS = 30
DRAFT_SLUG = "bench-brouillon-{:02d}"
EDITOR = "bench-editeur"
DRAFT_TITLES = [
    "Le marché couvert rouvre ses portes après deux ans de travaux",
    "Une cantine de quartier sert des légumes cultivés sur place",
    "Les copropriétés s'organisent pour isoler leurs façades",
    "Un atelier de réparation de vélos s'installe sous le pont",
    "La bibliothèque prête désormais des graines et des outils",
    "Dans les cours d'école, le bitume laisse place aux arbres",
]
VOTES = (5, 5, 4, 5, 3, 4, 5, 4, 2, 5, 4, 5, 3, 5, 4, 4, 5, 1, 4, 5, 5, 4, 3, 5, 4)


def load_content(path):
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"Contenu du pair introuvable : {path} (option --content).")
    spec = importlib.util.spec_from_file_location("peer_content", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = "Charge l'article du banc d'essai (celui du pair Wagtail), ses avis et ses notes."

    def add_arguments(self, parser):
        parser.add_argument("--content", default=str(DEFAULT_CONTENT))
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--drafts", type=int, default=DRAFTS,
                            help="brouillons à publier pendant le scénario de publication")

    def handle(self, *args, content, reset, drafts, **options):
        peer = load_content(content)
        existing = Article.objects.filter(slug=peer.MAIN_SLUG).first()
        if existing and not reset:
            self.stdout.write(f"already seeded: {existing.get_absolute_url()}")
        else:
            with transaction.atomic():
                if existing:
                    Article.objects.filter(section__slug="bench-ville").delete()
                    Author.objects.filter(slug__in=["camille-delorme", "louis-marchand"]).delete()
                    Section.objects.filter(slug="bench-ville").delete()
                main = self.seed(peer)
            self.stdout.write(f"seeded: {Article.objects.count()} articles; main article at "
                              f"{main.get_absolute_url()}")
        created, restored = self.seed_drafts(peer, drafts)
        self.stdout.write(f"drafts: {drafts} ({created} created, {restored} put back to draft); "
                          f"editor: {EDITOR}")

    def seed(self, peer):
        section = Section.objects.create(name="Ville", slug="bench-ville",
                                         description="Urbanisme, logement, vie de quartier.")
        author = Author(name=peer.AUTHOR_NAME, slug="camille-delorme", short_bio=peer.AUTHOR_BIO,
                        job_title="journaliste indépendante", long_bio=peer.AUTHOR_BIO)
        author.portrait = ContentFile(portrait_image(peer.AUTHOR_NAME, "#5a463c"), name="camille-delorme.jpg")
        author.save()
        other_author = Author.objects.create(
            name="Louis Marchand", slug="louis-marchand", job_title="reporter",
            short_bio="Reporter, il suit les transports et les politiques locales.")
        now = timezone.now()
        covers = ["#225533", "#1e3c78", "#782828", "#3c3c3c"]
        for i, (title, intro) in enumerate(peer.OTHER_ARTICLES):
            paragraphs = peer.PARAGRAPHS[i % 3:] + peer.PARAGRAPHS[: i % 3]
            article = Article(
                title=title, standfirst=intro, section=section,
                body="".join(f"<p>{p}</p>" for p in paragraphs[:4]),
                status=Article.Status.PUBLISHED, published_at=now - timedelta(days=i + 1),
            )
            article.cover_image = ContentFile(cover_image(f"bench-{i}", covers[i % 4], (1600, 900)),
                                              name=f"bench-{i}.jpg")
            article.cover_alt = "Illustration abstraite"
            article.save()
            ArticleAuthor.objects.create(article=article, author=author if i % 2 else other_author)
            article.tags.add(OTHER_TAGS[i % len(OTHER_TAGS)], OTHER_TAGS[(i + 3) % len(OTHER_TAGS)])

        main = Article(
            title=peer.MAIN_TITLE, slug=peer.MAIN_SLUG, standfirst=peer.MAIN_INTRO,
            body=peer.MAIN_BODY, section=section, status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=5),
            cover_alt="Illustration abstraite aux tons verts", cover_credit="Illustration : banc d'essai",
        )
        main.cover_image = ContentFile(cover_image("bench-main", covers[0], (1600, 900)), name="bench-main.jpg")
        main.save()
        ArticleAuthor.objects.create(article=main, author=author)
        main.tags.add(*peer.MAIN_TAGS)

        for i in range(COMMENTS):
            Comment.objects.create(
                article=main, name=f"Lecteur {i + 1}", email=f"lecteur{i + 1}@example.org",
                body=f"Merci pour ce reportage ! Sur notre toit, nous avons essayé les fèves "
                     f"et les aromates : c'est l'essai numéro {i + 1}.",
                status=Comment.Status.APPROVED, created_at=now - timedelta(minutes=COMMENTS - i),
            )
        Rating.objects.bulk_create([
            Rating(article=main, reader_id=f"bench-{i}", ip_hash=f"bench-{i}", score=score)
            for i, score in enumerate(VOTES)
        ])
        RatingSummary.objects.rebuild(main.pk)
        return main

    def seed_drafts(self, peer, count):
        """`count` drafts for the publish scenario, and the editor who publishes them. Drafts a
        previous run published go back to draft with no publication date (a publish puts them
        at the top of the lists again), each by its own save so the caches are told."""
        User = get_user_model()
        editor = User.objects.filter(username=EDITOR).first()
        if editor is None:
            editor = User(username=EDITOR, is_staff=True, is_superuser=True,
                          first_name="Rédaction", last_name="du banc d'essai")
            editor.set_unusable_password()
            editor.save()
        section = Section.objects.get(slug="bench-ville")
        authors = list(Author.objects.filter(slug__in=["camille-delorme", "louis-marchand"])
                       .order_by("slug"))
        covers = ["#225533", "#1e3c78", "#782828", "#3c3c3c"]
        created = restored = 0
        for i in range(count):
            slug = DRAFT_SLUG.format(i + 1)
            article = Article.objects.filter(slug=slug).first()
            if article is not None:
                if article.status != Article.Status.DRAFT or article.published_at is not None:
                    article.status, article.published_at = Article.Status.DRAFT, None
                    article.save()
                    restored += 1
                continue
            _title, intro = peer.OTHER_ARTICLES[i % len(peer.OTHER_ARTICLES)]
            paragraphs = peer.PARAGRAPHS[i % 5:] + peer.PARAGRAPHS[: i % 5]
            article = Article(
                title=f"{DRAFT_TITLES[i % len(DRAFT_TITLES)]} ({i + 1})", slug=slug,
                standfirst=intro, section=section,
                body="".join(f"<p>{p}</p>" for p in paragraphs[:4]),
                status=Article.Status.DRAFT, cover_alt="Illustration abstraite",
            )
            article.cover_image = ContentFile(
                cover_image(f"bench-draft-{i}", covers[i % 4], (1600, 900)), name=f"{slug}.jpg")
            article.save()
            ArticleAuthor.objects.create(article=article, author=authors[i % len(authors)])
            # Tags of the articles read: a publish moves their tag lists and related blocks.
            article.tags.add(peer.MAIN_TAGS[i % len(peer.MAIN_TAGS)],
                             OTHER_TAGS[i % len(OTHER_TAGS)])
            created += 1
        return created, restored
