"""Load the demo magazine: sections, authors with portraits, articles with covers, two logins.

Idempotent: what already exists (matched by slug or username) is left exactly as it is, so a
second run changes nothing and never overwrites what someone edited in the admin.
"""

import hashlib
import io
import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

import reversion

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
from magazine import demo_content
from media_library import demo as media_demo
from pages import demo as pages_demo
from core.slugs import slugify
from comments.models import Comment
from ratings.models import Rating

DEMO_PASSWORD = "magazine-demo"
# (username, role group, author slug or None, first name, last name)
DEMO_USERS = [
    ("journaliste", "Journaliste", 0, "Camille", "Journaliste"),
    ("redacteur", "Rédacteur en chef", 1, "Rédacteur", "En chef"),
]


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def cover_image(seed, colour, size=(1200, 675)):
    """An abstract cover: a diagonal gradient with soft discs and bands, stable per seed."""
    rng = random.Random(seed)
    base = _rgb(colour)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    light, dark = _mix(base, (255, 250, 240), 0.55), _mix(base, (20, 20, 30), 0.45)
    width, height = size
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(light, dark, y / height))
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = _mix(base, (255, 255, 255) if rng.random() < 0.5 else (0, 0, 0), rng.uniform(0.2, 0.6))
        shapes.ellipse([x - radius, y - radius, x + radius, y + radius], fill=tint + (rng.randint(60, 140),))
    for _ in range(3):
        y = rng.randint(0, height)
        shapes.rectangle([0, y, width, y + rng.randint(8, 40)], fill=(255, 255, 255, rng.randint(30, 80)))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    return _jpeg(image)


def portrait_image(name, colour, size=480):
    """A simple illustrated portrait: head and shoulders on a coloured disc."""
    base = _rgb(colour)
    image = Image.new("RGB", (size, size), _mix(base, (255, 255, 255), 0.75))
    draw = ImageDraw.Draw(image)
    draw.ellipse([size * 0.05, size * 0.05, size * 0.95, size * 0.95], fill=_mix(base, (255, 255, 255), 0.35))
    skin = [(241, 194, 160), (224, 172, 131), (198, 134, 94), (141, 85, 56)]
    digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    draw.ellipse([size * 0.2, size * 0.68, size * 0.8, size * 1.2], fill=_mix(base, (0, 0, 0), 0.35))
    draw.ellipse([size * 0.33, size * 0.22, size * 0.67, size * 0.62], fill=skin[digest % len(skin)])
    hair = [(40, 30, 25), (90, 60, 30), (160, 120, 70), (70, 70, 75)][digest // 7 % 4]
    draw.chord([size * 0.31, size * 0.18, size * 0.69, size * 0.5], 180, 360, fill=hair)
    return _jpeg(image)


def add_reader_feedback(article):
    """Votes and approved comments on a new live article, through the apps' own entry points.

    Stable per article (seeded by its slug); only ever run when the article is created, so a
    second `load_demo` adds nothing.
    """
    rng = random.Random(article.slug)
    scores, weights = zip(*demo_content.SCORE_WEIGHTS.items())
    for n in range(rng.randint(*demo_content.READER_VOTES)):
        Rating.objects.vote(article, f"demo-{article.pk}-{n}", f"demo-ip-{n}",
                            rng.choices(scores, weights)[0], new_reader=True)
    chosen = rng.sample(demo_content.READER_COMMENTS, rng.randint(3, 4))
    comments, now = [], timezone.now()
    for n, (name, body) in enumerate(chosen):
        comment = Comment(
            article=article, name=name, email=f"{slugify(name)}@exemple.fr", body=body,
            status=Comment.Status.APPROVED, parent=comments[0] if n == 2 else None,
            created_at=min(article.published_at + timedelta(hours=3 + 5 * n),
                           now - timedelta(minutes=40 - 10 * n)),
        )
        comment.save()
        comments.append(comment)


class Command(BaseCommand):
    help = "Charge le magazine de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Charger aussi hors mode DEBUG (les comptes de démonstration n'ont rien à faire en production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refus : DEBUG est désactivé. Les comptes de démonstration ne doivent pas exister "
                "en production. Utilisez --force pour un environnement de test."
            )
        with transaction.atomic():
            created = self.load()
        self.stdout.write(self.style.SUCCESS(
            "Démo : {sections} rubrique(s), {authors} auteur(s), {articles} article(s), "
            "{users} compte(s) créés.".format(**created)
        ))

    def load(self):
        created = dict(sections=0, authors=0, articles=0, users=0)
        now = timezone.now().replace(minute=0, second=0, microsecond=0)

        sections = {}
        for data in demo_content.SECTIONS:
            section, is_new = Section.objects.get_or_create(
                slug=data["slug"],
                defaults=dict(name=data["name"], description=data["description"], position=data["position"]),
            )
            sections[section.slug] = section
            created["sections"] += is_new

        authors = {}
        for data in demo_content.AUTHORS:
            author = Author.objects.filter(slug=data["slug"]).first()
            if author is None:
                fields = {k: v for k, v in data.items() if k not in {"portrait_color"}}
                author = Author(**fields)
                # Assigned, not stored: save() treats it as an upload (checks, renditions).
                author.portrait = ContentFile(portrait_image(data["name"], data["portrait_color"]),
                                              name=f"{data['slug']}.jpg")
                author.save()
                created["authors"] += 1
            authors[author.slug] = author

        for data in demo_content.ARTICLES:
            slug = slugify(data["title"])
            if Article.objects.filter(slug__in=[slug, dict([RENAMED]).get(slug, slug)]).exists():
                continue  # loaded already (perhaps renamed since: add_video_and_rename)
            status = data["status"]
            published_at = now - timedelta(days=data["days_ago"], hours=len(slug) % 9)
            article = Article(
                title=data["title"], slug=slug, standfirst=data["standfirst"], body=data["body"],
                section=sections[data["section"]],
                cover_alt=data["cover_alt"], cover_credit=data["cover_credit"],
                status={
                    "scheduled": Article.Status.PUBLISHED,
                    "review": Article.Status.REVIEW,
                    "draft": Article.Status.DRAFT,
                    "archived": Article.Status.ARCHIVED,
                }.get(status, Article.Status.PUBLISHED),
                published_at=None if status in {"draft", "review"} else published_at,
            )
            article.cover_image = ContentFile(cover_image(slug, data["cover_color"]), name=f"{slug}.jpg")
            # The first revision, so the history and the comparison have a starting point.
            with reversion.create_revision():
                article.save()
                ArticleAuthor.objects.bulk_create(
                    ArticleAuthor(article=article, author=authors[author_slug], position=position,
                                  published_at=article.listed_at)
                    for position, author_slug in enumerate(data["authors"])
                )
                article.tags.add(*data["tags"])
                reversion.set_comment("Version initiale (démo)")
            if status == "published":
                add_reader_feedback(article)
            created["articles"] += 1

        User = get_user_model()
        author_list = [authors[a["slug"]] for a in demo_content.AUTHORS]
        for username, group_name, author_index, first_name, last_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username, email=f"{username}@lemagazine.example", password=DEMO_PASSWORD,
                first_name=first_name, last_name=last_name, is_staff=True,
            )
            user.groups.add(Group.objects.get(name=group_name))
            author = author_list[author_index]
            if author.user_id is None:
                author.user = user
                author.save(update_fields=["user"])
            created["users"] += 1
        media_demo.create_demo_content()  # library pictures in one article's body
        pages_demo.create_demo_content()  # « À propos », « Mentions légales »… in the footer
        add_video_and_rename()
        return created


# Big Buck Bunny (Blender Foundation, CC BY 3.0), a video anyone may show.
DEMO_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
# The article renamed once in the demo: its old address answers 301.
RENAMED = ("cinema-les-salles-de-quartier-font-de-la-resistance", "cinema-les-salles-de-quartier-resistent")


def add_video_and_rename():
    """One article with a video (a click-to-load placeholder: nothing from YouTube before the
    click), and one renamed after publication, whose old address redirects."""
    article = Article.objects.filter(slug=slugify("Un festival sans plastique jetable, pari tenu ?")).first()
    if article is not None and DEMO_VIDEO not in article.body:
        article.body = (f"{article.body}<h2>Au programme cette année</h2>"
                        f"<p>Le court film d'animation libre projeté en plein air le premier soir :</p>"
                        f"<p>{DEMO_VIDEO}</p>")
        article.save()
    old_slug, new_slug = RENAMED
    article = Article.objects.filter(slug=old_slug).first()
    if article is not None and article.is_published:
        article.slug = new_slug
        article.save()  # redirects/ records /articles/<old>/ → /articles/<new>/
