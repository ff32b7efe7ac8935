"""Numbers typed into a query string, a form or a path. ASCII digits only (str.isdigit()
accepts "²" and "٣", which int() refuses or reads as something else) and bounded (no database
column holds 10**23, and SQLite raises OverflowError past 64 bits)."""

import re

DIGITS = re.compile(r"[0-9]+")
LARGEST_ID = 2**63 - 1  # a BigAutoField's largest value


def page_number(value, maximum):
    """A page number from 1 to `maximum`; 1 for anything that is not one."""
    value = (value or "").strip()
    if not DIGITS.fullmatch(value):
        return 1
    return min(max(int(value[:19]), 1), maximum) if len(value) <= 19 else maximum


def object_id(value):
    """A primary key a row may have, or None."""
    value = (value or "").strip()
    if not DIGITS.fullmatch(value) or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= LARGEST_ID else None
