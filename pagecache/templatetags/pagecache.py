"""Template tags of the page cache.

{% fragment "name" [key parts…] [shows kind=value …] [until=when] %}…{% endfragment %}
    A part of a page rendered once and reused while nothing it shows changes. Its key is the
    name, the parts, the language and the host; `shows` names what it displays, as dependency
    keys by id (article=article.pk, tag=tags, ratings=article.pk…): the fragment is drawn again
    when one of them changes, or at `until`. Anything declared inside ({% depends %}, nested
    fragments) counts too, and the page around it depends on all of it, cached or not.
    With `render_live` true in the context (previews, a reader's own page after a vote) it is
    rendered every time and never stored.

{% depends kind=value … [until=when] %}
    Declares what the page (or the fragment around it) shows, where it shows it: a card
    declares its article, its section and its authors.

{% witness value %}
    Declares a witness (dependencies.witness) where the part it stands for is shown: `value`
    is (name, args, shown, covered keys), or None for none.

{% constant "name" %}…{% endconstant %}
    A part that changes only with the deployment and the language (static file URLs,
    translated labels), rendered once per process.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import dependencies
from ..store import fragments, hashed, revalidate

register = template.Library()

UNTIL = "until"


def _parse_declarations(parser, bits, tag):
    declarations, until = [], None
    for bit in bits:
        kind, sep, value = bit.partition("=")
        if not sep:
            raise template.TemplateSyntaxError(f"{{% {tag} %}}: expected kind=value, got {bit!r}")
        if kind == UNTIL:
            until = parser.compile_filter(value)
        elif not dependencies.is_kind(kind):
            raise template.TemplateSyntaxError(f"{{% {tag} %}}: unknown dependency kind {kind!r}")
        else:
            declarations.append((kind, parser.compile_filter(value)))
    return declarations, until


def _declare(context, declarations, until):
    for kind, value in declarations:
        dependencies.depends(**{kind: value.resolve(context)})
    if until is not None:
        dependencies.valid_until(until.resolve(context))


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, declarations, until):
        self.nodelist, self.name, self.parts = nodelist, name, parts
        self.declarations, self.until = declarations, until

    def render_and_declare(self, context):
        with dependencies.scope() as scope:
            html = self.nodelist.render(context)
            _declare(context, self.declarations, self.until)
        return html, scope

    def render(self, context):
        return cached_fragment(
            context, lambda: (self.name.resolve(context), *(p.resolve(context) for p in self.parts)),
            lambda: self.render_and_declare(context))


def cached_fragment(context, key_parts, render_and_declare):
    """A fragment's HTML: stored while what it shows is current, else drawn and stored with the
    page. `key_parts()` gives its name and parts; `render_and_declare()` draws it inside a
    dependencies.scope() and returns (html, scope). For tags that draw their HTML in Python
    ({% card %}) as for {% fragment %}."""
    page = dependencies.current()
    request = context.get("request")
    if (page is None or page.snapshot is None or request is None or context.get("render_live")
            or not settings.FRAGMENT_CACHE_SECONDS):
        return mark_safe(render_and_declare()[0])
    key = hashed(*key_parts(), get_language(), request.scheme, request.get_host())
    stored = fragments.local(key)
    if stored is None or not stored.is_valid(page.snapshot):
        # Another process may have drawn it again since this one kept its copy.
        stored = fragments.shared(key)
        if stored is not None and not stored.is_valid(page.snapshot):
            # Only lists it shows the same moved (a publication elsewhere): checked, kept.
            stored = revalidate(stored, page.snapshot) if stored.witnesses else None
            if stored is not None:
                fragments.set_many({key: stored})
    if stored is not None:
        page.adopt(stored.deps, stored.until, stored.deadlines, stored.witnesses)
        return mark_safe(stored.html)
    html, scope = render_and_declare()
    page.pending.append((key, html, scope))
    return mark_safe(html)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError('{% fragment "name" [parts] [shows kind=value ...] %}')
    name, rest = parser.compile_filter(bits[0]), bits[1:]
    if "shows" in rest:
        at = rest.index("shows")
        parts, shows = rest[:at], rest[at + 1:]
    else:
        parts = [bit for bit in rest if not bit.startswith(UNTIL + "=")]
        shows = [bit for bit in rest if bit.startswith(UNTIL + "=")]
    declarations, until = _parse_declarations(parser, shows, "fragment")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name, [parser.compile_filter(p) for p in parts], declarations, until)


class DependsNode(template.Node):
    def __init__(self, declarations, until):
        self.declarations, self.until = declarations, until

    def render(self, context):
        _declare(context, self.declarations, self.until)
        return ""


@register.tag("depends")
def do_depends(parser, token):
    declarations, until = _parse_declarations(parser, token.split_contents()[1:], "depends")
    return DependsNode(declarations, until)


class WitnessNode(template.Node):
    def __init__(self, value):
        self.value = value

    def render(self, context):
        value = self.value.resolve(context)
        if value:
            dependencies.witness(*value)
        return ""


@register.tag("witness")
def do_witness(parser, token):
    bits = token.split_contents()[1:]
    if len(bits) != 1:
        raise template.TemplateSyntaxError("{% witness value %}")
    return WitnessNode(parser.compile_filter(bits[0]))


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
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% constant "name" %}')
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(nodelist, bits[1])
