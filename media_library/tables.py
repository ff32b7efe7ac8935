"""Tables in bodies, arranged for reading when the reader HTML is derived (render_body).

- Text lines up under its header: every cell is left-aligned, except the columns whose cells
  are all numbers (amounts, percentages, dates as digits), right-aligned with their header so
  the units line up — marked here with class="num", since CSS cannot tell a number.
- An emoji stays with the word after it (« 🌱 Tomates » never leaves the emoji alone on a line
  in a narrow column on a phone): the space after it becomes unbreakable.

Tables with merged cells (colspan/rowspan) keep every column left-aligned: positions there
are not columns.
"""

import re

import lxml.html

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_NUMBER = re.compile(
    r"[−–+-]?\s?(?:\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?)"
    r"(?:\s?(?:%|‰|€|\$|£|k€|M€|Md€|°C?|km|kg|m²|m|h|min|ans?))?",
    re.I,
)
_EMPTY = {"", "-", "–", "—", "n.c.", "nc", "/"}
_EMOJI_SPACE = re.compile(
    "([\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\u200D"
    "\U0001F3FB-\U0001F3FF\U0001F000-\U0001FAFF]*) ")


def arrange_tables(html):
    if "<table" not in html:
        return html
    return _TABLE.sub(lambda match: _arrange(match.group(0)), html)


def _arrange(source):
    try:
        table = lxml.html.fragment_fromstring(source)
    except (lxml.etree.ParserError, ValueError):
        return source
    rows = table.xpath(".//tr")
    if not rows:
        return source
    for cell in table.xpath(".//td | .//th"):
        _keep_emoji_with_word(cell)
    if not table.xpath(".//*[@colspan or @rowspan]"):
        _mark_number_columns(rows)
    return lxml.html.tostring(table, encoding="unicode")


def _is_header_row(row):
    cells = row.xpath("./td | ./th")
    return row.getparent().tag == "thead" or (cells and all(cell.tag == "th" for cell in cells))


def _mark_number_columns(rows):
    header_rows = [row for row in rows[:1] if _is_header_row(row)]
    header_rows += [row for row in rows[1:] if row.getparent().tag == "thead"]
    body_rows = [row for row in rows if row not in header_rows]
    columns = {}
    for row in body_rows:
        for index, cell in enumerate(row.xpath("./td | ./th")):
            text = " ".join(cell.text_content().split())
            if text.lower() in _EMPTY:
                continue
            numeric = cell.tag == "td" and bool(_NUMBER.fullmatch(text))
            columns[index] = columns.get(index, True) and numeric
    numbers = {index for index, numeric in columns.items() if numeric}
    for row in rows:
        for index, cell in enumerate(row.xpath("./td | ./th")):
            if index in numbers:
                cell.set("class", " ".join(filter(None, [cell.get("class"), "num"])))


def _keep_emoji_with_word(cell):
    for node in [cell, *cell.iterdescendants()]:
        if node.text:
            node.text = _EMOJI_SPACE.sub("\\1\u00a0", node.text)
        if node is not cell and node.tail:
            node.tail = _EMOJI_SPACE.sub("\\1\u00a0", node.tail)
