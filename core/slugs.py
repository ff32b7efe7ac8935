"""Slugs for French titles: "Été à Paris : l'IA revient" -> "ete-a-paris-lia-revient"."""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

# Letters that Unicode does not decompose to ASCII and slugify() would otherwise drop.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def slugify(value):
    return django_slugify(str(value).translate(_LIGATURES))


def fold(value):
    """Accent-folded, case-folded text, for comparing French words: "RÉSEAUX" -> "reseaux".

    Keeps punctuation (unlike slugify), so "C++" and "C#" stay different.
    """
    text = unicodedata.normalize("NFKD", str(value).translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", text.casefold()).strip()


def unique_slug(instance, value, field_name="slug", max_length=None):
    """Slugify `value` (accents folded to ASCII) and make it unique for the model.

    Adds -2, -3… on collision, keeping within the field's max_length.
    """
    model = type(instance)
    max_length = max_length or model._meta.get_field(field_name).max_length
    base = slugify(value)[:max_length].strip("-") or "sans-titre"
    candidate, n = base, 2
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    while others.filter(**{field_name: candidate}).exists():
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        n += 1
    return candidate
