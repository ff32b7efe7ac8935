"""The rich-text body in the admin: what the editor offers, and what the server keeps."""

import json
import re

import pytest

from articles.models import Article

from ..conftest import make_article
from ..newsroom_helpers import change_url, form_data, make_journalist, reload

pytestmark = pytest.mark.django_db

# What a word processor puts on the clipboard (Word / LibreOffice style).
WORD_PASTE = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head>
<body lang=FR style='tab-interval:35.4pt'>
<!--StartFragment-->
<h2 class=MsoHeading2 style='mso-outline-level:2'><span style='font-family:"Calibri Light"'>Un intertitre<o:p></o:p></span></h2>
<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><span style='font-size:12.0pt;color:#1F3864'>Un
<b style='mso-bidi-font-weight:normal'>mot fort</b> et un <i>mot penché</i>, avec un
<a href="https://example.org/source" style='color:blue'>lien</a>.<o:p></o:p></span></p>
<ul style='margin-top:0cm' type=disc>
 <li class=MsoNormal style='mso-list:l0 level1 lfo1'><span lang=FR>Premier point<o:p></o:p></span></li>
 <li class=MsoNormal style='mso-list:l0 level1 lfo1'>Second point</li>
</ul>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>
 <tr style='mso-yfti-irow:0'><td width=302 valign=top style='width:226.55pt'><p class=MsoNormal>Ville</p></td>
 <td width=302 valign=top><p class=MsoNormal>Ruches</p></td></tr>
 <tr><td><p class=MsoNormal>Lyon</p></td><td><p class=MsoNormal>120</p></td></tr>
</table>
<p class=MsoNormal><font face="Times New Roman"><span style='mso-spacerun:yes'>&nbsp;</span></font></p>
<blockquote><p>Une citation.</p></blockquote>
<img src="file:///C:/Users/x/AppData/image001.png" width=100 height=100>
<script>alert(1)</script>
<p onclick="alert(2)">Fin.</p>
<!--EndFragment-->
</body></html>
"""


def test_admin_offers_the_magazine_toolset(client):
    journalist = make_journalist()
    article = make_article(status=Article.Status.DRAFT, authors=[journalist.author])
    client.force_login(journalist)
    page = client.get(change_url(article)).content.decode()
    raw = re.search(r'data-django-prose-editor-configurable="([^"]+)"', page).group(1)
    config = json.loads(raw.replace("&quot;", '"'))
    extensions = config["extensions"]
    assert extensions["Heading"] == {"levels": [2, 3, 4]}
    for name in ["Bold", "Italic", "Link", "BulletList", "OrderedList", "ListItem", "Blockquote",
                 "Table", "TableRow", "TableHeader", "TableCell", "HorizontalRule"]:
        assert extensions.get(name), name


def test_pasted_word_processor_html_keeps_structure_and_drops_junk(client):
    journalist = make_journalist()
    article = make_article(status=Article.Status.DRAFT, authors=[journalist.author])
    client.force_login(journalist)
    response = client.post(change_url(article), form_data(article, body=WORD_PASTE))
    assert response.status_code == 302
    body = reload(article).body

    # Structure kept.
    assert "<h2>Un intertitre</h2>" in body
    # <b>/<i> become <strong>/<em> on the server too, whatever sent them.
    assert "Un\n<strong>mot fort</strong> et un <em>mot penché</em>, avec un" in body
    assert '<a href="https://example.org/source">lien</a>' in body
    assert re.search(r"<ul>\s*<li>Premier point</li>\s*<li>Second point</li>\s*</ul>", body)
    assert "<td><p>Lyon</p></td><td><p>120</p></td>" in body
    assert "<blockquote><p>Une citation.</p></blockquote>" in body

    # Junk dropped.
    for junk in ["style=", "class=", "Mso", "mso-", "<span", "<font", "o:p", "<img", "file:", "<b>", "<b ", "<i>",
                 "<script", "alert", "onclick", "width=", "<!--", "<html", "<body", "<style"]:
        assert junk not in body, junk
    assert "Fin." in body


def test_sanitizer_runs_whatever_sends_the_body():
    article = make_article(body='<p style="color:red" onmouseover="x()">Texte</p><iframe src="https://evil.example"></iframe>')
    assert reload(article).body == "<p>Texte</p>"
