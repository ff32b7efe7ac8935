"""`{% load seo %}`: serialising the JSON-LD that articles/seo.py builds."""

from django import template

from articles import seo

register = template.Library()


@register.filter
def jsonld(data):
    """`<script type="application/ld+json">{{ data|jsonld }}</script>`: `<`, `>`, `&` escaped."""
    return seo.jsonld(data)
