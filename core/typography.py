"""French typography for what readers see: « guillemets », fines insécables, apostrophes.

Applied to HTML text nodes only. Tags, attributes, URLs, code and foreign-language elements
pass through untouched, and running it twice changes nothing (idempotent), so it can be used
at write time on an article body (`Article.body_html`) and at render time on short texts
(the `|typo` filter).

Rules (Imprimerie nationale, simplified for the web):
- espace fine insécable (U+202F) before ; ! ? and inside « »;
- espace insécable (U+00A0) before : ;
- ’ for the apostrophe after a letter (l’arbre, aujourd’hui);
- « » (then “ ” inside them) for straight double quotes that pair up within a paragraph.

An existing space before the punctuation is always made unbreakable. A missing one is only
added after a letter and when the punctuation ends the word (followed by a space or the end),
so 10:30, 1:2, "?q=", "C:" and emoticons stay as written, and never inside a link, whose text
is often a name or a title in another language ("Yahoo!", "What's new?").

No well-kept library does this for HTML (the French ones on PyPI are unmaintained or
string-only), hence this small module.
"""

import html as html_lib
import re

NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace insécable

# The rules run on one string where everything that is not French running text has been
# replaced by a marker. C0 control characters never occur in HTML text, so they are free.
INLINE = "\x01"  # an inline tag (<em>, <strong>, a comment): transparent
BLOCK = "\x02"  # a block boundary (<p>, <li>, <br>...): like the start of a line
OPAQUE = "\x03"  # protected content (code, URL, e-mail, lang="en" element): like a word
LINK_OPEN = "\x04"  # <a ...>: transparent, but no space is inserted inside a link
LINK_CLOSE = "\x05"
_MARKERS = re.compile("[\x01-\x05]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

_SPACE_CHARS = " \t\n\r\f\u00a0\u202f\u2009\u2007\u200a"
_SP = f"[{_SPACE_CHARS}]"
_TRANSPARENT = "[\x01\x04\x05]"
_GAP = f"((?:{_SP}|{_TRANSPARENT})*)"

# A tag, with attribute values that may contain ">" (the sanitizer leaves "a > b" in a title).
_TAG = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?.*?>"
    r"|</?([A-Za-z][^\s/>]*)((?:\s*[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>",
    re.S,
)
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
# Their content is code, data or not text at all: never touched.
_OPAQUE_TAGS = {"code", "kbd", "pre", "samp", "script", "style", "textarea", "var", "tt", "math",
                "svg", "template"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}

_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]']"
    r"|mailto:[^\s<>\"]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)


def typeset_html(html):
    """Return `html` with French typography applied to its text nodes."""
    if not html:
        return html
    marked, pieces = _mark_html(str(html))
    return _restore(_apply_rules(marked), pieces, escape=True)


def typeset_text(text):
    """Return plain `text` with French typography (for feeds, titles outside templates)."""
    if not text:
        return text
    pieces = []
    marked = _mark_text(_CONTROLS.sub("", str(text)), pieces, escape=False)
    return _restore(_apply_rules(marked), pieces, escape=False)


# --- Marking ---------------------------------------------------------------------------------


def _mark_text(text, pieces, escape):
    """Text with URLs and e-mail addresses replaced by OPAQUE markers (kept in `pieces`)."""
    out, pos = [], 0
    for match in _URL.finditer(text):
        out.append(_MARKERS.sub("", text[pos:match.start()]))
        out.append(OPAQUE)
        pieces.append(_escape(match.group()) if escape else match.group())
        pos = match.end()
    out.append(_MARKERS.sub("", text[pos:]))
    return "".join(out)


def _is_foreign(attrs):
    match = _LANG.search(attrs or "")
    if not match:
        return False
    lang = next(group for group in match.groups() if group is not None).strip().lower()
    return bool(lang) and not lang.startswith("fr")


def _mark_html(html):
    out, pieces = [], []
    pos = 0
    opaque = None  # (tag name, nesting depth, start offset) while inside a protected element
    for match in _TAG.finditer(html):
        name = (match.group(1) or "").lower()
        raw = match.group()
        closing = raw.startswith("</")
        if opaque is not None:
            opaque_name, depth, start = opaque
            if name == opaque_name and not raw.endswith("/>"):
                depth += -1 if closing else 1
            if depth == 0:
                out.append(OPAQUE)
                pieces.append(html[start:match.end()])
                opaque = None
                pos = match.end()
            else:
                opaque = (opaque_name, depth, start)
            continue
        text = html[pos:match.start()]
        if text:
            out.append(_mark_text(_CONTROLS.sub("", html_lib.unescape(text)), pieces, escape=True))
        pos = match.end()
        if (
            not closing and name and name not in _VOID_TAGS and not raw.endswith("/>")
            and (name in _OPAQUE_TAGS or _is_foreign(match.group(2)))
        ):
            opaque = (name, 1, match.start())
            continue
        if name == "a":
            out.append(LINK_CLOSE if closing else LINK_OPEN)
        elif name in _BLOCK_TAGS:
            out.append(BLOCK)
        else:
            out.append(INLINE)
        pieces.append(raw)
    if opaque is not None:  # unclosed protected element: keep the rest as it is
        out.append(OPAQUE)
        pieces.append(html[opaque[2]:])
    else:
        text = html[pos:]
        if text:
            out.append(_mark_text(_CONTROLS.sub("", html_lib.unescape(text)), pieces, escape=True))
    return "".join(out), pieces


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _restore(marked, pieces, escape):
    texts = _MARKERS.split(marked)
    out = [_escape(texts[0]) if escape else texts[0]]
    for piece, text in zip(pieces, texts[1:], strict=True):
        out.append(piece)
        out.append(_escape(text) if escape else text)
    return "".join(out)


# --- Rules -----------------------------------------------------------------------------------


def _apply_rules(s):
    s = _quotes(s)
    s = _APOSTROPHE.sub("’", s)
    s = _OPENING_GUILLEMET.sub(_after_opening_guillemet, s)
    s = _CLOSING_GUILLEMET.sub(_space_before(NNBSP, always=True), s)
    s = _HIGH_PUNCTUATION.sub(_space_before(NNBSP), s)
    s = _COLON.sub(_space_before(NBSP), s)
    return s


_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'")
_OPENING_GUILLEMET = re.compile(f"«{_GAP}(?=[^\\s\x02])")
# The gap between a word and its punctuation: spaces and transparent markers, in any order.
_CLOSING_GUILLEMET = re.compile(f"(?<=[^\\s\x02]){_GAP}(»)")
_HIGH_PUNCTUATION = re.compile(f"(?<=[^\\s\x02]){_GAP}([;!?]+)")
_COLON = re.compile(f"(?<=[^\\s\x02]){_GAP}(:)")
_SPACES = re.compile(_SP)
# What may follow punctuation for a missing space to be added: a space, a line end, a closing
# sign; never a letter or digit (10:30, ?q=, C:\).
_ENDS_WORD = re.compile(f"{_TRANSPARENT}*(?:$|[\\s\x02\u00a0\u202f»)\\]\"”…])")


def _after_opening_guillemet(match):
    return "«" + NNBSP + _SPACES.sub("", match.group(1))


def _space_before(space, always=False):
    def replace(match):
        gap, punctuation = match.group(1), match.group(2)
        markers = _SPACES.sub("", gap)
        if len(markers) == len(gap) and not always:  # no space was typed: add one?
            s, start = match.string, match.start()
            if not (s[start - 1].isalpha() and s[start - 1] not in "\x01\x04\x05"):
                return match.group()
            if not _ENDS_WORD.match(s, match.end()):
                return match.group()
            if s.count(LINK_OPEN, 0, start) > s.count(LINK_CLOSE, 0, start):
                return match.group()
        return markers + space + punctuation

    return replace


_QUOTE_OPENERS = set(_SPACE_CHARS) | set(BLOCK + "([{«“‘—–-/")


def _neighbour(s, i, step):
    """The character next to s[i], skipping transparent markers; None at the edges."""
    i += step
    while 0 <= i < len(s) and s[i] in "\x01\x04\x05":
        i += step
    return s[i] if 0 <= i < len(s) else None


def _quotes(s):
    """Straight double quotes that pair up within a block become « » (“ ” when nested)."""
    if '"' not in s:
        return s
    out = list(s)
    stack = []
    for i, char in enumerate(s):
        if char == BLOCK:
            stack.clear()  # unpaired quotes stay straight
        elif char == '"':
            before, after = _neighbour(s, i, -1), _neighbour(s, i, 1)
            opens = before is None or before in _QUOTE_OPENERS
            closes = before is not None and before not in _QUOTE_OPENERS
            followed = after is not None and after not in _SPACE_CHARS and after != BLOCK
            if opens and followed:
                stack.append(i)
            elif closes and stack:
                start = stack.pop()
                if stack:
                    out[start], out[i] = "“", "”"
                else:
                    out[start], out[i] = "«" + NNBSP, NNBSP + "»"
    return "".join(out)
