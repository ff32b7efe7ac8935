"""{% fragment key "name" [vary ...] %}…{% endfragment %}: a part of a page rendered once per
content generation and reused until something it shows changes.

Like Django's {% cache %}, with a FragmentKey made by the view: where the fragment is stored,
and the generation counters (magazine/cache.py) it must have been rendered under, so an edit,
a publication or a scheduled go-live replaces it at once instead of when a timeout runs out.
A key of None (previews, readers with their own pending comments) renders the fragment every
time and stores nothing.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


class FragmentKey:
    """Where a fragment is cached (`stable`: the article, its version, the language...) and the
    generation counters it depends on: a stored copy is used only while they are current, as
    the page cache's entries are, and the next render overwrites it in place."""

    __slots__ = ("stable", "generations")

    def __init__(self, stable, generations=()):
        self.stable, self.generations = str(stable), tuple(generations)

    def child(self, *parts):
        return FragmentKey(".".join([self.stable, *map(str, parts)]), self.generations)

    def __str__(self):
        return self.stable


def fragment_cache_key(name, key, *vary_on):
    return "fragment:" + hashlib.sha256("|".join(map(str, (name, key, *vary_on))).encode()).hexdigest()


class FragmentNode(template.Node):
    def __init__(self, nodelist, key, name, vary_on):
        self.nodelist, self.key, self.name, self.vary_on = nodelist, key, name, vary_on

    def render(self, context):
        key = self.key.resolve(context)
        if not key or not settings.FRAGMENT_CACHE_SECONDS:
            return self.nodelist.render(context)
        cache_key = fragment_cache_key(self.name.resolve(context), key,
                                       *(v.resolve(context) for v in self.vary_on))
        # A view that knows its page's fragments reads them with its generation counters, in
        # one cache round trip (request.prefetched_fragments).
        prefetched = getattr(context.get("request"), "prefetched_fragments", {})
        stored = prefetched[cache_key] if cache_key in prefetched else cache.get(cache_key)
        if stored is not None and stored[0] == key.generations:
            return mark_safe(stored[1])
        html = self.nodelist.render(context)
        cache.set(cache_key, (key.generations, html), settings.FRAGMENT_CACHE_SECONDS)
        return mark_safe(html)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% fragment key \"name\" [vary ...] %}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    key, name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentNode(nodelist, key, name, vary_on)


_constants = {}


@receiver(setting_changed)
def _forget_constants(**kwargs):
    _constants.clear()


class ConstantNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        if context.get("request") is None:  # a bare Context: no site_name, no processors
            return self.nodelist.render(context)
        key = (self.name, get_language())
        html = _constants.get(key)
        if html is None:
            html = _constants[key] = mark_safe(self.nodelist.render(context))
        return html


@register.tag("constant")
def do_constant(parser, token):
    """{% constant "name" %}…{% endconstant %}: a part of the page that changes only with the
    language and the deployment (static file URLs, reversed URLs, translated labels, the
    site's name), rendered once per process and language. Nothing inside may depend on the
    request, the reader or the content."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% constant "name" %}')
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(nodelist, bits[1])
