"""« Partagez maintenant »: plain links to each network's share page.

No script, image or frame from another host is ever loaded: the reader's browser contacts a
network only if they click its link.
"""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def share_links(url, title):
    """[(network key, label, href)] for an article's canonical `url` and `title`."""
    text = f"{title} {url}"
    return [
        ("facebook", "Facebook",
         "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("linkedin", "LinkedIn",
         "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("bluesky", "Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        # mailto: wants %20 for spaces, not "+" (RFC 6068).
        ("email", _("E-mail"), "mailto:?subject={}&body={}".format(
            quote(title, safe=""), quote(_("À lire : %(title)s\n%(url)s") % {"title": title, "url": url}, safe=""),
        )),
    ]
