"""Full-text search of published articles (/recherche/?q=).

PostgreSQL: a stored, weighted `search_vector` (title A > standfirst B > body C > tags D) in
the `french_unaccent` text search configuration (French stemming after `unaccent`, so
"ingenieur" finds "ingénieurs"), a GIN index, `websearch_to_tsquery` (never a syntax error),
ranking and highlighted excerpts computed by the database (for a word found in thousands of
articles, among the newest SEARCH_WINDOW: see _newest_if_enough). Both the configuration and
the index are created by migration 0003, on PostgreSQL only.

Other databases (SQLite in development and the fast test suite): `search_text`, the same
texts folded for accents and case, matched with one LIKE per word. Plain, correct, unranked.

The index is refreshed from the stored columns after every save of an article, every change
of its tags and every rename or deletion of a tag (signals connected in `ArticlesConfig`).
"""

import re
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.html import html_to_text
from core.slugs import fold
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


def clean_query(raw):
    """The reader's query, safe for any database: no control characters, bounded length."""
    text = " ".join(_CONTROLS.sub(" ", raw or "").split())
    return text[:MAX_QUERY_LENGTH].strip()


def terms(query):
    """The words of a query, folded, at most MAX_TERMS: what the fallback looks for."""
    return re.findall(r"\w+", fold(query))[:MAX_TERMS]


def search_articles(query):
    """Published articles matching `query`, best first. `query` comes from clean_query()."""
    articles = Article.objects.published()
    if uses_postgresql():
        tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
        words = re.findall(r"[^\W_]+", query)[:MAX_TERMS]
        if words and not _OPERATORS.search(query):
            # Also as prefixes of the stems: the Snowball stemmer makes "potag" of "potager"
            # but "potager" of "potagers", so "potager" alone would miss "des potagers".
            prefixes = " & ".join(f"{word}:*" for word in words)
            tsquery = tsquery | SearchQuery(prefixes, search_type="raw", config=CONFIG)
        return (
            _newest_if_enough(articles, articles.filter(search_vector=tsquery))
            .annotate(
                rank=SearchRank(F("search_vector"), tsquery),
                # Computed for the rows of the page only (after ORDER BY ... LIMIT).
                headline=SearchHeadline(
                    _plain_text(), tsquery, config=CONFIG, start_sel=_MARK_START,
                    stop_sel=_MARK_STOP, max_words=35, min_words=15, max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-published_at", "-id")
        )
    for term in terms(query):
        articles = articles.filter(search_text__contains=term)
    return articles.order_by("-published_at", "-id")


def _newest_if_enough(articles, matching):
    """`matching` narrowed to the newest SEARCH_WINDOW articles when they hold at least a page
    of matches. Ranking reads every match's vector: a word found in thousands of articles is
    ranked among the newest ones (a bitmap AND of the GIN and the date indexes), a rarer one
    among all its matches (few anyway)."""
    since = _window_start(articles)
    if since is None:
        return matching  # fewer articles than the window
    recent = matching.filter(published_at__gte=since)
    if recent.values("pk")[:settings.ARTICLES_PER_PAGE].count() < settings.ARTICLES_PER_PAGE:
        return matching
    return recent


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
        html = _MARKED.sub(r"<mark>\1</mark>", str(escape(headline)))
        return mark_safe(html.replace(_MARK_START, "").replace(_MARK_STOP, ""))
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


# --- Keeping the index up to date ------------------------------------------------------------


def index_articles(ids):
    """Recompute the search data of these articles from what is stored."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return
    if uses_postgresql():
        Article.objects.filter(pk__in=ids).update(search_vector=_vector())
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
