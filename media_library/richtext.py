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
"""

from dataclasses import dataclass, field

from core.html import sanitize_html
from core.typography import typeset_html

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
}


@dataclass
class RenderedBody:
    html: str
    image_ids: list = field(default_factory=list)


def clean_body(html):
    return sanitize_html(html)


def render_body(html, for_feed=False):
    return RenderedBody(html=typeset_html(html))
