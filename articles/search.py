"""Full-text search of published articles (/recherche/?q=).

PostgreSQL: a stored, weighted `search_vector` (title A > standfirst B > body C > tags D) in
the `french_unaccent` text search configuration (French stemming after `unaccent`, so
"ingenieur" finds "ingénieurs"), a GIN index, `websearch_to_tsquery` (never a syntax error),
ranking and highlighted excerpts computed by the database (for a word found in thousands of
articles, among the newest SEARCH_WINDOW: see _newest_if_enough). Both the configuration and
the index are created by migration 0003, on PostgreSQL only.

SQLite (the default install, development and the fast test suite): an FTS5 table,
`articles_search` (created by migration 0009, on SQLite only), one row per article (rowid = its
id) holding its title, standfirst, body text and tags already normalised in Python — accents
and case folded, a plural "s" dropped, French Snowball stemming (`normalise`): FTS5 cannot take
a Python tokenizer, so the reader's words go through the same function before the MATCH. Each
stem is a quoted FTS5 string (the last one a prefix): FTS5 syntax in a query is text, never an
error. Ranked by bm25 with the title weighted far above the standfirst, the body and the tags;
excerpts are cut from the original text (stored unindexed beside the stems), its words marked
where their stems are the query's (`_excerpt`). Every article is indexed whatever its status:
which ones readers see is decided at query time by `Article.objects.published()` (live_q), so
a publication, a withdrawal or a scheduled article's time coming needs no reindexing.

Other databases: `search_text`, the folded texts, matched with one LIKE per word (unranked).

The index is refreshed from the stored columns after every save of an article, every change
of its tags, every rename or deletion of a tag and every deletion of an article (signals
connected in `ArticlesConfig`); writes that send no signal (queryset updates, bulk creations)
call `index_articles(ids)`, and `manage.py rebuild_search_index` rebuilds it all.
"""

import html
import re
import threading
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache

import snowballstemmer

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Func, OuterRef, Subquery, TextField, Value, Window
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.html import html_to_text
from core.slugs import fold
from pagecache.generations import bump
from pagecache.store import memoize

from .models import Article, TaggedArticle

CONFIG = "french_unaccent"
# Fields whose change requires refreshing the search index.
INDEXED_FIELDS = {"title", "standfirst", "body"}
# A search box is for a few words; longer input is cut before it reaches the database.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Markers around highlighted words in excerpts: never in article text (private use area).
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_MARK_START}([^{_MARK_START}{_MARK_STOP}]*){_MARK_STOP}")
# websearch syntax: "phrase", -exclusion, or. Such queries are taken literally.
_OPERATORS = re.compile(r'"|(?:^|\s)-|\bor\b', re.I)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")


def uses_postgresql():
    return connection.vendor == "postgresql"


def uses_fts5():
    return connection.vendor == "sqlite"


def clean_query(raw):
    """The reader's query, safe for any database: no control characters, bounded length."""
    text = " ".join(_CONTROLS.sub(" ", raw or "").split())
    return text[:MAX_QUERY_LENGTH].strip()


def terms(query):
    """The words of a query, folded, at most MAX_TERMS: what the fallback looks for."""
    return re.findall(r"\w+", fold(query))[:MAX_TERMS]


def search_articles(query):
    """Published articles matching `query`, best first. `query` comes from clean_query()."""
    return ranked_matches(query)[-1]


def ranked_matches(query):
    """The published articles matching `query`, best first, as querysets to try in turn
    (results_page): on PostgreSQL with more than SEARCH_WINDOW articles, those among the
    newest SEARCH_WINDOW first, then all of them. Ranking reads every match's vector: a word
    found in thousands of articles is ranked among the newest ones (a bitmap AND of the GIN
    and the date indexes), a rarer one among all its matches (few anyway)."""
    articles = Article.objects.published()
    if uses_postgresql():
        tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
        words = re.findall(r"[^\W_]+", query)[:MAX_TERMS]
        if words and not _OPERATORS.search(query):
            # Also as prefixes of the stems of the singulars: the Snowball stemmer makes
            # "potag" of "potager" but "potager" of "potagers", so "potager" alone would miss
            # "des potagers" and "potagers" (read 'potag':*) "un potager".
            prefixes = " & ".join(f"{singular(word.lower())}:*" for word in words)
            tsquery = tsquery | SearchQuery(prefixes, search_type="raw", config=CONFIG)
        matching = _ranked(articles.filter(search_vector=tsquery), tsquery)
        since = _window_start(articles)
        if since is None:
            return [matching]  # fewer articles than the window
        return [matching.filter(published_at__gte=since), matching]
    if uses_fts5():
        return [_fts5_search(articles, query)]
    for term in terms(query):
        articles = articles.filter(search_text__contains=term)
    return [articles.order_by("-published_at", "-id")]


def results_page(query, offset, limit, cap, prepare):
    """(up to `limit` results from `offset`, how many results there are: all of them or at
    least `cap`), best first; `prepare` adds what the page shows (QuerySet -> QuerySet).
    Matches among the newest articles are taken when they fill a page (`limit`)."""
    *first, last = ranked_matches(query)
    for matches in [*first, last]:
        if uses_postgresql():
            # The count rides on the page's rows, a window count over the matches the ranking
            # reads anyway: one query where a count, the window's check and the page took
            # three, each intersecting the indexes again. Past the end: counted up to `offset`.
            rows = list(prepare(matches).annotate(found=Window(Count("pk")))[offset:offset + limit])
            found = rows[0].found if rows else matches.values("pk")[:offset].count() if offset else 0
        else:
            # FTS5's bm25() cannot run beside a window function: counted first.
            found = matches.values("pk")[:cap].count()
            rows = list(prepare(matches)[offset:offset + limit]) if found > offset else []
        if found >= limit or matches is last:
            return rows, found


def _ranked(matching, tsquery):
    return matching.annotate(
        rank=SearchRank(F("search_vector"), tsquery),
        # Computed for the rows of the page only (after ORDER BY ... LIMIT).
        headline=SearchHeadline(
            _plain_text(), tsquery, config=CONFIG, start_sel=_MARK_START,
            stop_sel=_MARK_STOP, max_words=35, min_words=15, max_fragments=2,
            fragment_delimiter=" … ",
        ),
    ).order_by("-rank", "-published_at", "-id")


def _window_start(articles):
    """Publication time of the SEARCH_WINDOW-th newest article (None if there are fewer),
    looked up once per state of the list of published articles (pagecache's
    `latest-articles`: publications, withdrawals, scheduled articles going live)."""
    window = settings.SEARCH_WINDOW
    return memoize(f"search-window-start:{window}", ["latest-articles"], lambda: (
        articles.order_by("-published_at", "-id").values_list("published_at", flat=True)
        [window - 1:window].first()))


def excerpt(article, query):
    """HTML excerpt of a result with the matched words in <mark> (everything else escaped)."""
    headline = getattr(article, "headline", None)
    if headline is not None:
        marked = _MARKED.sub(r"<mark>\1</mark>", str(escape(headline)))
        return mark_safe(marked.replace(_MARK_START, "").replace(_MARK_STOP, ""))
    plain = getattr(article, "search_plain", None)
    if plain is not None:
        return _excerpt(plain, *_query_stems(query))
    return highlight(article.standfirst, terms(query))


def highlight(text, words):
    """Escape `text` and wrap the words that start with one of `words` (folded) in <mark>."""
    if not text or not words:
        return escape(text or "")
    # Fold character by character, remembering where each folded character came from.
    folded, origin = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char) or " ":
            folded.append(folded_char)
            origin.append(index)
    folded = "".join(folded)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\w*")
    out, pos = [], 0
    for match in pattern.finditer(folded):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _plain_text():
    """SQL for standfirst + body without tags or entities (what an excerpt is cut from)."""
    body = _sql_func("regexp_replace", F("body"), Value("<[^>]+>"), Value(" "), Value("g"))
    for entity, char in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'),
                         ("&#39;", "'"), ("&amp;", "&")]:
        body = Replace(body, Value(entity), Value(char), output_field=TextField())
    return Concat(F("standfirst"), Value(" "), body, output_field=TextField())


def _sql_func(name, *expressions):
    return Func(*expressions, function=name, output_field=TextField())


# --- SQLite: FTS5 over stems computed in Python ----------------------------------------------

FTS_TABLE = "articles_search"
# The stems of each part (searched, weighted by bm25 in this order), then the original text
# the excerpt is cut from (stored, not searched). FTS5's own tokenizer only splits the stems
# on spaces again: they are already folded and stemmed.
FTS_COLUMNS = ("title", "standfirst", "body", "tags")
FTS_CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{', '.join(FTS_COLUMNS)}, plain UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"
)
FTS_DROP_SQL = f"DROP TABLE IF EXISTS {FTS_TABLE}"
# bm25 weights of FTS_COLUMNS: a word of the title counts far more than one of the text.
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
INDEX_CHUNK = 500
# Excerpts: like PostgreSQL's headline (max_words=35, max_fragments=2, " … " between).
EXCERPT_WORDS = 35
EXCERPT_FRAGMENTS = 2
# French function words left out of a query of several words (every word of a query must be
# found, and « en » or « le » say nothing of the subject); still indexed, and searched when a
# query holds nothing else.
STOP_WORDS = frozenset("""
    a au aux avec ce ces cet cette d dans de des du elle elles en et il ils j je l la le les
    leur leurs lui m ma mais me mes mon n ne nos notre nous on ou par pas pour qu que qui s sa
    se ses son sur t ta te tes ton tu un une vos votre vous y
""".split())
_WORD = re.compile(r"[^\W_]+")
# An original word for excerpts: letters and digits with their combining accents.
_TEXT_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")
_stemmers = threading.local()


def singular(word):
    """The word without a final plural "s" ("potagers" -> "potager"; "bus", "os", "stress" kept)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=200_000)
def stem(word):
    """The index form of one folded word: its singular(), then French Snowball (which alone
    makes "potag" of "potager" but "potager" of "potagers")."""
    word = singular(word)
    stemmer = getattr(_stemmers, "french", None)
    if stemmer is None:  # a stemmer keeps state while it works: one per thread
        stemmer = _stemmers.french = snowballstemmer.stemmer("french")
    return stemmer.stemWord(word)


def stems(text):
    """The stems of a text's words: accents, ligatures and case folded, then stem()."""
    return [stem(word) for word in _WORD.findall(fold(text or ""))]


@lru_cache(maxsize=100_000)
def _word_stems(word):
    """stems() of one word as written in a text (excerpts look at every word of a result)."""
    return tuple(stems(word))


def normalise(text):
    """What the index holds for a text: its stems, separated by spaces."""
    return " ".join(stems(text))


def fts_row(pk, title, standfirst, body, tag_names):
    """The FTS5 row of an article (also used by the migration that creates the table)."""
    text = html.unescape(html_to_text(body or ""))
    plain = " ".join(part for part in (standfirst, text) if part)
    return (pk, normalise(title), normalise(standfirst), normalise(text),
            normalise(" ".join(tag_names)), plain)


def fts_insert(cursor, rows):
    """Write the index rows of these articles (rows from fts_row()), INDEX_CHUNK at a time."""
    columns = ", ".join(FTS_COLUMNS)
    sql = f"INSERT INTO {FTS_TABLE} (rowid, {columns}, plain) VALUES (%s, %s, %s, %s, %s, %s)"
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == INDEX_CHUNK:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _query_stems(query):
    """(stems the query looks for, the last one's stem looked for as a prefix or None): a word
    being typed, "photosynth", finds "photosynthèse". Function words are left out unless
    nothing else is."""
    words = _WORD.findall(fold(query))[:MAX_TERMS]
    kept = [word for word in words if word not in STOP_WORDS] or words
    found = list(dict.fromkeys(stem(word) for word in kept))
    prefix = found.pop() if found and len(found[-1]) >= 3 else None
    return found, prefix


def match_expression(query):
    """The FTS5 MATCH expression of a reader's query, built from its stems, each a quoted
    string: whatever the reader typed (quotes, NEAR(, *, -, AND OR NOT, parentheses) is text.
    Every stem must be found. None when the query holds no word."""
    found, prefix = _query_stems(query)
    quoted = ['"' + token.replace('"', '""') + '"' for token in found]
    if prefix is not None:
        quoted.append('"' + prefix.replace('"', '""') + '"*')
    return " ".join(quoted) or None


def _fts5_search(articles, query):
    match = match_expression(query)
    if match is None:
        return articles.none()
    qn = connection.ops.quote_name
    table, fts = qn(Article._meta.db_table), qn(FTS_TABLE)
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # A join with the FTS5 table (extra(): it is no model), read first: the matching rows
    # from its index, then each article by primary key, bm25 computed during that scan
    # (negative: lower is better). The unary + keeps the planner from starting with the
    # published articles and running the MATCH again for each one (so would a correlated
    # subquery): seconds, instead of milliseconds, for a word in thousands of articles.
    return articles.extra(
        tables=[FTS_TABLE],
        where=[f"+{fts}.rowid = {table}.{qn('id')}", f"{fts} MATCH %s"],
        params=[match],
        select={"search_rank": f"bm25({fts}, {weights})", "search_plain": f"{fts}.plain"},
    ).order_by("search_rank", "-published_at", "-id")


def _fts5_index(ids):
    tags = defaultdict(list)
    for article_id, name in TaggedArticle.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[article_id].append(name)
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "title", "standfirst", "body")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
        fts_insert(cursor, (fts_row(*row, tags[row[0]]) for row in rows))


def _excerpt(text, found, prefix):
    """HTML excerpt of `text`: at most EXCERPT_FRAGMENTS passages of EXCERPT_WORDS words where
    the most query words are, those words in <mark> (a word matches when its stem is one the
    query looks for), everything else escaped, the text's spaces and punctuation as written.
    No match in the text (a title or tag match): its beginning."""
    words = list(_TEXT_WORD.finditer(text or ""))
    if not words:
        return escape(text or "")

    initials = {token[0] for token in [*found, prefix] if token}

    def matched(word):
        initial = word[0].lower()
        if initial.isascii() and initial not in initials:
            return None  # a stem starts with its word's first letter: no need to stem it
        for token in _word_stems(word):
            if token in found or (prefix is not None and token.startswith(prefix)):
                return token if token in found else prefix
        return None

    hits = {}
    for index, word in enumerate(words):
        token = matched(word.group())
        if token is not None:
            hits[index] = token
    fragments = _fragments(len(words), hits)
    out = []
    for start, stop in fragments:
        pos = words[start].start()
        for index in range(start, stop):
            if index in hits:
                word = words[index]
                out.append(escape(text[pos:word.start()]))
                out.append(f"<mark>{escape(word.group())}</mark>")
                pos = word.end()
        out.append(escape(text[pos:words[stop - 1].end()]))
        out.append(" … ")
    out.pop()
    return mark_safe("".join(out))


def _fragments(count, hits):
    """(start, stop) word ranges, in text order: greedily the window holding the most
    distinct query words, then the most matches, then the earliest."""
    if not hits:
        return [(0, min(count, EXCERPT_WORDS))]
    positions = sorted(hits)
    chosen = []
    for _ in range(EXCERPT_FRAGMENTS):
        best = None
        for hit in positions:
            start = max(0, min(hit - 5, count - EXCERPT_WORDS))
            stop = min(count, start + EXCERPT_WORDS)
            if any(start < b and a < stop for a, b in chosen):
                continue
            inside = [hits[i] for i in positions[bisect_left(positions, start):
                                                 bisect_left(positions, stop)]]
            score = (len(set(inside)), len(inside), -start)
            if best is None or score > best[0]:
                best = (score, (start, stop))
        if best is None:
            break
        chosen.append(best[1])
    return sorted(chosen)


# --- Keeping the index up to date ------------------------------------------------------------


def index_articles(ids):
    """Recompute the search data of these articles from what is stored (an id whose article
    no longer exists leaves the SQLite index). For writes that send no signal (queryset
    updates, bulk creations), with articles.invalidation.touch_article for the pages."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return
    if uses_postgresql():
        Article.objects.filter(pk__in=ids).update(search_vector=_vector())
        return
    if uses_fts5():
        for start in range(0, len(ids), INDEX_CHUNK):
            _fts5_index(ids[start:start + INDEX_CHUNK])
        return
    tags = defaultdict(list)
    for article_id, name in TaggedArticle.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[article_id].append(name)
    articles = list(Article.objects.filter(pk__in=ids).only("title", "standfirst", "body"))
    for article in articles:
        article.search_text = fold(" ".join([
            article.title, article.standfirst, html_to_text(article.body), *tags[article.pk],
        ]))
    Article.objects.bulk_update(articles, ["search_text"])


def _vector():

    tag_names = (
        TaggedArticle.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(names=StringAgg("tag__name", " "))
        .values("names")
    )
    # The body is HTML: PostgreSQL's parser reads tags and entities as such and the French
    # configuration does not index them, so no stored plain-text copy is needed.
    return (
        SearchVector("title", config=CONFIG, weight="A")
        + SearchVector("standfirst", config=CONFIG, weight="B")
        + SearchVector("body", config=CONFIG, weight="C")
        + SearchVector(Subquery(tag_names, output_field=TextField()), config=CONFIG, weight="D")
    )


def on_article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of an Article: its text or title changed (a targeted write of other fields,
    update_fields without them, leaves the index alone; fixtures bring their own)."""
    if not raw and (update_fields is None or set(update_fields) & INDEXED_FIELDS):
        index_articles([instance.pk])


def on_article_deleted(sender, instance, **kwargs):
    """post_delete of an Article: its row leaves the SQLite index (PostgreSQL's goes with it)."""
    if uses_fts5() and instance.pk is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])


def rebuild_index(chunk=None):
    """Index every article again (manage.py rebuild_search_index). Returns how many."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    if uses_fts5():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    step = chunk or INDEX_CHUNK
    for start in range(0, len(ids), step):
        index_articles(ids[start:start + step])
    bump("articles")  # search results (pagecache): any of them may have changed
    return len(ids)


def on_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed on TaggedArticle: an article's tags were added, removed or cleared."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse or not isinstance(instance, Article):
        return
    index_articles([instance.pk])


def on_tag_saved(sender, instance, created, **kwargs):
    """A tag renamed: every article carrying it is found under the new name."""
    if not created:
        index_articles(_tagged_article_ids(instance))


def on_tag_pre_delete(sender, instance, **kwargs):
    instance._tagged_article_ids = _tagged_article_ids(instance)


def on_tag_deleted(sender, instance, **kwargs):
    index_articles(getattr(instance, "_tagged_article_ids", []))


def _tagged_article_ids(tag):
    return list(tag.tagged_articles.values_list("content_object_id", flat=True))
