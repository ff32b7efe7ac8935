"""An author's contact address that works for readers but not for address harvesters.

Why this way: harvesters fetch pages and grep them for `mailto:` and `…@…`; very few run
JavaScript or submit forms. So the address never appears in a page's HTML:

- the bio box links to a small contact page (/auteurs/<slug>/contact/). Without JavaScript the
  reader presses "Afficher l'adresse", a POST protected by CSRF and rate-limited per (hashed)
  IP address, and gets the address as a normal mailto link;
- the same link carries the address scrambled in `data-contact` (UTF-8, reversed, base64).
  static/js/site.js unscrambles it and turns the link into a plain `mailto:` link, so with
  JavaScript one click opens the mail program. No request, nothing to wait for, and article
  pages stay identical for every reader (the full-page cache needs that).

Scrambling is not encryption: a determined scraper can undo it. It removes the address from
what bulk harvesters collect, which is the realistic threat, at no cost to readers.
"""

import base64

# POSTs to reveal addresses allowed per reader IP hash per hour: plenty for a person,
# useless for walking through every author of the newsroom in bulk.
REVEAL_LIMIT = 20
REVEAL_WINDOW_SECONDS = 3600


def scramble(address):
    """The address as site.js expects it in `data-contact`: base64 of the reversed UTF-8."""
    return base64.b64encode(address[::-1].encode()).decode("ascii")


def unscramble(token):
    return base64.b64decode(token).decode()[::-1]
