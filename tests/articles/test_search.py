"""Search (/recherche/?q=): published articles only, accents folded, French stemming, ranked
with the title first, highlighted excerpts, any input safe.

The same tests run on SQLite (FTS5 over stems computed in Python) and on PostgreSQL (its
full-text search, CI's PostgreSQL pass); those marked `postgresql_only` check what only
PostgreSQL has (websearch syntax, the GIN index, the ranking window), `sqlite_only` the FTS5
table itself.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time

from articles import search
from articles.models import Article, Tag

from ..conftest import COUNTER_READS, make_article

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (runs in CI's PostgreSQL pass)",
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")


def results(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response, response.content.decode()


def spaced(html):
    """The page's text with French typography's no-break spaces as plain ones."""
    return html.replace("\u202f", " ").replace("\xa0", " ")


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_search_box_is_in_every_page_header_and_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert ('<form class="search-form" role="search" aria-label="Rechercher dans le magazine" '
            'action="/recherche/" method="get">') in html  # named: the search page has a second search form
    assert '<label class="search-form__label visually-hidden" for="recherche-q">Rechercher un article</label>' in html
    assert 'name="q"' in html


def test_accents_and_case_do_not_matter(client):
    make_article("Les ingénieurs du métro", standfirst="Une équipe à Lyon.")
    make_article("Autre sujet", standfirst="Rien à voir.")
    for query in ["ingenieurs", "INGÉNIEURS", "Ingénieurs métro", "metro"]:
        response, _ = results(client, query)
        assert titles(response) == ["Les ingénieurs du métro"], query


def test_words_in_title_standfirst_body_and_tags_are_found(client):
    make_article("Titre potager", standfirst="Chapô banal.", body="<p>Corps banal.</p>")
    make_article("Titre deux", standfirst="Un chapô sur les abeilles.")
    make_article("Titre trois", body="<p>Un texte sur la <strong>photosynthèse</strong>.</p>")
    make_article("Titre quatre", tags=["Astronomie"])
    for query, title in [("potager", "Titre potager"), ("abeilles", "Titre deux"),
                         ("photosynthese", "Titre trois"), ("astronomie", "Titre quatre")]:
        response, _ = results(client, query)
        assert titles(response) == [title], query


def test_only_published_articles_are_found(client):
    make_article("Publié tournesol")
    make_article("Brouillon tournesol", status=Article.Status.DRAFT)
    make_article("Relecture tournesol", status=Article.Status.REVIEW)
    make_article("Archivé tournesol", status=Article.Status.ARCHIVED)
    from datetime import timedelta

    from django.utils import timezone
    make_article("Programmé tournesol", published_at=timezone.now() + timedelta(days=1))
    response, _ = results(client, "tournesol")
    assert titles(response) == ["Publié tournesol"]


def test_tag_changes_and_renames_reach_the_index(client, django_capture_on_commit_callbacks):
    """The index follows tag changes, and so does the page cache (callbacks run at commit)."""
    article = make_article("Un article")
    assert titles(results(client, "ornithologie")[0]) == []
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add("Ornithologie")
    assert titles(results(client, "ornithologie")[0]) == ["Un article"]
    tag = Tag.objects.get(name="Ornithologie")
    tag.name = "Oiseaux"
    with django_capture_on_commit_callbacks(execute=True):
        tag.save()
    assert titles(results(client, "oiseaux")[0]) == ["Un article"]
    assert titles(results(client, "ornithologie")[0]) == []
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.clear()
    assert titles(results(client, "oiseaux")[0]) == []


def test_edits_reach_the_index(client, django_capture_on_commit_callbacks):
    article = make_article("Ancien titre")
    article.title = "Nouveau titre cerf-volant"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert titles(results(client, "cerf-volant")[0]) == ["Nouveau titre cerf-volant"]
    assert titles(results(client, "ancien")[0]) == []


def test_excerpt_highlights_matches_and_escapes_the_rest(client):
    make_article("Le <script> du jardin", standfirst="Les <b>jardins</b> & le jardinage.")
    response, html = results(client, "jardin")
    assert "<mark>" in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert "&lt;script&gt;" in html
    assert "<b>" not in html  # escaped (SQLite) or read as a tag and dropped (PostgreSQL)


@pytest.mark.parametrize("query", [
    "", "   ", "!!!", "?;:«»", "'", "\"", "-", "&", "\x00", "abc\x00def", "a" * 10_000,
    "mot " * 3000, "' OR 1=1 --", "<script>alert(1)</script>", "🎉", "\u202e", "()&|!:*",
])
def test_any_query_gets_a_friendly_page(client, query):
    make_article("Un article publié")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recherche" in html
    assert "<script>alert(1)</script>" not in html
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH


def test_empty_and_wordless_queries_explain_what_to_do(client):
    _, html = results(client, "")
    assert "Tapez un ou plusieurs mots" in html
    _, html = results(client, "?!")
    assert "Cette recherche ne contient aucun mot" in html
    _, html = results(client, "introuvablissime")
    assert "Aucun article ne correspond à « introuvablissime »" in spaced(html)


@override_settings(ARTICLES_PER_PAGE=2)
def test_results_are_paginated_and_pages_keep_the_query(client):
    for i in range(5):
        make_article(f"Marmotte {i}")
    response, html = results(client, "marmotte")
    assert response.context["paginator"].count == 5
    assert "5 articles trouvés pour « marmotte »" in spaced(html)
    assert 'href="?q=marmotte&amp;page=2"' in html
    response, _ = results(client, "marmotte", page=3)
    assert len(titles(response)) == 1
    assert titles(results(client, "marmotte", page="last")[0]) == titles(response)
    for beyond in ("4", "99", "0", "dernière"):
        assert client.get("/recherche/", {"q": "marmotte", "page": beyond}).status_code == 404


def test_search_pages_are_not_indexed(client):
    _, html = results(client, "x")
    assert '<meta name="robots" content="noindex, follow">' in html
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /recherche/" in robots


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for i in range(12):
        make_article(f"Castor {i}")
    # The first search after a change also reads the page-cache counters it lacks, the
    # footer's pages (a fragment, then cached) and, a search having a query string, which
    # paths have query-string redirects (once per process and change: redirects/lookup.py).
    with django_assert_max_num_queries(6 + COUNTER_READS + 2):
        client.get("/recherche/", {"q": "castor"})
    with django_assert_max_num_queries(6):
        client.get("/recherche/", {"q": "castor", "page": 1})


# --- PostgreSQL only ------------------------------------------------------------------------


def test_french_words_are_stemmed(client):
    make_article("Les chevaux de trait reviennent", standfirst="Dans les vignes.")
    make_article("Des potagers sur les toits")
    assert titles(results(client, "cheval")[0]) == ["Les chevaux de trait reviennent"]
    assert titles(results(client, "potager")[0]) == ["Des potagers sur les toits"]
    assert titles(results(client, "ingenieur vignes")[0]) == []
    assert titles(results(client, "trait reviennent")[0]) == ["Les chevaux de trait reviennent"]


def test_plural_and_singular_find_the_same_articles(client):
    make_article("Un potager sur le toit")
    make_article("Les potagers partagés", standfirst="Des jardins en ville.")
    make_article("Autre chose", body="<p>Visite de trois potagers.</p>")
    make_article("Une ville sans jardin", body="<p>Des pots sur le balcon.</p>")
    expected = {"Un potager sur le toit", "Les potagers partagés", "Autre chose"}
    for query in ["potager", "potagers", "POTAGERS", "Potager"]:
        assert set(titles(results(client, query)[0])) == expected, query
    assert titles(results(client, "jardin")[0]) == titles(results(client, "jardins")[0])


def test_accents_are_folded_before_stemming(client):
    make_article("Portrait", body="<p>Les ingénieurs écologues arrivent.</p>")
    assert titles(results(client, "ingenieur")[0]) == ["Portrait"]
    assert titles(results(client, "ÉCOLOGUE")[0]) == ["Portrait"]
    assert titles(results(client, "Œuvre")[0]) == []


def test_a_title_match_comes_first(client):
    make_article("Un été au bord de la mer", body="<p>La ville est loin, en été.</p>")
    make_article("Vivre en ville", body="<p>Chaque été, en ville, il fait chaud.</p>")
    make_article("Été en ville")
    make_article("La canicule", standfirst="Un été en ville, sans arbres ni ombre.")
    for query in ["ete en ville", "Été en ville", "ÉTÉ EN VILLE", "ete ville"]:
        assert titles(results(client, query)[0])[0] == "Été en ville", query


def test_ranks_title_over_standfirst_over_body_over_tags(client):
    make_article("Dans les tags", tags=["Luciole"])
    make_article("Dans le corps", body="<p>Une luciole passe.</p>")
    make_article("Dans le chapô", standfirst="Une luciole.")
    make_article("La luciole au titre")
    response, html = results(client, "luciole")
    assert titles(response) == ["La luciole au titre", "Dans le chapô", "Dans le corps", "Dans les tags"]
    assert "<mark>luciole</mark>" in html.lower()


@postgresql_only
def test_postgresql_websearch_syntax(client):
    make_article("Les chevaux de trait reviennent", standfirst="Dans les vignes.")
    # websearch syntax: phrases and exclusions.
    assert titles(results(client, '"trait reviennent"')[0]) == ["Les chevaux de trait reviennent"]
    assert titles(results(client, "chevaux -vignes")[0]) == []


@postgresql_only
def test_postgresql_search_uses_the_gin_index():
    """With thousands of published articles, a rare word is found through the GIN index."""
    from django.db import connection as conn

    section = make_article("Le cormoran pêcheur").section
    Article.objects.bulk_create(
        Article(title=f"Brève {n}", slug=f"breve-{n}", standfirst="Chapô.", body="<p>Texte.</p>",
                section=section, status=Article.Status.PUBLISHED, published_at=section_time())
        for n in range(3000)
    )
    search.index_articles(list(Article.objects.values_list("pk", flat=True)))
    with conn.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_gin'")
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        # What autovacuum does in production: merge GIN's pending list, refresh statistics.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_gin'::regclass)")
        cursor.execute("ANALYZE articles_article")
        # A test table stays small enough for a sequential scan to look as cheap; between the
        # indexes, the planner must pick the GIN one (the benchmark measures 100k articles).
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.search_articles("cormoran").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_vector_gin" in plan, plan


@postgresql_only
@override_settings(SEARCH_WINDOW=4, ARTICLES_PER_PAGE=2)
def test_postgresql_ranks_a_common_word_among_the_newest_articles(client):
    from datetime import timedelta

    from django.utils import timezone
    now = timezone.now()
    make_article("Le héron, encore le héron", body="<p>Une cigogne aussi.</p>",
                 published_at=now - timedelta(days=30))
    for hours in (3, 2, 1):
        make_article(f"Brève de {hours} h", body="<p>Un héron passe.</p>",
                     published_at=now - timedelta(hours=hours))
    make_article("Sans oiseau", published_at=now - timedelta(minutes=5))
    # "héron" fills a page among the 4 newest articles: ranked there, the old one left out.
    response, _ = results(client, "héron")
    assert response.context["paginator"].count == 3
    assert "Le héron, encore le héron" not in titles(response)
    # Its pages stay among those 3: the second holds the third, the third does not exist.
    response, _ = results(client, "héron", page=2)
    assert response.context["paginator"].count == 3 and len(titles(response)) == 1
    assert client.get("/recherche/", {"q": "héron", "page": 3}).status_code == 404
    # "cigogne" does not: searched everywhere, the old article is found.
    assert titles(results(client, "cigogne")[0]) == ["Le héron, encore le héron"]
    assert client.get("/recherche/", {"q": "cigogne", "page": 2}).status_code == 404
    # Two newer articles push two of the three « héron passe » out of the window: the one
    # left there does not fill a page, so all three are found, over two pages.
    for minutes in (4, 3):
        make_article(f"Sans oiseau ({minutes})", published_at=now - timedelta(minutes=minutes))
    response, _ = results(client, "passe", page=2)
    assert response.context["paginator"].count == 3 and len(titles(response)) == 1


def section_time():
    from datetime import timedelta

    from django.utils import timezone
    return timezone.now() - timedelta(days=1)


def test_the_search_page_itself_may_be_indexed_but_not_its_results(client):
    html = client.get("/recherche/").content.decode()
    assert "noindex" not in html
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /recherche/?\n" in robots and "Disallow: /recherche/\n" not in robots


# --- Excerpts, the index kept in sync, hostile queries: both databases ------------------------


def excerpts(response):
    return [str(article.search_excerpt) for article in response.context["articles"]]


def test_excerpts_come_from_the_text_readers_read(client):
    make_article("Jardins", standfirst="Pourquoi des potagers ? « Été en ville » répond.",
                 body="<p>Des <em>tomates</em> &amp; des <strong>courges</strong>.</p>")
    response, html = results(client, "potager ete")
    [excerpt] = excerpts(response)
    # The words as written (plural, accent, capital), marked; the rest as written.
    assert "<mark>potagers</mark>" in excerpt and "<mark>Été</mark>" in excerpt
    assert "tomates" in excerpt and "&amp;" in excerpt and "<em>" not in excerpt
    # French typography on the page: a narrow no-break space before « ? » and inside « ».
    assert "<mark>potagers</mark>\u202f?" in html
    assert "«\u202f<mark>Été</mark>" in html


def test_a_long_text_gives_an_excerpt_around_the_matches(client):
    filler = " ".join(f"mot{n}" for n in range(300))
    make_article("Long", standfirst="Début du chapô.",
                 body=f"<p>{filler} Le cormoran plonge. {filler}</p>")
    [excerpt] = excerpts(results(client, "cormorans")[0])
    assert "<mark>cormoran</mark> plonge" in excerpt
    assert "Début du chapô" not in excerpt and len(excerpt) < 600


def test_a_title_match_shows_the_beginning_of_the_text(client):
    make_article("La luciole", standfirst="Un insecte qui brille la nuit.")
    [excerpt] = excerpts(results(client, "luciole")[0])
    assert excerpt.startswith("Un insecte qui brille")


def test_publication_withdrawal_and_deletion_reach_the_results(client):
    article = make_article("Le tournesol", status=Article.Status.DRAFT)
    assert titles(results(client, "tournesol")[0]) == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert titles(results(client, "tournesol")[0]) == ["Le tournesol"]
    article.status = Article.Status.ARCHIVED
    article.save(update_fields=["status"])
    assert titles(results(client, "tournesol")[0]) == []
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["status"])
    assert titles(results(client, "tournesol")[0]) == ["Le tournesol"]
    article.delete()
    assert titles(results(client, "tournesol")[0]) == []


def test_a_scheduled_article_is_found_when_its_time_comes_with_no_job(client):
    now = timezone.now()
    make_article("Le mimosa fleurit", published_at=now + timedelta(hours=2))
    assert titles(results(client, "mimosa")[0]) == []
    with freeze_time(now + timedelta(hours=3)):
        assert titles(results(client, "mimosa")[0]) == ["Le mimosa fleurit"]


def test_bulk_creations_are_indexed_by_index_articles(client):
    section = make_article("Autre").section
    created = Article.objects.bulk_create([
        Article(title=f"Le goéland {n}", slug=f"goeland-{n}", standfirst="Sur le port.",
                body="<p>Texte.</p>", section=section, status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=1))
        for n in range(3)
    ])
    ids = [article.pk for article in created]
    if connection.vendor == "sqlite":  # bulk_create gives no id back on some databases
        ids = list(Article.objects.filter(slug__startswith="goeland-").values_list("pk", flat=True))
    search.index_articles(ids)
    assert sorted(titles(results(client, "goelands")[0])) == [f"Le goéland {n}" for n in range(3)]


def forget_the_index():
    """What a write that bypasses the signals leaves: no search data."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLE}")
    else:
        Article.objects.update(search_vector=None)


def test_rebuild_search_index_reindexes_every_article(client):
    make_article("Le blaireau", tags=["Forêt"])
    make_article("Brouillon blaireau", status=Article.Status.DRAFT)
    forget_the_index()
    assert titles(results(client, "blaireau")[0]) == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "2 articles indexés" in out.getvalue()
    assert titles(results(client, "blaireau")[0]) == ["Le blaireau"]
    assert titles(results(client, "foret")[0]) == ["Le blaireau"]


def test_an_imported_wordpress_magazine_is_searchable(tmp_path, client):
    from ..wordpress import wxr_factory as wxr

    path = tmp_path / "export.xml"
    path.write_text(wxr.export(
        authors=[wxr.author("marie", "marie@ancien.example.fr", "Marie Curie")],
        items=[
            wxr.item(10, "Les toits deviennent des potagers", "<p>Des tomates sur le toit.</p>",
                     slug="les-toits", creator="marie", terms=[("post_tag", "ecologie", "Écologie")]),
            wxr.item(11, "Un brouillon de potager", "<p>x</p>", slug="brouillon", status="draft"),
        ]))
    call_command("import_wordpress", str(path), "--no-download", stdout=io.StringIO(),
                 stderr=io.StringIO())
    for query in ["potager", "tomate", "ecologie"]:
        assert titles(results(client, query)[0]) == ["Les toits deviennent des potagers"], query


HOSTILE_QUERIES_FINDING_THE_WORD = [
    '"potager', 'potager"', '""potager""', "potager*", "*potager", "((potager", "potager)",
    "potager)(", "\x00potager", "potager\x00", "potager 🎉", "🎉potager", "potager^", "{potager}",
    "potager:", "POTAGER !!!", "potager;--", "potager'", "l’potager",
]
HOSTILE_QUERIES = HOSTILE_QUERIES_FINDING_THE_WORD + [
    "NEAR(", "NEAR(potager", "potager NEAR(ville", "NEAR(potager ville, 2)", "*", "-", "-potager",
    "AND OR NOT", "potager AND OR NOT", "NOT potager", "potager OR", "OR", "(", ")", "(((", ")))",
    "title:potager", "title : potager", "{title body}: potager", "^", "+potager", '"" ""',
    "potager " * 500, "é" * 2000, "potager\x00" * 300, "🎉" * 500, "\ud7ff\ue000\ue001",
    "\x00" * 50, "' OR 1=1 --", "%", "_", "%potager%", "\\", "potager\\",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_get_a_results_page(client, query):
    make_article("Le potager en ville")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "Recherche" in response.content.decode()
    if query in HOSTILE_QUERIES_FINDING_THE_WORD:
        assert titles(response) == ["Le potager en ville"], query


# --- SQLite: the FTS5 table ---------------------------------------------------------------------


@sqlite_only
def test_every_article_has_one_row_whatever_its_status_and_deleted_ones_none():
    draft = make_article("Brouillon", status=Article.Status.DRAFT)
    published = make_article("Publié")
    published.save()
    published.tags.add("Un")

    def rows():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, title FROM {search.FTS_TABLE} ORDER BY rowid")
            return cursor.fetchall()

    assert rows() == [(draft.pk, "brouillon"), (published.pk, "publ")]
    draft.delete()
    Article.objects.filter(pk=published.pk).delete()
    assert rows() == []


@sqlite_only
def test_the_migration_fills_the_index_of_existing_articles(client):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0009_sqlite_search")
    make_article("Le castor bâtisseur", tags=["Rivière"])
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    migration.drop(apps, editor)
    migration.create_and_fill(apps, editor)
    assert titles(results(client, "castors")[0]) == ["Le castor bâtisseur"]
    assert titles(results(client, "riviere")[0]) == ["Le castor bâtisseur"]


@sqlite_only
def test_readers_text_never_reaches_fts5_syntax():
    assert search.match_expression('potager" OR NEAR(villes*') == '"potag" "or" "near" "vill"*'
    assert search.match_expression("ete en ville") == '"ete" "vill"*'
    assert search.match_expression("le la") == '"le" "la"'
    assert search.match_expression("?! 🎉") is None


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_is_searchable(client, media_storage):
    make_article("Le héron cendré", tags=["Marais"])
    call_command("backup", "--name", "20260101-120000", stdout=io.StringIO())
    from authors.models import Author

    for model in (Article, Author):
        model.objects.all().delete()
    assert titles(results(client, "heron")[0]) == []
    call_command("restore", "20260101-120000", stdout=io.StringIO())
    for query in ["hérons", "cendre", "marais"]:
        assert titles(results(client, query)[0]) == ["Le héron cendré"], query
