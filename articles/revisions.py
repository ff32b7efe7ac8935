"""Article revisions (django-reversion): what each save kept, how two compare, how to go back.

Every save in the admin stores a revision of the article with its byline and keywords. A
restore brings back the *content* of a revision (text, image, section, byline, keywords) and
leaves the workflow where it is: restoring never publishes, unpublishes or reschedules.
"""

import difflib
import re
from html.parser import HTMLParser

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion.models import Version

from authors.models import Author

from .invalidation import touch_article
from .models import Article, ArticleAuthor, Section, Tag, TaggedArticle

reversion.register(ArticleAuthor)
reversion.register(TaggedArticle)
reversion.register(Article, follow=["bylines", "taggedarticle_set"])

# What a restore brings back. Workflow fields (status, published_at, version, preview_key)
# stay as they are now.
CONTENT_FIELDS = [
    "title", "slug", "standfirst", "body", "cover_image", "cover_width", "cover_height",
    "cover_alt", "cover_credit", "cover_caption", "allow_comments", "allow_ratings",
    "seo_title", "seo_description",
]
# Fields shown in a comparison, with their label, besides the body.
COMPARED_FIELDS = ["title", "slug", "standfirst", "cover_alt", "cover_caption", "cover_credit",
                   "seo_title", "seo_description"]

_WORDS = re.compile(r"\s+|[^\s]+")


def versions_of(article):
    """The article's revisions, newest first, with who made them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


class Snapshot:
    """An article as one revision kept it: its fields, byline and keywords."""

    def __init__(self, version):
        self.version = version
        self.fields = version.field_dict
        related = version.revision.version_set.all()
        byline_type = ContentType.objects.get_for_model(ArticleAuthor)
        tag_type = ContentType.objects.get_for_model(TaggedArticle)
        pk = self.fields["id"]
        self.bylines = sorted(
            (v.field_dict["position"], v.field_dict["author_id"])
            for v in related
            if v.content_type_id == byline_type.pk and v.field_dict["article_id"] == pk
        )
        self.tag_ids = [
            v.field_dict["tag_id"]
            for v in related
            if v.content_type_id == tag_type.pk and v.field_dict["content_object_id"] == pk
        ]

    def author_names(self):
        names = dict(Author.objects.filter(pk__in=[a for _position, a in self.bylines]).values_list("pk", "name"))
        return ", ".join(names.get(author_id, _("(auteur supprimé)")) for _position, author_id in self.bylines)

    def tag_names(self):
        return ", ".join(Tag.objects.filter(pk__in=self.tag_ids).values_list("name", flat=True))

    def section_name(self):
        section = Section.objects.filter(pk=self.fields.get("section_id")).first()
        return section.name if section else ""


class _BodyLines(HTMLParser):
    """Splits an article body into the lines of a comparison: one per paragraph, heading,
    list item or quote, one per table row (cells joined by « | »), so that the same text
    compares equal however the editor wrapped it (e.g. <td>x</td> or <td><p>x</p></td>)."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption",
              "ul", "ol", "table", "figure", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.current, self.in_cell, self.cells = [], [], 0, 0

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current, self.cells = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"td", "th"}:
            if self.cells:
                self.current.append(" | ")
            self.cells += 1
            self.in_cell += 1
        elif tag == "tr":
            self.flush()
        elif tag == "br":
            self.current.append(" ")
        elif tag == "hr":
            self.flush()
            self.lines.append("———")
        elif tag in self.BLOCKS and not self.in_cell:
            self.flush()

    def handle_endtag(self, tag):
        if tag in {"td", "th"}:
            self.in_cell = max(0, self.in_cell - 1)
            self.current.append(" ")
        elif tag == "tr" or (tag in self.BLOCKS and not self.in_cell):
            self.flush()

    def handle_data(self, data):
        self.current.append(data)


def body_lines(html):
    """The body as plain-text lines (see _BodyLines), the unit of a comparison."""
    parser = _BodyLines()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.lines


def _word_diff(old, new):
    """Two escaped HTML strings: `old` with <del> and `new` with <ins> around what changed."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(old_words[i1:i2])), escape("".join(new_words[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))


def diff_rows(old_lines, new_lines, context=1):
    """Side-by-side rows (kind, before, after) of two lists of paragraphs; HTML-escaped.

    Unchanged stretches keep `context` lines around each change and fold the rest into one
    ("skip", count, "") row.
    """
    rows = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            lines = old_lines[i1:i2]
            keep_head = context if index > 0 else 0
            keep_tail = context if index < len(opcodes) - 1 else 0
            if len(lines) > keep_head + keep_tail + 1:
                rows.extend(("equal", escape(line), escape(line)) for line in lines[:keep_head])
                rows.append(("skip", len(lines) - keep_head - keep_tail, ""))
                rows.extend(("equal", escape(line), escape(line))
                            for line in lines[len(lines) - keep_tail:])
            else:
                rows.extend(("equal", escape(line), escape(line)) for line in lines)
            continue
        old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(old_part), len(new_part))):
            before = old_part[index] if index < len(old_part) else None
            after = new_part[index] if index < len(new_part) else None
            if before is not None and after is not None:
                rows.append(("changed", *_word_diff(before, after)))
            elif before is not None:
                rows.append(("removed", format_html("<del>{}</del>", before), ""))
            else:
                rows.append(("added", "", format_html("<ins>{}</ins>", after)))
    return rows


def compare(old_version, new_version):
    """What changed between two revisions of one article: field changes and body rows."""
    old, new = Snapshot(old_version), Snapshot(new_version)
    labels = {name: Article._meta.get_field(name).verbose_name for name in COMPARED_FIELDS}
    fields = []
    for name in COMPARED_FIELDS:
        before, after = str(old.fields.get(name) or ""), str(new.fields.get(name) or "")
        if before != after:
            fields.append((labels[name], *_word_diff(before, after)))
    for label, before, after in [
        (_("rubrique"), old.section_name(), new.section_name()),
        (_("auteurs"), old.author_names(), new.author_names()),
        (_("mots-clés"), old.tag_names(), new.tag_names()),
        (_("image de une"), str(old.fields.get("cover_image") or ""), str(new.fields.get("cover_image") or "")),
    ]:
        if before != after:
            fields.append((label, *_word_diff(before, after)))
    body = diff_rows(body_lines(old.fields.get("body")), body_lines(new.fields.get("body")))
    return {
        "fields": fields,
        "body_rows": body,
        "body_changed": any(row[0] not in {"equal", "skip"} for row in body),
    }


def compare_values(before, after):
    """What changed between two sets of article fields (a saved article's and a form's not yet
    saved, for a conflict): the compared fields and the body, as `compare` gives them."""
    fields = []
    for name in COMPARED_FIELDS:
        if name in before and name in after:
            old, new = str(before[name] or ""), str(after[name] or "")
            if old != new:
                fields.append((Article._meta.get_field(name).verbose_name, *_word_diff(old, new)))
    body = diff_rows(body_lines(before.get("body")), body_lines(after.get("body")))
    return {
        "fields": fields,
        "body_rows": body,
        "body_changed": any(row[0] not in {"equal", "skip"} for row in body),
    }


def restore(article, version, user, comment):
    """Bring `article` back to the content kept by `version` (a revision of this article).

    Runs in one transaction with the article row locked, saves a new revision (so a restore
    can itself be undone) and bumps the version, so a form opened before is refused.
    Returns the saved article.
    """
    snapshot = Snapshot(version)
    with transaction.atomic(), reversion.create_revision():
        Article.objects.select_for_update().filter(pk=article.pk).get()
        touch_article(article.pk)  # the lists it is in now (the update below sends no signal)
        values = {name: snapshot.fields[name] for name in CONTENT_FIELDS if name in snapshot.fields}
        # A file name, written as is (assigning a file would reopen the image to measure it).
        values["cover_image"] = getattr(values.get("cover_image"), "name", values.get("cover_image")) or ""
        section_id = snapshot.fields.get("section_id")
        if section_id is None or Section.objects.filter(pk=section_id).exists():
            values["section_id"] = section_id
        if Article.objects.filter(slug=values.get("slug")).exclude(pk=article.pk).exists():
            del values["slug"]  # another article took it meanwhile: keep the current one
        Article.objects.filter(pk=article.pk).update(**values)
        current = Article.objects.get(pk=article.pk)
        current.save()  # sanitizes, recounts words, bumps the version

        existing_authors = set(Author.objects.filter(
            pk__in=[a for _position, a in snapshot.bylines]).values_list("pk", flat=True))
        current.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=current, author_id=author_id, position=position,
                          published_at=current.listed_at)
            for position, author_id in snapshot.bylines if author_id in existing_authors
        )
        current.tags.set(list(Tag.objects.filter(pk__in=snapshot.tag_ids)))
        touch_article(current.pk)  # and those it is in once restored (bylines bulk-created)
        reversion.add_to_revision(current)
        reversion.set_user(user)
        reversion.set_comment(comment)
    return current

