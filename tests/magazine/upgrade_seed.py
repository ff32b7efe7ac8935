"""Seed data for tests/magazine/test_upgrade.py, written with the PREVIOUS release's code.

Run by the test as `python <this file>` with the exported release as working directory,
DJANGO_SETTINGS_MODULE=magazine.settings and DATABASE_URL naming the throwaway database. It
imports only the old code's own API (it must work against that release, not this checkout),
then prints one line `UPGRADE_SEED_JSON: {...}` with what only the old ORM can tell: the
permissions each newsroom group holds on the comment model, and the revision count.
"""

import json
import os
import sys
from datetime import timedelta

MARKER = "UPGRADE_SEED_JSON:"
EDITOR_GROUP = "Rédacteur en chef"
JOURNALIST_GROUP = "Journaliste"


def seed():
    import reversion
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from reversion.models import Version

    # Registers Article (with bylines and tags) with reversion; the admin would do it too.
    import articles.revisions  # noqa: F401
    from articles.models import Article, ArticleAuthor, Section
    from authors.models import Author
    from ratings.models import Comment, Rating

    now = timezone.now()
    User = get_user_model()
    # No password: hashing costs time and the upgrade does not touch it.
    editor = User.objects.create_user("redac-chef", email="chef@lemagazine.example",
                                      is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    journalist = User.objects.create_user("journaliste", email="journaliste@lemagazine.example",
                                          is_staff=True)
    journalist.groups.add(Group.objects.get(name=JOURNALIST_GROUP))

    section = Section.objects.create(name="Économie", description="Argent et travail")
    alice = Author.objects.create(name="Alice Martin", job_title="journaliste", user=journalist)
    bruno = Author.objects.create(name="Bruno Lefèvre", job_title="reporter")

    def article(title, status, published_at, authors, tags, user, revisions=1):
        """An article saved like the admin does: each save a revision, the first with its
        byline and tags (some revisions with a user, some without)."""
        with reversion.create_revision():
            item = Article.objects.create(
                title=title, standfirst=f"Chapô de « {title} ».",
                body=f"<h2>Début</h2><p>{title} : un texte d'essai.</p>",
                section=section, status=status, published_at=published_at)
            for position, author in enumerate(authors):
                ArticleAuthor.objects.create(article=item, author=author, position=position)
            item.tags.add(*tags)
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment("Première version")
        for number in range(2, revisions + 1):
            with reversion.create_revision():
                item.standfirst = f"Chapô révisé n° {number}."
                item.save()
                reversion.set_comment(f"Révision {number}")
        return item

    published = article("Le prix du pain", Article.Status.PUBLISHED, now - timedelta(days=3),
                        [alice, bruno], ["Économie", "Boulangerie"], editor, revisions=3)
    other = article("Les salaires en hausse", Article.Status.PUBLISHED, now - timedelta(days=1),
                    [bruno], ["Économie"], None, revisions=2)
    article("Brouillon sur l'inflation", Article.Status.DRAFT, None, [alice], ["Inflation"],
            journalist)
    article("À paraître : la rentrée", Article.Status.PUBLISHED, now + timedelta(days=5),
            [alice], ["Rentrée"], None)
    article("Archives : la crise de 2008", Article.Status.ARCHIVED, now - timedelta(days=900),
            [bruno], ["Crise", "Économie"], editor)

    # Votes through the old API (summary counters move with them); one re-vote.
    for number, score in enumerate([5, 4, 4, 2, 5], start=1):
        Rating.objects.vote(published, f"lecteur-{number}", f"ip-{number % 2}", score)
    Rating.objects.vote(published, "lecteur-4", "ip-0", 3)  # re-vote: changes the row
    Rating.objects.vote(other, "lecteur-1", "ip-1", 1)

    def comment(item, name, body, status, parent=None, **extra):
        if status != Comment.Status.PENDING:
            extra.update(moderated_at=now, moderated_by=editor)
        return Comment.objects.create(
            article=item, parent=parent, name=name, email=f"{name.lower()}@Exemple.fr",
            body=body, status=status, reader_id=f"reader-{name}", ip_hash="f" * 64, **extra)

    first = comment(published, "Claire", "Très juste.\n\nMerci !", Comment.Status.APPROVED,
                    notify_replies=True)
    comment(published, "Denis", "Je ne suis pas d'accord.", Comment.Status.APPROVED, parent=first)
    comment(published, "Emma", "Et en province ?", Comment.Status.PENDING, parent=first)
    comment(published, "Spammeur", "Achetez ici http://spam.example", Comment.Status.SPAM,
            spam_reasons="lien")
    second = comment(other, "Fanny", "Bonne nouvelle.", Comment.Status.APPROVED)
    comment(other, "Gilles", "Enfin.", Comment.Status.APPROVED, parent=second)
    comment(other, "Hugo", "Propos retiré.", Comment.Status.REMOVED)

    comment_type = ContentType.objects.get_for_model(Comment)
    return {
        "revisions": Version.objects.get_for_model(Article).count(),
        "comment_codenames": sorted(comment_type.permission_set.values_list("codename",
                                                                            flat=True)),
        "group_comment_permissions": {
            group.name: sorted(group.permissions.filter(content_type=comment_type)
                               .values_list("codename", flat=True))
            for group in Group.objects.filter(name__in=[EDITOR_GROUP, JOURNALIST_GROUP])
        },
        "users": {"editor": editor.username, "journalist": journalist.username},
    }


def main():
    # The old release, not this checkout, must be importable: it is the working directory.
    sys.path[0] = os.getcwd()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        facts = seed()
    print(MARKER, json.dumps(facts))


if __name__ == "__main__":
    main()
