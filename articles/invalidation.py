"""What pages show about articles, sections, tags and bylines, and what a change to them redraws.

Dependency kinds (pagecache.dependencies), keyed by id:
- `article:<id>`: an article's own content (text, cover, section, byline, tags, dates,
  status); shown by its page and by every card, feed item or link that names it;
- `section:<id>`, `tag:<id>`: a section's or a tag's name, address and description;
- `sections`, `tags`: the list of sections (the menu, the home page's blocks) or of tags;
- `articles`: anything about any article (search results, sitemaps);
- `latest-articles`, `section-articles:<id>`, `tag-articles:<id>`, `author-articles:<id>`:
  which articles are published in that list and in what order (home, section, tag and author
  pages, feeds, related articles, previous/next). An article's own edit moves them only if it
  is (or was) published and its status, date or section changed, or its tags or byline did.
Lists change by themselves when a scheduled article's time comes: they are valid until the
`go-live` deadline, the next publication time, stored with every save that may move it.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from pagecache import dependencies
from pagecache.generations import bump, lock_deadline, set_deadline

from . import related
from .models import Article, ArticleAuthor, Section, Tag, TaggedArticle

GO_LIVE = "go-live"
LIST_KINDS = ("articles", "latest-articles", "section-articles", "tag-articles", "author-articles")


def register_kinds():
    for kind in ("article", "section", "tag", "sections", "tags"):
        dependencies.register(kind)
    for kind in LIST_KINDS:
        dependencies.register(kind, deadline=GO_LIVE)
    dependencies.register_deadline(GO_LIVE, next_go_live)
    dependencies.register_witness(related.WITNESS, related.shown_now)


def next_go_live(now=None):
    """When the next scheduled article goes live (epoch seconds), or None."""
    upcoming = (Article.objects.scheduled(now)
                .order_by("published_at").values_list("published_at", flat=True).first())
    return upcoming.timestamp() if upcoming else None


def refresh_go_live():
    """Store the next publication time, in the current transaction, its row locked first so
    that two saves cannot each store what they computed without seeing the other."""
    with transaction.atomic():  # a savepoint inside the save's own transaction
        lock_deadline(GO_LIVE)
        set_deadline(GO_LIVE, next_go_live())


def list_keys(article_id, section_id):
    """The lists an article is in: all, its section, its tags, its authors."""
    keys = ["latest-articles", f"section-articles:{section_id}" if section_id else None]
    keys += [f"tag-articles:{tag_id}" for tag_id in
             TaggedArticle.objects.filter(content_object_id=article_id).values_list("tag_id", flat=True)]
    keys += [f"author-articles:{author_id}" for author_id in
             ArticleAuthor.objects.filter(article_id=article_id).values_list("author_id", flat=True)]
    return keys


def touch_article(article_id):
    """Everything that shows this article, as it is now in the database (for writes that send
    no signal: queryset updates, bulk creations)."""
    row = Article.objects.filter(pk=article_id).values("section_id", "status").first()
    keys = [f"article:{article_id}", "articles"]
    if row and row["status"] == Article.Status.PUBLISHED:
        keys += list_keys(article_id, row["section_id"])
        refresh_go_live()
    bump(*keys)


def _listed(state):
    return state is not None and state["status"] == Article.Status.PUBLISHED


def _remember_state(sender, instance, raw=False, **kwargs):
    instance._listed_before = (
        Article.objects.filter(pk=instance.pk)
        .values("section_id", "status", "published_at", "featured").first()
        if instance.pk and not raw else None)


def _article_saved(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_listed_before", None)
    after = {"section_id": instance.section_id, "status": instance.status,
             "published_at": instance.published_at, "featured": instance.featured}
    keys = [f"article:{instance.pk}", "articles"]
    if _listed(before) or _listed(after):
        moved = before is None or any(before[field] != after[field] for field in after)
        if moved:
            keys += list_keys(instance.pk, after["section_id"])
            if before is not None and before["section_id"] != after["section_id"]:
                keys.append(f"section-articles:{before['section_id']}" if before["section_id"] else None)
            refresh_go_live()
    bump(*keys)


def _article_deleting(sender, instance, **kwargs):
    instance._lists = list_keys(instance.pk, instance.section_id)


def _article_deleted(sender, instance, **kwargs):
    keys = [f"article:{instance.pk}", "articles"]
    if instance.status == Article.Status.PUBLISHED:
        keys += getattr(instance, "_lists", ["latest-articles"])
        refresh_go_live()
    bump(*keys)


def _remember_author(sender, instance, raw=False, **kwargs):
    instance._author_before = (
        ArticleAuthor.objects.filter(pk=instance.pk).values_list("author_id", flat=True).first()
        if instance.pk and not raw else None)


def _byline_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    keys = [f"article:{instance.article_id}", "articles"]
    status = Article.objects.filter(pk=instance.article_id).values_list("status", flat=True).first()
    if status == Article.Status.PUBLISHED:
        for author_id in {instance.author_id, getattr(instance, "_author_before", None)}:
            if author_id:
                keys.append(f"author-articles:{author_id}")
    bump(*keys)


def _tags_changing(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed on TaggedArticle (taggit): the article's tags, or a tag's articles."""
    if action == "pre_clear":
        if reverse:
            instance._cleared = list(TaggedArticle.objects.filter(tag=instance).values_list(
                "content_object_id", flat=True))
        else:
            instance._cleared = list(instance.tags.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ids = list(pk_set or ()) if action != "post_clear" else getattr(instance, "_cleared", [])
    pairs = [(article_id, instance.pk) for article_id in ids] if reverse else [
        (instance.pk, tag_id) for tag_id in ids]
    published = set(Article.objects.filter(pk__in={a for a, _t in pairs},
                                           status=Article.Status.PUBLISHED).values_list("pk", flat=True))
    keys = ["articles"]
    for article_id, tag_id in pairs:
        keys.append(f"article:{article_id}")
        if article_id in published:
            keys.append(f"tag-articles:{tag_id}")
    bump(*keys)


def _section_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(f"section:{instance.pk}", "sections")


def _tag_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(f"tag:{instance.pk}", "tags")


def _tag_deleted(sender, instance, **kwargs):
    # taggit's cascade removes its taggings with no m2m_changed: its list goes with it (the
    # related blocks it filled are chosen again).
    bump(f"tag:{instance.pk}", "tags", f"tag-articles:{instance.pk}")


def connect():
    register_kinds()
    uid = "articles.invalidation."
    pre_save.connect(_remember_state, sender=Article, dispatch_uid=uid + "article-pre")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid + "article-saved")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid=uid + "article-deleting")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=uid + "article-deleted")
    pre_save.connect(_remember_author, sender=ArticleAuthor, dispatch_uid=uid + "byline-pre")
    post_save.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "byline-saved")
    post_delete.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "byline-deleted")
    m2m_changed.connect(_tags_changing, sender=TaggedArticle, dispatch_uid=uid + "tags")
    for model, saved, deleted, name in ((Section, _section_changed, _section_changed, "section"),
                                        (Tag, _tag_changed, _tag_deleted, "tag")):
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}{name}-saved")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}{name}-deleted")
