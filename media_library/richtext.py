"""Rich-text bodies (articles, pages): the editor's configuration, what is stored, and the HTML
readers get, derived once at save time.

CONTRACT used by articles and pages (the media helper fills in the body images; the embeds
helper fills in video embeds; keep these signatures):

- BODY_EDITOR_EXTENSIONS: the django-prose-editor extensions every body field uses.
- clean_body(html) -> str: what is stored (core.html's allow-list, plus our figure markup).
- render_body(html, for_feed=False) -> RenderedBody: the reader HTML (body images as
  <figure><picture>, embeds as click-to-load placeholders, French typography), computed at save
  time and stored by the caller (e.g. Article.body_html). `for_feed=True`: embeds as plain
  links (feeds). `image_ids` lists the library images the body shows, so the caller can record
  where each image is used.

A library picture is stored by id: `<figure data-image-id="12" data-width="wide"><img src="…"
alt="…"><figcaption>…</figcaption></figure>`. Only the id and the width count: clean_body
rewrites the rest from the library (what the editor shows), render_body builds the reader's
<figure><picture> from the library row, so new renditions, a new caption or a moved focal
point need no rewrite of the bodies (ImageUsage.rerender derives their HTML again).
"""

import importlib
import re
from dataclasses import dataclass, field

from django.urls import reverse_lazy
from django.utils.html import format_html
from django_prose_editor.config import html_tags

from core.html import sanitize_html
from core.templatetags.images import picture
from core.typography import typeset_html

from .models import LibraryImage
from .tables import arrange_tables

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HorizontalRule": True,
    "HardBreak": True,
    # A picture of the library (static/media_library/library-figure.js, registered in
    # settings.DJANGO_PROSE_EDITOR_EXTENSIONS): its toolbar button opens the picker.
    "LibraryFigure": {
        "pickerUrl": reverse_lazy("admin:media_library_libraryimage_picker"),
        "uploadUrl": reverse_lazy("admin:media_library_libraryimage_quick_upload"),
    },
    # The editor's menu and table dialog in French (static/media_library/editor-fr.js).
    "FrenchLabels": True,
}

# django-prose-editor's allow-list processor for the extension (its own sanitizer is not used:
# core.html decides, and drops an <img> outside a library figure).
process_library_figure = html_tags(
    ["figure", "figcaption", "img"],
    {"figure": ["data-image-id", "data-width"], "img": ["src", "alt"]})

# FrenchLabels adds no markup.
no_markup = html_tags([])

# How wide each choice is shown (static/css/site.css: the text column is 40rem, wide 60rem).
SIZES = {
    "text": "(min-width: 44rem) 40rem, 100vw",
    "wide": "(min-width: 64rem) 60rem, 100vw",
    "full": "100vw",
}
WIDTH_LABELS = {"text": "colonne", "wide": "large", "full": "pleine largeur"}

_FIGURE = re.compile(
    r'<figure data-image-id="(\d+)" data-width="(text|wide|full)"( lang="[^"]*")?>.*?</figure>', re.S)


@dataclass
class RenderedBody:
    html: str
    image_ids: list = field(default_factory=list)


def figure_ids(html):
    """Ids of the library pictures a cleaned body shows, in order, once each."""
    return list(dict.fromkeys(int(match.group(1)) for match in _FIGURE.finditer(html or "")))


def without_figures(html):
    """The body's text without its library figures (word counts: captions are not the text)."""
    return _FIGURE.sub("", html or "")


def _library(ids):
    """The library rows for these ids, in ONE query."""
    return LibraryImage.objects.in_bulk(ids) if ids else {}


def clean_body(html):
    """What is stored: the allow-list, and each library figure rewritten from the library (its
    current thumbnail, alt text and caption, for the editor); a figure naming a picture that
    does not exist is dropped."""
    html = sanitize_html(html)
    found = _library(figure_ids(html))

    def editor_figure(match):
        image = found.get(int(match.group(1)))
        if image is None:
            return ""
        return format_html(
            '<figure data-image-id="{}" data-width="{}"><img src="{}" alt="{}">'
            "<figcaption>{}</figcaption></figure>",
            image.pk, match.group(2), image.thumbnail_url, image.alt, _caption_text(image))

    return _FIGURE.sub(editor_figure, html)


def _caption_text(image):
    return " — ".join(part for part in (image.caption, image.credit) if part)


def render_body(html, for_feed=False):
    """The reader HTML of a cleaned body: library figures as <figure><picture> (WebP and JPEG,
    srcset/sizes, width/height so nothing moves, lazy: the title, standfirst and cover come
    first, so a body picture is never the page's largest paint), embeds, French typography."""
    found = _library(figure_ids(html))
    shown = []

    def reader_figure(match):
        image = found.get(int(match.group(1)))
        if image is None or not image.file:
            return ""
        shown.append(image.pk)
        width = match.group(2)
        caption = ""
        if image.caption or image.credit:
            credit = format_html(' <span class="credit">{}</span>', image.credit) if image.credit else ""
            caption = format_html("<figcaption>{}{}</figcaption>", image.caption, credit)
        spec = "body-full" if width == "full" else "body"
        return format_html(
            '<figure class="body-figure body-figure--{}">{}{}</figure>', width,
            picture(image.file, image.renditions, spec, alt=image.alt, sizes=SIZES[width]),
            caption)

    html = _FIGURE.sub(reader_figure, html or "")
    html = arrange_tables(_expand_embeds(html, for_feed))
    return RenderedBody(html=typeset_html(html), image_ids=list(dict.fromkeys(shown)))


def _expand_embeds(html, for_feed):
    """Video embeds (media_library/embeds.py, the embeds helper's), once that module exists."""
    try:
        embeds = importlib.import_module("media_library.embeds")
    except ModuleNotFoundError as missing:
        if missing.name != "media_library.embeds":
            raise
        return html
    return embeds.expand_embeds(html, for_feed=for_feed)
