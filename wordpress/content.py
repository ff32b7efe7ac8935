"""WordPress bodies turned into ours: block comments, shortcodes, classic line breaks, images
and links, before the body goes through our sanitizer like any other.

`convert_body(html, resolve_image, resolve_link)` returns a ConvertedBody whose `html` is ready
for `media_library.richtext.clean_body` (which still runs on it: nothing from the old site is
trusted). The callbacks belong to the importer:
- `resolve_image(ImageRef)` -> HTML of our library figure for that picture, or None (the
  picture could not be imported: it is dropped, never hot-linked, and reported);
- `resolve_link(href)` -> the new address of a link to the old site, or None to keep it.
"""

import json
import re
from html import unescape
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

# WordPress's own block-level list (wp-includes/formatting.php, wpautop), what its paragraph
# rules never wrap in <p>.
BLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
          r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
          r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)")

BLOCK_COMMENT = re.compile(r"<!--\s*(/?)wp:([a-z0-9/_-]+)(\s+(\{.*?\}))?\s*(/?)-->", re.S)
EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[a-z0-9-]+)?\s*(\{.*?\})?\s*-->(.*?)<!--\s*/wp:(?:core-)?embed"
    r"(?:/[a-z0-9-]+)?\s*-->", re.S)
URL = re.compile(r"https?://[^\s<>\"']+")

# A shortcode: [name attrs], [name attrs /], [/name]. A bare "[word]" with no attribute and no
# closing tag is left as text: it is far more often « [sic] » or « [1] » than a plugin's tag.
SHORTCODE = re.compile(r"\[(/)?([a-zA-Z][\w-]*)((?:\s+[^\]]*?)?)\s*(/)?\]")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
KNOWN = {"caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist"}


@dataclass
class ImageRef:
    """A picture a body shows, as WordPress wrote it."""

    src: str = ""
    attachment_id: int | None = None
    alt: str = ""
    caption: str = ""


@dataclass
class ConvertedBody:
    html: str
    missing_images: list = field(default_factory=list)  # src or "#id" of pictures left out
    unknown_shortcodes: list = field(default_factory=list)  # their names, once each


def convert_body(html, resolve_image=None, resolve_link=None, attachments_of_post=()):
    """Our body for a WordPress `content:encoded`. `attachments_of_post`: ids of the pictures
    attached to the post, for a [gallery] that lists none."""
    result = ConvertedBody(html="")
    html = (html or "").replace("\r\n", "\n").replace("\r", "\n")
    if not html.strip():
        return result
    is_blocks = "<!-- wp:" in html
    # Classic editor posts are stored without <p>: WordPress adds them when it shows them.
    classic = not is_blocks and not re.search(r"<p[\s>]", html, re.I)
    html = EMBED_BLOCK.sub(_embed_block, html)
    html = BLOCK_COMMENT.sub("", html)
    html = _shortcodes(html, result, attachments_of_post)
    if classic:
        html = autop(html)
    result.html = _rewrite_tree(html, result, resolve_image, resolve_link)
    return result


def _embed_block(match):
    attributes = {}
    if match[1]:
        try:
            attributes = json.loads(match[1])
        except ValueError:
            attributes = {}
    url = attributes.get("url") if isinstance(attributes, dict) else None
    if not isinstance(url, str) or not URL.fullmatch(url.strip()):
        found = URL.search(re.sub(r"<[^>]+>", " ", match[2]))
        url = found[0] if found else None
    # A lone URL on its own line: our body pipeline turns the known hosts into embeds and
    # leaves any other as a link.
    return f'\n\n<p>{_escape(url.strip())}</p>\n\n' if url else ""


# --- Shortcodes -----------------------------------------------------------------------------

def _attributes(text):
    return {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
            for m in ATTRIBUTE.finditer(text or "")}


def _shortcodes(html, result, attachments_of_post):
    """Replace the shortcodes we know, remove the others (keeping what they enclose)."""
    names_closed = {m[2].lower() for m in SHORTCODE.finditer(html) if m[1]}

    def is_shortcode(match):
        name = match[2].lower()
        return bool(match[1] or match[3].strip() or match[4] or name in names_closed
                    or name in KNOWN)

    # Enclosing shortcodes we convert: [caption …]…[/caption], [embed]url[/embed].
    def caption(match):
        attrs = _attributes(match[2])
        inner = match[3]
        image = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", inner, re.I)
        text = attrs.get("caption", "")
        if image:
            text = (inner[:image.start()] + inner[image.end():]).strip() or text
            picture = image[0]
        else:
            picture = ""
        figcaption = f"<figcaption>{text.strip()}</figcaption>" if text.strip() else ""
        return f"\n\n<figure>{picture}{figcaption}</figure>\n\n"

    html = re.sub(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", caption, html,
                  flags=re.S | re.I)

    def embed(match):
        url = match[2].strip()
        return f"\n\n<p>{_escape(url)}</p>\n\n" if URL.fullmatch(url) else ""

    html = re.sub(r"\[embed\b([^\]]*)\](.*?)\[/embed\]", embed, html, flags=re.S | re.I)

    def single(match):
        if not is_shortcode(match):
            return match[0]
        name = match[2].lower()
        attrs = _attributes(match[3])
        if name == "gallery" and not match[1]:
            ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids", "") or attrs.get("include", ""))]
            ids = ids or list(attachments_of_post)
            return "".join(f'\n\n<figure><img data-wp-attachment="{i}"></figure>\n\n' for i in ids)
        if name == "video" and not match[1]:
            src = attrs.get("src") or attrs.get("mp4") or attrs.get("youtube") or ""
            if URL.fullmatch(src.strip()):
                return f"\n\n<p>{_escape(src.strip())}</p>\n\n"
        if name not in result.unknown_shortcodes:
            result.unknown_shortcodes.append(name)
        return ""

    return SHORTCODE.sub(single, html)


# --- WordPress's paragraph rules (classic editor) -------------------------------------------

def autop(text):
    """wpautop, simplified: a blank line makes a paragraph, a single newline a <br>, block
    elements are never wrapped."""
    if not text.strip():
        return ""
    preserved = []

    def keep(match):
        preserved.append(match[0])
        return f"<pre-{len(preserved) - 1}>"

    text = re.sub(r"<pre\b.*?</pre>", keep, text, flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"(<" + BLOCKS + r"[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(r"(</" + BLOCKS + r">)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.I)
    # Newlines inside a tag are not line breaks.
    text = re.sub(r"<[^>]*>", lambda m: m[0].replace("\n", " "), text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    pieces = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p}</p>\n" for p in pieces)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>\s*(</?" + BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + BLOCKS + r"[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"(</?" + BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", text)
    text = re.sub(r"(</?" + BLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text,
                  flags=re.I)
    text = re.sub(r"<pre-(\d+)>", lambda m: preserved[int(m[1])], text)
    return text.strip()


# --- Images, links, headings ----------------------------------------------------------------

def _attachment_id(img):
    for value in (img.get("data-wp-attachment"), img.get("data-id")):
        if value and value.isdigit():
            return int(value)
    match = re.search(r"\bwp-image-(\d+)\b", img.get("class", ""))
    return int(match[1]) if match else None


def _rewrite_tree(html, result, resolve_image, resolve_link):
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for heading in root.iter("h1"):
        heading.tag = "h2"
    # A gallery block is a figure of figures: its pictures become figures of their own.
    for gallery in list(root.iter("figure")):
        if re.search(r"\b(wp-block-gallery|gallery)\b", gallery.get("class", "")):
            for caption in gallery.findall("figcaption"):
                gallery.remove(caption)
            gallery.drop_tag()
    for wrapper in list(root.iter("ul")):
        if "blocks-gallery-grid" in wrapper.get("class", "") or "wp-block-gallery" in wrapper.get("class", ""):
            for li in wrapper.findall("li"):
                li.drop_tag()
            wrapper.drop_tag()
    for img in list(root.iter("img")):
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        caption_el = figure.find(".//figcaption") if figure is not None else None
        ref = ImageRef(src=img.get("src", ""), attachment_id=_attachment_id(img),
                       alt=img.get("alt", ""),
                       caption=caption_el.text_content().strip() if caption_el is not None else "")
        replacement = resolve_image(ref) if resolve_image else None
        # What the picture stands in: its figure, else the link around it, else itself.
        target = figure if figure is not None else img
        if target is img and img.getparent() is not None and img.getparent().tag == "a" \
                and len(img.getparent()) == 1 and not (img.getparent().text or "").strip():
            target = img.getparent()
        if replacement is None:
            result.missing_images.append(ref.src or f"#{ref.attachment_id}")
            _remove(target)
            continue
        _replace(target, replacement)
    if resolve_link:
        for link in root.iter("a"):
            href = link.get("href")
            if href:
                new = resolve_link(href)
                if new:
                    link.set("href", new)
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root)
    return inner.strip()


def rewrite_links(html, resolve_link):
    """Only the links of a body already converted (links to items imported after it)."""
    def replace(match):
        new = resolve_link(unescape(match[2]))
        return f'{match[1]}"{_escape(new)}"' if new else match[0]

    return re.sub(r'(<a\b[^>]*?\bhref=)"([^"]*)"', replace, html or "")


def _remove(element):
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
    # A paragraph left empty by the removal goes too.
    if parent.tag == "p" and not parent.text_content().strip() and len(parent) == 0:
        _remove(parent)


def _replace(element, html):
    new = lxml.html.fragments_fromstring(html)
    parent = element.getparent()
    # A figure may not sit inside a <p>: lift it out of a paragraph that holds nothing else.
    if parent is not None and parent.tag == "p" and len(parent) == 1 \
            and not (parent.text or "").strip() and not (element.tail or "").strip():
        element, parent = parent, parent.getparent()
    index = parent.index(element)
    tail = element.tail
    parent.remove(element)
    for offset, node in enumerate(n for n in new if not isinstance(n, str)):
        parent.insert(index + offset, node)
    if tail and len(parent) > index:
        last = parent[index + len([n for n in new if not isinstance(n, str)]) - 1]
        last.tail = (last.tail or "") + tail


def _escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
