"""HTML that journalists write: sanitized with an allow-list when it is saved.

Whatever arrives (the rich-text editor, a paste, the shell, an import), only these tags and
attributes are stored. Rendering helpers that derive reader HTML from it live here too, so the
page view only reads a prepared string.
"""

import re

import nh3
from django.conf import settings
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "hr", "img",
}
# <img> and the figure's data attributes only make a library figure (see _library_figures):
# `<figure data-image-id="12" data-width="wide"><img src="/media/…" alt="…"><figcaption>…`.
# The reader HTML is built from the library row named by the id (media_library.richtext); the
# <img> only shows the picture in the editor. Any other <img> (a paste from another site) is
# dropped: nothing is ever hot-linked.
FIGURE_WIDTHS = ("text", "wide", "full")
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "figure": {"data-image-id", "data-width"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# On every tag: `lang` only, so a passage in another language is read out right by screen
# readers and left alone by the French typography (core/typography.py). nh3 would also
# keep `title` everywhere by default.
GENERIC_ATTRIBUTES = {"lang"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={**ALLOWED_ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
    generic_attribute_prefixes=set(),
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)

# Presentational tags from pastes and older editors, renamed to the semantic tags we keep, so
# their emphasis survives instead of being stripped: <b> → <strong>, <i> → <em>.
_PRESENTATIONAL = re.compile(r"<(/?)(b|i)(?=[\s/>])[^>]*>", re.IGNORECASE)
_SEMANTIC = {"b": "strong", "i": "em"}

_EMPTY_PARAGRAPH = re.compile(r"^\s*(<p>\s*(<br\s*/?>)?\s*</p>\s*)*$")


def sanitize_html(html):
    """Return `html` reduced to the magazine's allow-list (no scripts, handlers, styles)."""
    if not html:
        return ""
    # Null bytes and other C0 controls have no place in an article (and PostgreSQL rejects \x00).
    html = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", html)
    html = _PRESENTATIONAL.sub(lambda m: f"<{m[1]}{_SEMANTIC[m[2].lower()]}>", html)
    cleaned = _library_figures(_cleaner.clean(html)).strip()
    return "" if _EMPTY_PARAGRAPH.match(cleaned) else cleaned


# nh3's output is serialized by html5ever: lowercase names, every attribute value double-quoted
# with `"` escaped, every `<` of the text escaped. So this matches each tag exactly.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s=>/]+)(?:="([^"]*)")?')
_IMAGE_ID = re.compile(r"[1-9][0-9]{0,17}")
_VOID = {"br", "hr", "img"}


def _library_figures(html):
    """Keep <img> only as the first child of a library figure (`data-image-id`), with a local
    `src`; inside such a figure keep only that <img> and one <figcaption> with its text;
    normalize the figure's attributes. nh3 has no context-aware rule for this."""
    out, pos, stack = [], 0, []  # stack: names of the open elements
    library = caption = None  # stack depths of the library figure and of its caption, if open
    has_image = has_caption = False
    for match in _TAG.finditer(html):
        closing, name, attributes = match.group(1), match.group(2), match.group(3)
        if library is None or caption is not None:
            out.append(html[pos:match.start()])
        pos = match.end()
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if closing:
            if name in stack:  # well-formed after nh3; pop to the matching tag in any case
                del stack[len(stack) - 1 - stack[::-1].index(name):]
            if library is None:
                out.append(match.group())
                continue
            if caption is not None and len(stack) < caption:
                out.append("</figcaption>")
                caption = None
            if len(stack) < library:
                out.append("</figure>")
                library = None
            continue
        if library is not None:  # inside a library figure: only its picture and caption text
            direct = len(stack) == library and caption is None
            if direct and name == "img" and not has_image and _is_local(attrs.get("src", "")):
                has_image = True
                out.append(f'<img src="{attrs["src"]}" alt="{attrs.get("alt", "")}">')
            elif name not in _VOID:
                stack.append(name)
                if direct and name == "figcaption" and not has_caption:
                    has_caption, caption = True, len(stack)
                    out.append("<figcaption>")
            continue
        if name == "img":
            continue  # outside a library figure: never kept
        if name not in _VOID:
            stack.append(name)
        if name == "figure":
            image_id = attrs.get("data-image-id", "")
            lang = f' lang="{attrs["lang"]}"' if "lang" in attrs else ""
            if _IMAGE_ID.fullmatch(image_id):
                width = attrs.get("data-width")
                width = width if width in FIGURE_WIDTHS else FIGURE_WIDTHS[0]
                out.append(f'<figure data-image-id="{image_id}" data-width="{width}"{lang}>')
                library, has_image, has_caption = len(stack), False, False
            else:
                out.append(f"<figure{lang}>")
            continue
        out.append(match.group())
    if library is None or caption is not None:
        out.append(html[pos:])
    return "".join(out)


def _is_local(src):
    """A picture of our own media (the library's renditions), never another site's."""
    media = settings.MEDIA_URL or "/media/"
    return bool(src) and src.startswith(media) and not src.startswith("//") and ".." not in src


def count_images(html):
    """How many <img> elements `html` holds (comments, scripts and broken markup aside)."""
    return len(re.findall(r"<img[\s>/]", _image_counter.clean(html or "")))


_image_counter = nh3.Cleaner(tags={"img"}, attributes={}, strip_comments=True)


def dropped_images(html):
    """How many pictures of `html` sanitize_html() leaves out (pasted from another site)."""
    return max(0, count_images(html) - count_images(sanitize_html(html)))


def html_to_text(html):
    """Plain text of an HTML fragment, for word counts and search excerpts."""
    return re.sub(r"\s+", " ", strip_tags(html.replace("<", " <"))).strip()


def count_words(html):
    return len(re.findall(r"\w+(?:[’'-]\w+)*", html_to_text(html)))
