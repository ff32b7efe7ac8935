"""{% fragment key "name" [vary ...] %}…{% endfragment %}: a part of a page rendered once per
content generation and reused until something it shows changes.

Like Django's {% cache %}, with the key made by the view from generation counters
(magazine/cache.py), so an edit, a publication or a scheduled go-live replaces the fragment at
once instead of when a timeout runs out. A key of None (previews, readers with their own
pending comments) renders the fragment every time and stores nothing.
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


def fragment_cache_key(name, key, *vary_on):
    return "fragment:" + hashlib.sha256("|".join(map(str, (name, key, *vary_on))).encode()).hexdigest()


def prefetch(request, *fragments):
    """Read these (name, key, *vary_on) fragments in one cache round trip (a view that knows
    which fragments its page will ask for calls this: with Redis, one MGET instead of one GET
    per fragment)."""
    if settings.FRAGMENT_CACHE_SECONDS:
        keys = [fragment_cache_key(*fragment) for fragment in fragments if fragment[1]]
        request.prefetched_fragments = {key: None for key in keys} | cache.get_many(keys)


class FragmentNode(template.Node):
    def __init__(self, nodelist, key, name, vary_on):
        self.nodelist, self.key, self.name, self.vary_on = nodelist, key, name, vary_on

    def render(self, context):
        key = self.key.resolve(context)
        if not key or not settings.FRAGMENT_CACHE_SECONDS:
            return self.nodelist.render(context)
        cache_key = fragment_cache_key(self.name.resolve(context), key,
                                       *(v.resolve(context) for v in self.vary_on))
        prefetched = getattr(context.get("request"), "prefetched_fragments", {})
        html = prefetched[cache_key] if cache_key in prefetched else cache.get(cache_key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(cache_key, html, settings.FRAGMENT_CACHE_SECONDS)
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
