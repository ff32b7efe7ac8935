"""`{% load images %}`: responsive pictures from the renditions made at upload.

    {% picture article.cover_image article.cover_renditions "card" alt=article.cover_alt
               sizes="(min-width: 64rem) 22rem, 100vw" %}

renders a <picture> with a WebP <source> and a JPEG <img> fallback, srcset/sizes, and the
width/height that reserve the space (no layout shift). Everything comes from the JSON stored on
the model: no query, no file access, no resizing while a page renders. `priority=True` is for
the one image that is the page's largest paint (the article cover, the home lead): loaded
eagerly with fetchpriority="high"; every other image is lazy.

A page draws dozens of pictures, each with up to nine file addresses: the addresses on the
local disk are joined as strings (the storage's own `url()` parses each one), and the HTML
is written without format_html's copies, escaping every value the same way.
"""

import html
import re

from django import template
from django.core.files.storage import FileSystemStorage
from django.utils.safestring import mark_safe

register = template.Library()

FALLBACK_WIDTH = 800  # the JPEG in `src`, for browsers that ignore srcset

# A stored name whose address on the disk's storage is its base URL followed by the name
# itself: no character that an address escapes, no "." or ".." segment that urljoin removes.
_PLAIN_NAME = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]*")


_joins = {}  # (storage class, base URL) -> whether url(name) is base + name for a plain name


def _url_maker(storage):
    """A function name -> address, the same as `storage.url`."""
    url = storage.url
    cls = storage.__class__  # the real class behind a lazy storage
    if not issubclass(cls, FileSystemStorage) or cls.url is not FileSystemStorage.url:
        return url  # an object store signs or formats its own addresses
    base = storage.base_url
    joins = _joins.get((cls, base))
    if joins is None:
        joins = _joins[(cls, base)] = base is not None and url("a/b.jpg") == base + "a/b.jpg"
    if not joins:
        return url

    def make(name):
        return base + name if _PLAIN_NAME.fullmatch(name) else url(name)

    return make


def escape(value):
    """django.utils.html.conditional_escape, without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _srcset(url, items):
    return ", ".join(f"{url(item['name'])} {item['width']}w" for item in items)


@register.simple_tag
def picture(fieldfile, renditions, spec, alt="", sizes="100vw", css_class="", priority=False):
    if not fieldfile:
        return ""
    e = escape
    entry = (renditions or {}).get("specs", {}).get(spec)
    # The same attributes, in the same order, as always: class, loading, fetchpriority, decoding.
    attributes = (f' class="{e(css_class)}"' if css_class else "") + (
        ' loading="eager" fetchpriority="high"' if priority else ' loading="lazy"'
    ) + ' decoding="async"'
    if not entry:
        # Renditions not made (yet): the stored file itself, still without touching it, with
        # its size when known so nothing moves when it arrives.
        width, height = (renditions or {}).get("width"), (renditions or {}).get("height")
        size = ((f' width="{e(width)}"' if width else "")
                + (f' height="{e(height)}"' if height else ""))
        src = _url_maker(fieldfile.storage)(fieldfile.name)  # fieldfile.url
        return mark_safe(f'<img src="{e(src)}" alt="{e(alt)}"{size}{attributes}>')
    url = _url_maker(fieldfile.storage)
    jpegs, webps = entry["jpeg"], entry["webp"]
    fallback = min(jpegs, key=lambda item: abs(item["width"] - FALLBACK_WIDTH))
    sizes = e(sizes)
    return mark_safe(
        f'<picture><source type="image/webp" srcset="{e(_srcset(url, webps))}" sizes="{sizes}">'
        f'<img src="{e(url(fallback["name"]))}" srcset="{e(_srcset(url, jpegs))}" sizes="{sizes}"'
        f' width="{e(entry["width"])}" height="{e(entry["height"])}" alt="{e(alt)}"{attributes}>'
        "</picture>"
    )
