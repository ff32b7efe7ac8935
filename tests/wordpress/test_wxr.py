"""Reading WordPress exports: every WXR version, streamed, and hostile files refused."""

import io
import tracemalloc

import pytest

from wordpress.wxr import Author, ExportError, Item, Site, Term, read_export

from . import wxr_factory as wxr


def read(text):
    return list(read_export(io.BytesIO(text.encode() if isinstance(text, str) else text)))


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_reads_the_same(version):
    text = wxr.export(
        version=version,
        authors=[wxr.author("marie", "marie@example.org", "Marie Curie", "Marie", "Curie", 2)],
        terms=[wxr.category("societe", "Société", wp_id=3), wxr.tag("ecologie", "Écologie", 4)],
        items=[wxr.item(
            10, "Un titre « à la une »", "<p>Le texte</p>", slug="un-titre", creator="marie",
            excerpt="Le chapô", link="https://ancien.example.fr/2020/05/un-titre/",
            guid="https://ancien.example.fr/?p=10", sticky=True,
            terms=[("category", "societe", "Société"), ("post_tag", "ecologie", "Écologie")],
            meta=[("_wp_old_slug", "ancien-titre"), ("_wp_old_slug", "tres-ancien"),
                  ("_kksr_ratings", "138"), ("_kksr_casts", "30")],
            comments=[wxr.comment(7, "Bravo", parent=0), wxr.comment(8, "Merci", parent=7)],
        )],
    )
    site, marie, societe, ecologie, post = read(text)
    assert isinstance(site, Site) and site.wxr_version == version
    assert site.base_site_url == "https://ancien.example.fr" and site.title == "L'Ancien Magazine"
    assert isinstance(marie, Author) and (marie.login, marie.email, marie.display_name) == (
        "marie", "marie@example.org", "Marie Curie")
    assert isinstance(societe, Term) and (societe.taxonomy, societe.slug, societe.name) == (
        "category", "societe", "Société")
    assert (ecologie.taxonomy, ecologie.name) == ("post_tag", "Écologie")
    assert isinstance(post, Item)
    assert (post.wp_id, post.post_type, post.status, post.slug, post.creator) == (
        10, "post", "publish", "un-titre", "marie")
    assert post.title == "Un titre « à la une »" and post.excerpt == "Le chapô"
    assert post.content == "<p>Le texte</p>" and post.sticky
    assert post.date_gmt.isoformat() == "2020-05-01T09:00:00+00:00"
    assert post.meta["_wp_old_slug"] == ["ancien-titre", "tres-ancien"]
    assert post.meta_value("_kksr_casts") == "30"
    assert [(c.wp_id, c.parent, c.content) for c in post.comments] == [(7, 0, "Bravo"), (8, 7, "Merci")]
    assert post.comments[0].author_ip == "203.0.113.7"
    assert ("post_tag", "ecologie", "Écologie") in post.terms
    assert "article 10 « Un titre « à la une » »" in post.describe()


def test_a_body_keeps_its_line_breaks_and_cdata_ends():
    content = "Première ligne\nseconde\n\nNouveau paragraphe ]]> fin"
    *_, post = read(wxr.export(items=[wxr.item(1, "T", content)]))
    assert post.content == content


def test_zero_dates_are_no_dates():
    *_, post = read(wxr.export(items=[wxr.item(1, "T", date="0000-00-00 00:00:00")]))
    assert post.date_gmt is None


@pytest.mark.parametrize("text, message", [
    ("", "vide"),
    ("<html><body>Bonjour</body></html>", "n'est pas un export WordPress"),
    ('<?xml version="1.0"?><rss><channel><title>x</title><item><title>y</title></item></channel></rss>',
     "version WXR"),
])
def test_what_is_not_a_wordpress_export_is_refused(text, message):
    with pytest.raises(ExportError, match=message):
        read(text)


def test_a_truncated_file_is_refused_with_its_line():
    text = wxr.export(items=[wxr.item(i, f"Article {i}", "<p>x</p>") for i in range(5)])
    with pytest.raises(ExportError, match=r"tronqué \(ligne \d+\)"):
        read(text[: len(text) // 2])


def test_entity_bombs_and_external_entities_are_refused():
    bomb = ('<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')
    with pytest.raises(ExportError, match="DTD"):
        read(wxr.export(items=[wxr.item(1, "&c;")], prolog=bomb))
    external = '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    with pytest.raises(ExportError, match="DTD"):
        read(wxr.export(items=[wxr.item(1, "&x;")], prolog=external))


def test_the_file_is_streamed_not_loaded():
    """Memory stays that of one item however many items the file has."""
    body = "<p>" + "Un paragraphe de texte assez long. " * 300 + "</p>"

    def peak(count):
        text = wxr.export(items=[wxr.item(i, f"Article {i}", body) for i in range(count)]).encode()
        tracemalloc.start()
        for _ in read_export(io.BytesIO(text)):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak, len(text)

    small, _ = peak(50)
    large, size = peak(1000)
    assert large < small * 2 and large < size / 5
