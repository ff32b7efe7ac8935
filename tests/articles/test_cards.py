"""`{% card %}` and `{% byline %}` (articles/templatetags/cards.py) write their HTML in Python
for speed: the same bytes as the templates they replaced (below, as they were, without the
fragment around the card), for every kind of card, in both languages, with hostile text."""

import itertools
from datetime import datetime, timezone as dt_timezone
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import translation

from articles.templatetags.cards import byline_html, card_html
from core.urls import slug_url

BYLINE = (
    '{% load dates i18n images typography %}<p class="byline">{% if photos %}<span class="byline__photos">{% for author in article.ordered_authors %}{% if author.portrait %}{% picture author.portrait author.portrait_renditions "portrait" sizes="2.25rem" css_class="byline__photo" %}{% endif %}{% endfor %}</span>{% endif %}<span class="byline__text"><span class="byline__names">{% translate "Par" %} {% for author in article.ordered_authors %}{% if not forloop.first %}{% if forloop.last %} {% translate "et" %} {% else %}, {% endif %}{% endif %}<a href="{{ author.get_absolute_url }}" rel="author">{{ author.name|typo }}</a>{% endfor %}</span>\n'
    '<span class="byline__when">{% if article.published_at %}<time datetime="{{ article.published_at|date:"Y-m-d\\TH:i:sO" }}">{{ article.published_at|date:"j F Y" }}</time>{% endif %}{% if photos %}<span class="byline__reading">{% blocktranslate count minutes=article.reading_minutes %}{{ minutes }} min de lecture{% plural %}{{ minutes }} min de lecture{% endblocktranslate %}</span>{% endif %}</span></span></p>\n'
)
CARD = (
    '{% load i18n images typography %}\n'
    '{% with url=article.get_absolute_url level=h|default:3 %}<article class="card{% if is_lead %} card--lead{% elif is_compact %} card--compact{% endif %}">\n'
    '  <div class="card__body">\n'
    '    {% if article.section and not hide_section %}<p class="card__section"><a href="{{ article.section.get_absolute_url }}">{{ article.section.name|typo }}</a></p>{% endif %}\n'
    '    <h{{ level }} class="card__title"><a href="{{ url }}">{{ article.title|typo }}</a></h{{ level }}>\n'
    '    {% if article.standfirst %}<p class="card__standfirst">{{ article.standfirst|truncatewords:40|typo }}</p>{% endif %}\n'
    '    {% include "byline" with photos=False %}\n'
    '    {% if article.comment_count %}<p class="card__comments"><a href="{{ url }}#avis">{% blocktranslate count counter=article.comment_count %}{{ counter }} avis{% plural %}{{ counter }} avis{% endblocktranslate %}</a></p>{% endif %}\n'
    '  </div>\n'
    '  {% if article.cover_image %}<div class="card__media">{% if is_lead %}{% picture article.cover_image article.cover_renditions "card" alt=article.cover_alt sizes="(min-width: 75rem) 42rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)" priority=True %}{% elif is_compact %}{% picture article.cover_image article.cover_renditions "card" alt=article.cover_alt sizes="(min-width: 40rem) 6.5rem, 7.5rem" %}{% else %}{% picture article.cover_image article.cover_renditions "card" alt=article.cover_alt sizes="(min-width: 75rem) 22rem, (min-width: 64rem) 30vw, (min-width: 40rem) 45vw, 7.5rem" %}{% endif %}</div>{% endif %}\n'
    '</article>{% endwith %}\n'
)


class Stored:
    def __init__(self, name):
        self.name, self.storage = name, FileSystemStorage(base_url="/media/")

    def __bool__(self):
        return bool(self.name)


def renditions(name, spec):
    def files(ext):
        return [{"name": f"{name}-{width}.{ext}", "width": width} for width in (400, 800)]
    return {"width": 1600, "height": 900,
            "specs": {spec: {"width": 800, "height": 533, "jpeg": files("jpg"), "webp": files("webp")}}}


class Thing(SimpleNamespace):
    def get_absolute_url(self):
        return slug_url(self.viewname, self.slug)


NAMES = ["Camille Durand", "Léa <b>Martin</b> & « Co »", 'Jean "Jo" O\'Brien']


def author(n, portrait):
    name = f"portraits/a{n}.jpg" if portrait else ""
    return Thing(viewname="articles:author", slug=f"auteur-{n}", name=NAMES[n % len(NAMES)],
                 portrait=Stored(name),
                 portrait_renditions=renditions(name, "portrait") if portrait else None)


def article(*, authors, section, cover, comments, standfirst, published, title, slug):
    ville = Thing(viewname="articles:section", slug="ville", name="Ville : l'été") if section else None
    name = "covers/une.jpg" if cover else ""
    fields = dict(
        viewname="articles:detail", slug=slug, title=title, section=ville,
        standfirst=standfirst, ordered_authors=authors, reading_minutes=len(authors) + 1,
        published_at=datetime(2026, 3, 29, 0, 30, tzinfo=dt_timezone.utc) if published else None,
        cover_image=Stored(name), cover_renditions=renditions(name, "card") if cover else None,
        cover_alt='Des "toits" & <jardins>')
    if comments is not None:
        fields["comment_count"] = comments
    return Thing(**fields)


ARTICLES = [
    article(authors=[author(n, portrait=n % 2 == 0) for n in range(count)], section=section,
            cover=cover, comments=comments, standfirst=standfirst, published=published,
            title=title, slug=slug)
    for count, section, cover, comments, standfirst, published, title, slug in [
        (0, True, True, None, "", True, "Les toits", "les-toits"),
        (1, False, False, 0, "Court.", True, "« Été » à <Paris> & 'ailleurs'", "ete-a-paris"),
        (2, True, False, 1, " ".join(f"mot{n}" for n in range(60)), False, "Deux", "deux"),
        (3, True, True, 12, "Un chapô : avec des « guillemets » ?", True, "Trois", "trois"),
        (2, True, True, 1234, "x", True, "Mille", "Slug_9-x"),
        (1, True, False, 2, " ".join(f"m{n}" for n in range(40)) + "\n\t", True, "Quarante", "q"),
        (1, True, False, 3, " ".join(["mot"] * 39 + ["…"] + ["reste"] * 5), True, "Coupé", "c"),
    ]
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/rubrique/ville/", "/auteurs/camille-durand/", "/en/"])
def test_cards_are_the_same_drawn_or_found_again(client, settings, url):
    """Lists draw their cards with fragments off (every part drawn on each request), and find
    them again with fragments on: the same page either way, and cards as HTML, not text."""
    from ..conftest import clear_caches, make_article, make_author, make_section

    settings.PAGE_CACHE_SECONDS = 0
    city, camille = make_section("Ville"), make_author("Camille Durand")
    for n in range(3):
        make_article(f"Jardin « {n} »", section=city, authors=[camille])
    pages = []
    for seconds in (0, 300, 300):  # drawn, then drawn and stored, then found again
        settings.FRAGMENT_CACHE_SECONDS = seconds
        pages.append(client.get(url).content.decode())
    clear_caches()
    assert pages[0] == pages[1] == pages[2]
    assert pages[0].count('<article class="card') >= 3 and "&lt;article" not in pages[0]


@pytest.fixture
def engine_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "OPTIONS": {
        **{k: v for k, v in settings.TEMPLATES[0]["OPTIONS"].items() if k != "loaders"},
        "loaders": [("django.template.loaders.locmem.Loader", {"byline": BYLINE, "card": CARD})],
    }}]


def reference(name, **context):
    from django.template import engines
    return engines["django"].get_template(name).render(context)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_card_is_the_templates_card(engine_templates, language):
    variants = [dict(zip(("h", "is_lead", "is_compact", "hide_section"), values))
                for values in itertools.product((None, 2), (False, True), (False, True), (False, True))]
    with translation.override(language):
        for item, variant in itertools.product(ARTICLES, variants):
            ours = card_html(item, variant["h"] or 3, variant["is_lead"], variant["is_compact"],
                             variant["hide_section"])
            assert ours == reference("card", article=item, **variant), (item.title, variant)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_byline_is_the_templates_byline(engine_templates, language):
    with translation.override(language):
        for item, photos in itertools.product(ARTICLES, (False, True)):
            assert byline_html(item, photos) == reference("byline", article=item, photos=photos)


def test_a_byline_reads_as_french(db):
    item = ARTICLES[3]
    with translation.override("fr"):
        html = byline_html(item)
    assert "Par <a" in html and "</a>, <a" in html and "</a> et <a" in html
    assert 'datetime="2026-03-29T01:30:00+0100"' in html and ">29 mars 2026</time>" in html
    assert "Léa &lt;b&gt;Martin&lt;/b&gt; &amp;" in html  # a name is text, never markup
