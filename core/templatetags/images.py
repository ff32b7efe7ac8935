"""`{% load images %}`: responsive pictures from the renditions made at upload.

    {% picture article.cover_image article.cover_renditions "card" alt=article.cover_alt
               sizes="(min-width: 64rem) 22rem, 100vw" %}

renders a <picture> with a WebP <source> and a JPEG <img> fallback, srcset/sizes, and the
width/height that reserve the space (no layout shift). Everything comes from the JSON stored on
the model: no query, no file access, no resizing while a page renders. `priority=True` is for
the one image that is the page's largest paint (the article cover, the home lead): loaded
eagerly with fetchpriority="high"; every other image is lazy.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

FALLBACK_WIDTH = 800  # the JPEG in `src`, for browsers that ignore srcset


def _srcset(storage, items):
    return ", ".join(f"{storage.url(item['name'])} {item['width']}w" for item in items)


@register.simple_tag
def picture(fieldfile, renditions, spec, alt="", sizes="100vw", css_class="", priority=False):
    if not fieldfile:
        return ""
    storage = fieldfile.storage
    entry = (renditions or {}).get("specs", {}).get(spec)
    loading = {"loading": "eager", "fetchpriority": "high"} if priority else {"loading": "lazy"}
    attributes = {"class": css_class or None, **loading, "decoding": "async"}
    if not entry:
        # Renditions not made (yet): the stored file itself, still without touching it, with
        # its size when known so nothing moves when it arrives.
        size = {"width": (renditions or {}).get("width"), "height": (renditions or {}).get("height")}
        return format_html("<img src=\"{}\" alt=\"{}\"{}>", fieldfile.url, alt,
                           _attrs({**size, **attributes}))
    jpegs, webps = entry["jpeg"], entry["webp"]
    fallback = min(jpegs, key=lambda item: abs(item["width"] - FALLBACK_WIDTH))
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        _srcset(storage, webps), sizes,
        storage.url(fallback["name"]), _srcset(storage, jpegs), sizes,
        entry["width"], entry["height"], alt, _attrs(attributes),
    )


def _attrs(attributes):
    return format_html_join("", ' {}="{}"', ((k, v) for k, v in attributes.items() if v))
