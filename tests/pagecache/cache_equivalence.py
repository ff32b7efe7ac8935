"""Shared by the cache-equivalence tests: a small magazine, the changes a newsroom and its
readers make to it, and every reader page, to compare as served with the caches on against
the same page rendered with every cache off.

The changes go through the code paths the site uses (model saves, taggit, votes, moderation,
erasure), never through the caches, so a page that forgets to say what it shows is caught.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section, Tag
from authors.models import Author
from comments import privacy
from comments.models import Comment
from ratings.models import Rating, RatingSummary
from comments.moderation import publish, set_status


def build():
    """Three sections, three authors, four tags, five articles, votes and comments."""
    sections = [Section.objects.create(name=name, position=n) for n, name in
                enumerate(["Ville", "Culture", "Sciences"])]
    authors = [Author.objects.create(name=name, short_bio=f"Bio de {name}.", job_title="reporter",
                                     email=f"auteur{n}@example.org" if n else "")
               for n, name in enumerate(["Camille Durand", "Inès Robert", "Louis Marchand"])]
    for n in range(5):
        article = Article.objects.create(
            title=f"Article {n} : les toits de la ville", standfirst=f"Chapô {n}.",
            body=f"<h2>Partie {n}</h2><p>Texte {n} sur les jardins et la ville.</p>",
            status=Article.Status.PUBLISHED, section=sections[n % 3],
            published_at=timezone.now() - timedelta(hours=5 * (n + 1)))
        ArticleAuthor.objects.create(article=article, author=authors[n % 3], position=0)
        article.tags.add(*[f"Mot {t}" for t in range(4) if (n + t) % 2 == 0])
    first = Article.objects.order_by("pk").first()
    Rating.objects.vote(first, "lecteur-a", "reseau", 4)
    comment = Comment.objects.create(article=first, name="Lou", email="lou@example.org",
                                     body="Un premier avis.", status=Comment.Status.APPROVED)
    publish(comment)


def pick(queryset, n):
    items = list(queryset.order_by("pk"))
    return items[n % len(items)] if items else None


# -- Changes -----------------------------------------------------------------------------------
# Each takes a number (what to pick, what to write) and returns a short description.

def publish_new(n):
    section, author = pick(Section.objects, n), pick(Author.objects, n // 3)
    article = Article.objects.create(
        title=f"Nouveau {n}", standfirst=f"Chapô nouveau {n}.", body=f"<p>Nouveau texte {n}.</p>",
        status=Article.Status.PUBLISHED, section=section, published_at=timezone.now())
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    article.tags.add(f"Mot {n % 5}")
    return f"publish {article.pk}"


def schedule_new(n):
    article = Article.objects.create(
        title=f"Programmé {n}", standfirst="Bientôt.", body="<p>Bientôt en ligne.</p>",
        status=Article.Status.PUBLISHED, section=pick(Section.objects, n),
        published_at=timezone.now() + timedelta(minutes=5 + n % 120))
    ArticleAuthor.objects.create(article=article, author=pick(Author.objects, n), position=0)
    article.tags.add(f"Mot {n % 4}")
    return f"schedule {article.pk}"


def edit_title(n):
    article = pick(Article.objects, n)
    article.title = f"{article.title.split(' (')[0]} (v{n})"
    article.save()
    return f"retitle {article.pk}"


def edit_body(n):
    article = pick(Article.objects, n)
    article.standfirst = f"Nouveau chapô {n}."
    article.body = f"<h2>Revu {n}</h2><p>Texte revu {n}, avec des jardins.</p>"
    article.save()
    return f"rewrite {article.pk}"


def move_section(n):
    article = pick(Article.objects, n)
    article.section = pick(Section.objects, n + 1)
    article.save()
    return f"move {article.pk}"


def unpublish(n):
    article = pick(Article.objects.filter(status=Article.Status.PUBLISHED), n)
    if article is None:
        return "nothing to unpublish"
    article.status = Article.Status.DRAFT if n % 2 else Article.Status.ARCHIVED
    article.save()
    return f"unpublish {article.pk}"


def republish(n):
    article = pick(Article.objects.exclude(status=Article.Status.PUBLISHED), n)
    if article is None:
        return "nothing to republish"
    article.status = Article.Status.PUBLISHED
    article.save()
    return f"republish {article.pk}"


def rename_author(n):
    author = pick(Author.objects, n)
    author.name = f"{author.name.split(' (')[0]} ({n})"
    author.save()
    return f"rename author {author.pk}"


def edit_bio(n):
    author = pick(Author.objects, n)
    author.short_bio = f"Bio revue {n}."
    author.long_bio = f"Longue bio {n}."
    author.save()
    return f"bio {author.pk}"


def rename_section(n):
    section = pick(Section.objects, n)
    section.name = f"{section.name.split(' (')[0]} ({n})"
    section.description = f"Description {n}."
    section.save()
    return f"rename section {section.pk}"


def rename_tag(n):
    tag = pick(Tag.objects, n)
    tag.name = f"Mot renommé {n}"
    tag.save()
    return f"rename tag {tag.pk}"


def retag(n):
    article = pick(Article.objects, n)
    if n % 2:
        article.tags.add(f"Mot {n % 6}")
    else:
        article.tags.remove(*list(article.tags.all())[:1])
    return f"retag {article.pk}"


def change_byline(n):
    article = pick(Article.objects, n)
    author = pick(Author.objects, n + 1)
    if not article.bylines.filter(author=author).exists():
        ArticleAuthor.objects.create(article=article, author=author, position=1)
    elif article.bylines.count() > 1:
        article.bylines.filter(author=author).delete()
    return f"byline {article.pk}"


def vote(n):
    article = pick(Article.objects.published(), n)
    if article is None:
        return "nothing to vote on"
    Rating.objects.vote(article, f"lecteur-{n % 7}", "reseau", 1 + n % 5)
    return f"vote {article.pk}"


def reset_votes(n):
    article = pick(Article.objects.published(), n)
    if article is None:
        return "nothing to reset"
    RatingSummary.objects.reset(article)
    return f"reset {article.pk}"


def comment(n):
    article = pick(Article.objects.published(), n)
    if article is None:
        return "nothing to comment"
    parent = pick(Comment.objects.filter(article=article, parent=None, status="approved"), n)
    status = (Comment.Status.APPROVED, Comment.Status.PENDING)[n % 2]
    new = Comment.objects.create(article=article, name=f"Lecteur {n}", email=f"l{n % 3}@example.org",
                                 body=f"Avis numéro {n}.", status=status,
                                 parent=parent if n % 3 == 0 else None)
    if new.is_approved:
        publish(new)
    return f"comment {new.pk} ({status})"


def moderate(n):
    found = pick(Comment.objects, n)
    if found is None:
        return "nothing to moderate"
    status = (Comment.Status.APPROVED, Comment.Status.REMOVED, Comment.Status.SPAM)[n % 3]
    set_status(Comment.objects.filter(pk=found.pk), status)
    return f"moderate {found.pk} {status}"


def erase(n):
    privacy.erase(f"l{n % 3}@example.org")
    return "erase"


def close_comments(n):
    article = pick(Article.objects, n)
    article.allow_comments = not article.allow_comments
    article.save()
    return f"comments {article.pk} {article.allow_comments}"


CHANGES = [publish_new, schedule_new, edit_title, edit_body, move_section, unpublish, republish,
           rename_author, edit_bio, rename_section, rename_tag, retag, change_byline, vote,
           reset_votes, comment, moderate, erase, close_comments]


# -- Reader pages --------------------------------------------------------------------------------

def reader_urls():
    """Every kind of reader page of the magazine as it is now."""
    urls = ["/", "/en/", "/les-mieux-notes/", "/recherche/?q=jardins", "/recherche/?q=toits",
            "/auteurs/", "/flux/rss/", "/flux/atom/", "/sitemap.xml", "/sitemap-articles.xml",
            "/sitemap-rubriques.xml", "/sitemap-mots-cles.xml", "/sitemap-auteurs.xml",
            "/sitemap-actualites.xml"]
    for article in Article.objects.order_by("pk"):
        urls.append(f"/articles/{article.slug}/")
    urls += [f"/en/articles/{a.slug}/" for a in Article.objects.order_by("pk")[:2]]
    for section in Section.objects.order_by("pk"):
        urls += [f"/rubrique/{section.slug}/", f"/rubrique/{section.slug}/rss/"]
    urls += [f"/mot-cle/{tag.slug}/" for tag in Tag.objects.order_by("pk")]
    urls += [f"/auteurs/{author.slug}/" for author in Author.objects.order_by("pk")]
    return urls
