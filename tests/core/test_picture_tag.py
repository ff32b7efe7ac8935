"""`{% picture %}` (core/templatetags/images.py) writes its HTML by hand for speed: the same
bytes as the plain format_html version below, and the same addresses as the storage."""

import itertools

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.templatetags.images import FALLBACK_WIDTH, _url_maker, picture

NAMES = ["covers/2026/12/une.3d6051d777.jpg", "a b/été.jpg", "../x.jpg", "./y.jpg", "x/../y.jpg",
         "c:/z.jpg", "a//b.jpg", "a?b.jpg", "a#b.jpg", "~t/-x_.jpg", "a&b.jpg", ".cache/x.jpg"]
STORAGES = [FileSystemStorage(base_url=base)
            for base in ("/media/", "https://cdn.example/m/", "/a/../m/", "//cdn.example/x/")]


def reference(fieldfile, renditions, spec, alt="", sizes="100vw", css_class="", priority=False):
    """The tag as first written, with format_html."""
    if not fieldfile:
        return ""
    storage = fieldfile.storage
    entry = (renditions or {}).get("specs", {}).get(spec)
    loading = {"loading": "eager", "fetchpriority": "high"} if priority else {"loading": "lazy"}
    attributes = {"class": css_class or None, **loading, "decoding": "async"}

    def attrs(items):
        return format_html_join("", ' {}="{}"', ((k, v) for k, v in items.items() if v))

    def srcset(items):
        return ", ".join(f"{storage.url(item['name'])} {item['width']}w" for item in items)

    if not entry:
        stored = renditions or {}
        size = {"width": stored.get("width"), "height": stored.get("height")}
        return format_html('<img src="{}" alt="{}"{}>', fieldfile.url, alt,
                           attrs({**size, **attributes}))
    jpegs, webps = entry["jpeg"], entry["webp"]
    fallback = min(jpegs, key=lambda item: abs(item["width"] - FALLBACK_WIDTH))
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        srcset(webps), sizes, storage.url(fallback["name"]), srcset(jpegs), sizes,
        entry["width"], entry["height"], alt, attrs(attributes))


class Stored:
    """A FieldFile's part the tag reads."""

    def __init__(self, name, storage):
        self.name, self.storage = name, storage

    def __bool__(self):
        return bool(self.name)

    @property
    def url(self):
        return self.storage.url(self.name)


def renditions(name):
    def files(ext, widths):
        return [{"name": f"{name}-{width}.{ext}", "width": width} for width in widths]

    return {"width": 1600, "height": 900, "specs": {"card": {
        "width": 1200, "height": 800,
        "jpeg": files("jpg", (400, 800, 1200)), "webp": files("webp", (400, 800))}}}


@pytest.mark.parametrize("storage", [default_storage, *STORAGES])
def test_addresses_are_the_storages(storage):
    url = _url_maker(storage)
    assert [url(name) for name in NAMES] == [storage.url(name) for name in NAMES]


OPTIONS = [{}, {"alt": "L'été <b>", "sizes": "a & b", "css_class": 'x"y', "priority": True},
           {"alt": mark_safe("Portrait d&#x27;Ève"), "css_class": "byline__photo"},
           {"alt": gettext_lazy("Auteur"), "sizes": 3}]


@pytest.mark.parametrize("storage", STORAGES)
def test_same_html_as_format_html(storage):
    for name, options in itertools.product(["", *NAMES], OPTIONS):
        for stored in (None, {}, {"width": 10}, {"width": 0, "height": 5}, renditions(name)):
            ours = picture(Stored(name, storage), stored, "card", **options)
            assert ours == reference(Stored(name, storage), stored, "card", **options)
            assert hasattr(ours, "__html__") or ours == ""
