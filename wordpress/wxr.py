"""Reading a WordPress export file (WXR 1.0, 1.1 and 1.2: « Outils → Exporter »), as a stream.

`read_export(file)` yields the channel's site information, then authors, categories, tags and
terms, then items (posts, pages, attachments…), one at a time: a 2 GB export is read with the
memory of one item. Parsing refuses what a WordPress export never contains and an attacker
would: a DTD (entity bombs, external entities), network access, oversized text nodes.

Nothing here touches the database: the importer (wordpress/importer.py) maps what is read.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone

from lxml import etree

# WordPress writes its own namespaces with the export version in them; the excerpt has its own.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/excerpt/$")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class ExportError(Exception):
    """The file cannot be imported; the message (French) says why and, if known, where."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    language: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None


@dataclass
class Term:
    """A category, a tag, or another taxonomy's term, as listed at the top of the export."""

    taxonomy: str  # "category", "post_tag", or any custom taxonomy
    slug: str
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    wp_id: int | None = None


@dataclass
class Comment:
    wp_id: int
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date_gmt: datetime | None = None
    date: datetime | None = None
    content: str = ""
    approved: str = ""  # "1", "0", "spam", "trash", "post-trashed"
    type: str = ""  # "" or "comment"; "pingback", "trackback"
    parent: int = 0
    user_id: int = 0


@dataclass
class Item:
    """One <item>: a post, a page, an attachment, a menu item…"""

    wp_id: int
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: datetime | None = None
    date: datetime | None = None
    slug: str = ""
    parent: int = 0
    menu_order: int = 0
    sticky: bool = False
    attachment_url: str = ""
    # [(taxonomy, slug, name)] as the item lists them (<category domain="…" nicename="…">).
    terms: list = field(default_factory=list)
    # key -> [values], in order (a key may repeat: every _wp_old_slug).
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    line: int | None = None

    def meta_value(self, key, default=""):
        values = self.meta.get(key)
        return values[-1] if values else default

    def describe(self):
        """How the report names this item: « article 123 « Titre » (ligne 456) »."""
        kind = {"post": "article", "page": "page", "attachment": "fichier joint"}.get(
            self.post_type, self.post_type or "élément")
        title = f" « {self.title[:80]} »" if self.title else ""
        line = f" (ligne {self.line})" if self.line else ""
        return f"{kind} {self.wp_id}{title}{line}"


def _local(tag):
    """(namespace, local name) of an lxml tag."""
    if not isinstance(tag, str):
        return None, None
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _kind(namespace):
    if namespace is None:
        return None
    if WP_NAMESPACE.match(namespace):
        return "wp"
    if EXCERPT_NAMESPACE.match(namespace):
        return "excerpt"
    if namespace == CONTENT_NAMESPACE:
        return "content"
    if namespace == DC_NAMESPACE:
        return "dc"
    return "" if namespace == "" else "other"


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _raw(element):
    """Text kept as written (bodies: their line breaks are meaningful)."""
    return element.text or "" if element is not None else ""


def _int(value, default=0):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def parse_date(value, gmt):
    """A WXR date ("2021-03-04 05:06:07"); None for WordPress's "0000-00-00 00:00:00"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=dt_timezone.utc) if gmt else parsed
    return None


def _children(element):
    """{(kind, local name): [child, …]} of an element."""
    found = {}
    for child in element:
        namespace, name = _local(child.tag)
        if name is None:
            continue
        found.setdefault((_kind(namespace), name), []).append(child)
    return found


def _first(children, kind, name):
    values = children.get((kind, name))
    return values[0] if values else None


def _read_item(element):
    children = _children(element)
    wp = lambda name: _first(children, "wp", name)  # noqa: E731
    item = Item(wp_id=_int(_text(wp("post_id"))), line=element.sourceline)
    item.post_type = _text(wp("post_type"))
    item.status = _text(wp("status"))
    item.title = _raw(_first(children, "", "title")).strip()
    item.link = _text(_first(children, "", "link"))
    item.guid = _text(_first(children, "", "guid"))
    item.creator = _text(_first(children, "dc", "creator"))
    item.content = _raw(_first(children, "content", "encoded"))
    item.excerpt = _raw(_first(children, "excerpt", "encoded")).strip()
    item.date_gmt = parse_date(_text(wp("post_date_gmt")), gmt=True)
    item.date = parse_date(_text(wp("post_date")), gmt=False)
    item.slug = _text(wp("post_name"))
    item.parent = _int(_text(wp("post_parent")))
    item.menu_order = _int(_text(wp("menu_order")))
    item.sticky = _text(wp("is_sticky")) == "1"
    item.attachment_url = _text(wp("attachment_url"))
    for category in children.get(("", "category"), []):
        item.terms.append((category.get("domain", "category"), category.get("nicename", ""),
                           _raw(category).strip()))
    for meta in children.get(("wp", "postmeta"), []):
        meta_children = _children(meta)
        key = _text(_first(meta_children, "wp", "meta_key"))
        if key:
            item.meta.setdefault(key, []).append(_raw(_first(meta_children, "wp", "meta_value")))
    for comment in children.get(("wp", "comment"), []):
        c = _children(comment)
        cw = lambda name: _first(c, "wp", name)  # noqa: E731
        item.comments.append(Comment(
            wp_id=_int(_text(cw("comment_id"))),
            author=_raw(cw("comment_author")).strip(),
            author_email=_text(cw("comment_author_email")),
            author_url=_text(cw("comment_author_url")),
            author_ip=_text(cw("comment_author_IP")),
            date_gmt=parse_date(_text(cw("comment_date_gmt")), gmt=True),
            date=parse_date(_text(cw("comment_date")), gmt=False),
            content=_raw(cw("comment_content")),
            approved=_text(cw("comment_approved")),
            type=_text(cw("comment_type")),
            parent=_int(_text(cw("comment_parent"))),
            user_id=_int(_text(cw("comment_user_id"))),
        ))
    return item


def _read_author(element):
    c = _children(element)
    wp = lambda name: _raw(_first(c, "wp", name)).strip()  # noqa: E731
    return Author(login=wp("author_login"), email=wp("author_email"),
                  display_name=wp("author_display_name"), first_name=wp("author_first_name"),
                  last_name=wp("author_last_name"), wp_id=_int(wp("author_id"), None))


def _read_term(element, name):
    c = _children(element)
    wp = lambda n: _raw(_first(c, "wp", n)).strip()  # noqa: E731
    if name == "category":
        return Term("category", wp("category_nicename"), wp("cat_name"), wp("category_parent"),
                    wp("category_description"), _int(wp("term_id"), None))
    if name == "tag":
        return Term("post_tag", wp("tag_slug"), wp("tag_name"), "", wp("tag_description"),
                    _int(wp("term_id"), None))
    return Term(wp("term_taxonomy"), wp("term_slug"), wp("term_name"), wp("term_parent"),
                wp("term_description"), _int(wp("term_id"), None))


def _free(element):
    """Drop a read element and the siblings before it: memory stays flat on any file size."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_export(file):
    """Yield Site, then Author/Term/Item objects in file order. Raises ExportError (French)."""
    context = etree.iterparse(
        file, events=("start", "end"), resolve_entities=False, load_dtd=False, no_network=True,
        huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
    )
    site = Site()
    site_sent = False
    depth = 0
    seen_rss = False
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    docinfo = element.getroottree().docinfo
                    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or \
                            docinfo.doctype:
                        raise ExportError("Ce fichier déclare une DTD : un export WordPress n'en "
                                          "contient jamais. Import refusé.")
                    if _local(element.tag)[1] != "rss":
                        raise ExportError("Ce fichier n'est pas un export WordPress (WXR) : "
                                          "il ne commence pas par <rss>.")
                    seen_rss = True
                continue
            depth -= 1
            namespace, name = _local(element.tag)
            kind = _kind(namespace)
            content_element = depth == 2 and (
                (kind == "" and name == "item")
                or (kind == "wp" and name in ("author", "category", "tag", "term")))
            if content_element and not site_sent:  # the site's header comes first in WXR
                yield _checked(site)
                site_sent = True
            if depth == 2 and name == "item" and kind == "":  # rss > channel > item
                yield _read_item(element)
                _free(element)
            elif depth == 2 and kind == "wp":
                if name == "author":
                    yield _read_author(element)
                elif name in ("category", "tag", "term"):
                    yield _read_term(element, name)
                elif name == "wxr_version":
                    site.wxr_version = _text(element)
                elif name == "base_site_url":
                    site.base_site_url = _text(element)
                elif name == "base_blog_url":
                    site.base_blog_url = _text(element)
                if name != "wxr_version" and name not in ("base_site_url", "base_blog_url"):
                    _free(element)
            elif depth == 2 and kind == "":
                if name == "title":
                    site.title = _text(element)
                elif name == "link":
                    site.link = _text(element)
                elif name == "language":
                    site.language = _text(element)
    except etree.XMLSyntaxError as error:
        if not seen_rss:
            raise ExportError("Ce fichier est vide ou n'est pas un fichier XML : ce n'est pas "
                              "un export WordPress (WXR).") from None
        line = f" (ligne {error.lineno})" if getattr(error, "lineno", None) else ""
        raise ExportError(f"Fichier XML illisible ou tronqué{line} : {error.msg}") from None
    if not seen_rss:
        raise ExportError("Ce fichier est vide ou n'est pas un export WordPress (WXR).")
    if not site_sent:
        yield _checked(site)


def _checked(site):
    if not site.wxr_version:
        raise ExportError("Ce fichier n'est pas un export WordPress : la version WXR "
                          "(<wp:wxr_version>) manque avant les contenus.")
    if not (site.base_site_url or site.base_blog_url or site.link):
        raise ExportError("Export WordPress sans adresse de site (<wp:base_site_url>).")
    return site
