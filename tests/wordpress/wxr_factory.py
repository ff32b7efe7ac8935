"""WordPress export files written for the tests (the WXR format is public; nothing here is
copied from a real export). `export(...)` returns the XML text; items are dicts whose keys
follow WXR's element names."""

from xml.sax.saxutils import escape

NAMESPACES = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "http://wordpress.org/export/1.2/",
}


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, email="", display_name="", first_name="", last_name="", wp_id=1):
    return (f"<wp:author><wp:author_id>{wp_id}</wp:author_id>"
            f"<wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(display_name or login)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(first_name)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(last_name)}</wp:author_last_name></wp:author>")


def category(slug, name, parent="", description="", wp_id=1):
    return (f"<wp:category><wp:term_id>{wp_id}</wp:term_id>"
            f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name>"
            f"<wp:category_description>{cdata(description)}</wp:category_description></wp:category>")


def tag(slug, name, wp_id=1):
    return (f"<wp:tag><wp:term_id>{wp_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>")


def comment(wp_id, content, author="Lectrice", email="lectrice@example.org", url="",
            ip="203.0.113.7", date="2020-05-02 10:00:00", approved="1", type="", parent=0,
            user_id=0):
    return (f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
            f"<wp:comment_author>{cdata(author)}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>"
            f"<wp:comment_author_url>{escape(url)}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{escape(ip)}</wp:comment_author_IP>"
            f"<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(content)}</wp:comment_content>"
            f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
            f"<wp:comment_type>{cdata(type)}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent>"
            f"<wp:comment_user_id>{user_id}</wp:comment_user_id></wp:comment>")


def item(wp_id, title="", content="", post_type="post", status="publish", slug="",
         creator="redac", date="2020-05-01 09:00:00", excerpt="", link="", guid="", parent=0,
         menu_order=0, sticky=False, terms=(), meta=(), comments=(), attachment_url=""):
    """terms: [(taxonomy, slug, name)]; meta: [(key, value)]; comments: comment(...) strings."""
    parts = [
        f"<title>{escape(title)}</title>",
        f"<link>{escape(link)}</link>",
        f"<pubDate>Fri, 01 May 2020 09:00:00 +0000</pubDate>",
        f"<dc:creator>{cdata(creator)}</dc:creator>",
        f'<guid isPermaLink="false">{escape(guid)}</guid>',
        "<description></description>",
        f"<content:encoded>{cdata(content)}</content:encoded>",
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
        f"<wp:post_id>{wp_id}</wp:post_id>",
        f"<wp:post_date>{cdata(date)}</wp:post_date>",
        f"<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>",
        "<wp:comment_status>open</wp:comment_status>",
        f"<wp:post_name>{cdata(slug)}</wp:post_name>",
        f"<wp:status>{cdata(status)}</wp:status>",
        f"<wp:post_parent>{parent}</wp:post_parent>",
        f"<wp:menu_order>{menu_order}</wp:menu_order>",
        f"<wp:post_type>{cdata(post_type)}</wp:post_type>",
        "<wp:post_password></wp:post_password>",
        f"<wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>",
    ]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>")
    for taxonomy, term_slug, name in terms:
        parts.append(f'<category domain="{taxonomy}" nicename="{escape(term_slug)}">{cdata(name)}</category>')
    for key, value in meta:
        parts.append(f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                     f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>")
    parts.extend(comments)
    return "<item>" + "".join(parts) + "</item>"


def export(items=(), authors=(), terms=(), version="1.2", site="https://ancien.example.fr",
           title="L'Ancien Magazine", prolog=""):
    ns = NAMESPACES[version]
    return (
        f'<?xml version="1.0" encoding="UTF-8" ?>\n{prolog}'
        '<rss version="2.0" xmlns:excerpt="' + ns + 'excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="' + ns + '">\n<channel>\n'
        f"<title>{escape(title)}</title><link>{site}</link><description>Magazine</description>"
        f"<language>fr-FR</language><wp:wxr_version>{version}</wp:wxr_version>"
        f"<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>\n"
        + "\n".join(authors) + "\n" + "\n".join(terms) + "\n"
        + "<generator>https://wordpress.org/?v=6.4</generator>\n"
        + "\n".join(items) + "\n</channel>\n</rss>\n"
    )
