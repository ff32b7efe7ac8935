"""WordPress bodies become ours: blocks, shortcodes, classic paragraphs, pictures, links."""

from wordpress.content import autop, convert_body


def figure(ref):
    return f'<figure data-image-id="{ref.attachment_id}"><figcaption>{ref.caption}</figcaption></figure>'


def test_classic_posts_get_wordpress_paragraph_rules():
    html = autop("Bonjour\nle monde\n\nDeuxième <em>para</em>\n<ul>\n<li>a</li>\n</ul>\nFin")
    assert html == ("<p>Bonjour<br />\nle monde</p>\n<p>Deuxième <em>para</em></p>\n<ul>\n"
                    "<li>a</li>\n</ul>\n<p>Fin</p>")
    assert convert_body("Un\n\nDeux").html == "<p>Un</p>\n<p>Deux</p>"


def test_a_post_with_paragraphs_is_left_as_written():
    assert convert_body("<p>Un\ndeux</p>").html == "<p>Un\ndeux</p>"


def test_gutenberg_block_comments_go_and_headings_step_down():
    html = ('<!-- wp:heading {"level":1} --><h1>Titre</h1><!-- /wp:heading -->\n'
            '<!-- wp:paragraph --><p>Texte</p><!-- /wp:paragraph -->\n'
            '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div class="wp-block-column">'
            '<p>Colonne</p></div><!-- /wp:column --></div><!-- /wp:columns -->'
            '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->')
    result = convert_body(html).html
    assert "wp:" not in result and "<h1" not in result and "<h2>Titre</h2>" in result
    assert "<p>Colonne</p>" in result and "<hr" in result


def test_embeds_become_a_lone_url_our_pipeline_turns_into_a_player():
    block = ('<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video",'
             '"providerNameSlug":"youtube"} -->\n<figure class="wp-block-embed"><div class="'
             'wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n'
             '<!-- /wp:embed -->')
    assert convert_body(block).html == "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"
    old_block = ('<!-- wp:core-embed/vimeo {"url":"https://vimeo.com/76979871"} --><figure>'
                 'https://vimeo.com/76979871</figure><!-- /wp:core-embed/vimeo -->')
    assert convert_body(old_block).html == "<p>https://vimeo.com/76979871</p>"
    assert convert_body("[embed]https://dai.ly/x8abc[/embed]").html == "<p>https://dai.ly/x8abc</p>"


def test_captions_and_galleries_become_figures():
    html = ('[caption id="attachment_12" align="alignnone" width="300"]<a href="/a.jpg">'
            '<img src="http://ancien.example.fr/wp-content/uploads/a.jpg" alt="Un chat" '
            'class="wp-image-12" /></a> Le chat de la voisine[/caption]\n\n[gallery ids="3,4"]')
    result = convert_body(html, resolve_image=figure)
    assert result.html.count("<figure") == 3
    assert '<figure data-image-id="12"><figcaption>Le chat de la voisine</figcaption></figure>' in result.html
    assert 'data-image-id="3"' in result.html and 'data-image-id="4"' in result.html


def test_a_gallery_without_ids_shows_the_pictures_attached_to_the_post():
    result = convert_body("[gallery]", resolve_image=figure, attachments_of_post=[7, 8])
    assert 'data-image-id="7"' in result.html and 'data-image-id="8"' in result.html


def test_pictures_that_could_not_be_imported_are_dropped_and_reported_never_hotlinked():
    html = ('<!-- wp:image {"id":9} --><figure class="wp-block-image"><img src="http://x/a.jpg" '
            'alt="A" class="wp-image-9"/><figcaption>Légende</figcaption></figure><!-- /wp:image -->'
            '<p>Avant <img src="http://ailleurs.example/b.png"> après</p>')
    result = convert_body(html, resolve_image=lambda ref: None)
    assert "<img" not in result.html and "Légende" not in result.html
    assert "<p>Avant  après</p>" in result.html
    assert result.missing_images == ["http://x/a.jpg", "http://ailleurs.example/b.png"]


def test_image_refs_carry_alt_caption_and_attachment():
    seen = []
    convert_body('<figure class="wp-block-image"><img src="a.jpg" alt="Texte alt" '
                 'class="size-large wp-image-42"/><figcaption>Ma légende</figcaption></figure>',
                 resolve_image=lambda ref: seen.append(ref) or "<p>ok</p>")
    assert (seen[0].attachment_id, seen[0].alt, seen[0].caption, seen[0].src) == (
        42, "Texte alt", "Ma légende", "a.jpg")


def test_unknown_shortcodes_are_removed_and_reported_text_in_brackets_is_not():
    result = convert_body('<p>Il a dit [sic] et [1]. [su_box title="Info"]Encadré[/su_box] '
                          '[contact-form-7 id="5"] [vc_row][vc_column]Col[/vc_column][/vc_row]</p>')
    assert result.html == "<p>Il a dit [sic] et [1]. Encadré  Col</p>"
    assert result.unknown_shortcodes == ["su_box", "contact-form-7", "vc_row", "vc_column"]


def test_links_to_the_old_site_are_rewritten():
    result = convert_body('<p><a href="https://ancien.example.fr/?p=5">lien</a> '
                          '<a href="https://ailleurs.example/">autre</a></p>',
                          resolve_link=lambda href: "/articles/nouveau/" if "p=5" in href else None)
    assert result.html == ('<p><a href="/articles/nouveau/">lien</a> '
                           '<a href="https://ailleurs.example/">autre</a></p>')


def test_hostile_html_is_left_to_our_sanitizer_but_never_breaks_conversion():
    result = convert_body('<p onclick="x()">a<script>alert(1)</script></p><img src=x onerror=alert(1)>'
                          '[caption]<svg onload=alert(1)>[/caption]</p></div>')
    assert "onerror" not in result.html  # the unimportable picture went
    assert result.missing_images == ["x"]


def test_a_gallery_block_becomes_one_figure_per_picture():
    html = ('<!-- wp:gallery {"ids":[5,6]} --><figure class="wp-block-gallery columns-2">'
            '<ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img src="a.jpg" '
            'class="wp-image-5"/></figure></li><li class="blocks-gallery-item"><figure><img src="b.jpg" '
            'class="wp-image-6"/></figure></li></ul><figcaption>Deux photos</figcaption></figure>'
            '<!-- /wp:gallery -->')
    result = convert_body(html, resolve_image=figure).html
    assert result.count("<figure") == 2 and "<ul" not in result and "<li" not in result
    assert 'data-image-id="5"' in result and 'data-image-id="6"' in result


def test_lists_quotes_tables_and_separators_pass_through():
    html = ('<!-- wp:list --><ul><li>Un</li><li>Deux</li></ul><!-- /wp:list -->'
            '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Citation</p><cite>Auteur</cite>'
            '</blockquote><!-- /wp:quote -->'
            '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>1</td></tr></tbody>'
            '</table></figure><!-- /wp:table --><!-- wp:separator --><hr/><!-- /wp:separator -->')
    result = convert_body(html).html
    for fragment in ("<ul><li>Un</li><li>Deux</li></ul>", "<p>Citation</p>", "<td>1</td>", "<hr>"):
        assert fragment in result
