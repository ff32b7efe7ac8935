"""Shared helpers of the newsroom tests: users in the roles of the migration, admin form data."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from authors.models import Author

_counter = itertools.count(1)
PASSWORD = "mot-de-passe-de-test"


def make_user(group_name, username=None, with_author=True, password=None, **fields):
    """A staff user in `group_name`. No password unless asked (hashing one is slow; tests log
    in with force_login, browser tests pass a password)."""
    n = next(_counter)
    user = get_user_model().objects.create_user(
        username or f"user{n}", password=password, is_staff=True,
        first_name=fields.pop("first_name", f"Prénom{n}"), last_name=fields.pop("last_name", f"Nom{n}"),
        **fields,
    )
    user.groups.add(Group.objects.get(name=group_name))
    if with_author:
        Author.objects.create(name=user.get_full_name(), user=user, short_bio="Bio.")
    return user


def make_journalist(**kwargs):
    return make_user("Journaliste", **kwargs)


def make_editor(**kwargs):
    return make_user("Rédacteur en chef", **kwargs)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_url():
    return reverse("admin:articles_article_add")


def form_data(article=None, **overrides):
    """POST data of the article change form (or the add form when `article` is None), as the
    browser would send it, with `overrides` applied. `authors` (a list) replaces the byline."""
    authors = overrides.pop("authors", None)
    if article is None:
        data = {
            "title": "", "slug": "", "standfirst": "", "body": "", "section": "", "tags": "",
            "cover_alt": "", "cover_caption": "", "cover_credit": "", "allow_comments": "on",
            "allow_ratings": "on", "seo_title": "", "seo_description": "",
            "published_at_0": "", "published_at_1": "",
        }
        bylines = []
    else:
        article.refresh_from_db()
        published_at = timezone.localtime(article.published_at) if article.published_at else None
        data = {
            "title": article.title, "slug": article.slug, "standfirst": article.standfirst,
            "body": article.body, "section": article.section_id or "",
            "tags": ", ".join(article.tags.names()), "cover_alt": article.cover_alt,
            "cover_caption": article.cover_caption, "cover_credit": article.cover_credit,
            "seo_title": article.seo_title, "seo_description": article.seo_description,
            "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
            "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
            "base_version": article.version,
        }
        if article.allow_comments:
            data["allow_comments"] = "on"
        if article.allow_ratings:
            data["allow_ratings"] = "on"
        bylines = list(article.bylines.all())
    if authors is not None:
        rows = [(None, author) for author in authors]
        deleted = [(byline.pk, byline.author) for byline in bylines]
    else:
        rows = [(byline.pk, byline.author) for byline in bylines]
        deleted = []
    forms = []
    for pk, author in deleted:
        forms.append({"id": pk, "author": author.pk, "position": 0, "DELETE": "on"})
    for position, (pk, author) in enumerate(rows):
        forms.append({"id": pk or "", "author": author.pk, "position": position})
    data.update({
        "bylines-TOTAL_FORMS": len(forms), "bylines-INITIAL_FORMS": len(deleted) + sum(1 for pk, _ in rows if pk),
        "bylines-MIN_NUM_FORMS": 0, "bylines-MAX_NUM_FORMS": 1000,
    })
    # Existing rows first (Django expects the initial forms at the start).
    forms.sort(key=lambda form: form["id"] == "")
    for index, form in enumerate(forms):
        for key, value in form.items():
            data[f"bylines-{index}-{key}"] = value if value is not None else ""
        if article is not None:
            data[f"bylines-{index}-article"] = article.pk
    data.update(overrides)
    return data


def reload(article):
    return Article.objects.get(pk=article.pk)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
