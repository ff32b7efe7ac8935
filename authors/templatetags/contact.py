from django import template

from authors.contact import scramble

register = template.Library()


@register.filter
def scrambled(address):
    """`{{ author.email|scrambled }}`: for the data-contact attribute, never shown as text."""
    return scramble(address) if address else ""
