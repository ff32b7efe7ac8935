from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import IntegerField, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.generic import DetailView, ListView, TemplateView

from authors.models import Author
from core.prepared import PreparedQuery
from pagecache.dependencies import depends_on, do_not_store
from redirects.views import gone

from . import reader_state, related, search, seo
from .context_processors import menu_sections
from .models import (Article, ArticleAuthor, Section, Tag, TaggedArticle, attach_bylines,
                     attach_sections, attach_tags)
from .share import share_links

HOME_LATEST = 7  # the lead story and a grid of six
HOME_PER_SECTION = 4


def _build_home(shape, now, section_ids):
    """The home page's articles (HomeView says which), in one query built once per process and
    number of sections (core.prepared)."""
    latest_count, per_section = shape
    # Each block is an indexed LIMIT subquery (section, status, published_at), never a window
    # over the whole table; one IN over a UNION ALL (an OR of INs would make PostgreSQL scan
    # every article).
    published = Article.objects.published(now)
    latest_ids = published.order_by("-published_at", "-id").values("pk")[:latest_count]
    blocks_ids = [
        Article.objects.filter(pk__in=published.filter(section_id=section_id)
                               .exclude(pk__in=latest_ids).order_by("-published_at", "-id")
                               .values("pk")[:per_section])
        .order_by().values_list("pk", flat=True)
        for section_id in section_ids
    ]
    wanted = Article.objects.filter(pk__in=latest_ids).order_by().values_list("pk", flat=True)
    # The newest pinned one (article_featured_idx: a few rows, not a scan of every article).
    pinned_ids = Article.objects.filter(pk__in=published.filter(featured=True)
                                        .order_by("-published_at", "-id").values("pk")[:1]
                                        ).order_by().values_list("pk", flat=True)
    wanted = wanted.union(pinned_ids, *blocks_ids, all=True)
    # Every part reads published articles only: the outer query looks the ids up, no more.
    return Article.objects.filter(pk__in=wanted).for_cards().order_by("-published_at", "-id")


_home_query = PreparedQuery(Article, _build_home, plan_once=True)


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The latest articles, the newest pinned one and the newest of every section, in one
        # query whatever the number of articles; the sections are the menu's.
        sections = menu_sections(self.request)
        # Which articles are shown and where (each card declares what it shows itself).
        depends_on("latest-articles", "sections", *(f"section-articles:{s.pk}" for s in sections))
        articles = _home_query.run((HOME_LATEST, HOME_PER_SECTION), now=timezone.now(),
                                   section_ids=[s.pk for s in sections])
        attach_sections(articles, sections)
        attach_bylines(articles)
        # The lead story: the newest pinned one (an editor's choice), else simply the newest.
        pinned = next((a for a in articles if a.featured), None)
        if pinned is not None:
            # The pinned story leads; the newest others follow (the newest are never
            # older than the section blocks' ones, which leave them out).
            latest = [pinned] + [a for a in articles if a is not pinned][:HOME_LATEST - 1]
        else:
            latest = articles[:HOME_LATEST]
        shown = {a.pk for a in latest}
        rest = [a for a in articles if a.pk not in shown]
        blocks = []
        for section in sections:
            in_section = [a for a in rest if a.section_id == section.pk]
            if in_section:
                blocks.append((section, in_section))
        context.update(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            section_blocks=blocks,
            meta=seo.home_meta(self.request),
        )
        return context


class ArticleParts:
    """What the article page's fragments show, each computed on first use: a fragment found
    in the cache needs none of it, so a page whose fragments are all cached costs the
    article's own query and the live parts (stars, comment form) only.

    The tags come in one query, the byline with the related articles' bylines in one more,
    the neighbours in the section with the article's own query (get_queryset).
    """

    def __init__(self, article, request):
        self.article, self.request = article, request

    @cached_property
    def tags(self):
        # Every other part starts here: give the article its section from the menu's list
        # (the menu needs it anyway), so the article's own query joins nothing.
        article = self.article
        if article.section_id and not Article.section.is_cached(article):
            section = next((s for s in menu_sections(self.request) if s.pk == article.section_id), None)
            if section is not None:
                Article.section.field.set_cached_value(article, section)
        attach_tags(article)
        return list(article.tags.all())

    @cached_property
    def related(self):
        self.tags  # noqa: B018  (related_articles reads the tags from the prefetch)
        return related.related_articles(self.article, bylines_for=[self.article])

    @cached_property
    def related_witness(self):
        return related.witness(self.article, self.related)

    @cached_property
    def authors(self):
        self.related  # noqa: B018  (fetches the article's byline with theirs)
        return self.article.ordered_authors

    @cached_property
    def meta(self):
        self.authors  # noqa: B018
        return seo.article_meta(self.article, self.request)

    @cached_property
    def share_links(self):
        return share_links(self.meta["canonical"], self.article.title)

    @cached_property
    def rating_in_jsonld(self):
        """The article whose ratings the head metadata shows (RATINGS_IN_JSONLD), or None."""
        return self.article.pk if settings.RATINGS_IN_JSONLD else None

    @cached_property
    def neighbours(self):
        self.related  # noqa: B018  (the neighbours come with the related articles)
        return related.section_neighbours(self.article)


# The search index: never shown.
PAGE_DEFERRED = ("search_text", "search_vector")


def _build_article(shape, slug, now):
    return (Article.objects.published(now).filter(slug=slug).select_related("rating_summary")
            .defer(*PAGE_DEFERRED))


_article_query = PreparedQuery(Article, _build_article, plan_once=True)


class ArticleDetailView(DetailView):
    """An article, the same page for every reader: what is theirs (their vote, their comment
    waiting for moderation) comes after they act (articles/reader_state.py), never in this page."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    # Previews show unsaved states of an article: they render every part, and store none.
    render_live = False

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An article the newsroom withdrew (« Archivé ») is gone, not unknown: 410, with
            # nothing of it on the page. Any other unpublished article stays a 404.
            slug = kwargs.get("slug")
            if slug and Article.objects.filter(slug=slug, status=Article.Status.ARCHIVED).exists():
                return gone(request)
            raise

    def get_object(self, queryset=None):
        """The published article at this address: one query for it and its rating summary,
        built once per process (core.prepared). The rest is fetched only by the fragments
        that are not cached (ArticleParts); the comments in one query
        (comments.templatetags.comments)."""
        found = _article_query.run((), slug=self.kwargs["slug"], now=timezone.now())
        if not found:
            raise Http404(_("Aucun résultat ne correspond à la requête."))
        return found[0]

    def get_queryset(self):
        # Previews (articles/preview.py) find their article with Django's get_object, here.
        return self.visible_articles().select_related("rating_summary").defer(*PAGE_DEFERRED)

    def visible_articles(self):
        """Readers see published articles only; the draft previews (articles/preview.py)
        reuse this whole page and widen just this."""
        return Article.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = ArticleParts(self.object, self.request)
        context.update(
            parts=parts,
            meta=SimpleLazyObject(lambda: parts.meta),
            share_links=SimpleLazyObject(lambda: parts.share_links),
            share_url=SimpleLazyObject(lambda: parts.meta["canonical"]),
            related_articles=SimpleLazyObject(lambda: parts.related),
            previous_article=SimpleLazyObject(lambda: parts.neighbours[0]),
            next_article=SimpleLazyObject(lambda: parts.neighbours[1]),
            render_live=self.render_live,
        )
        extra = reader_state.page_context(self.request, self.object)
        if extra:
            context.update(extra, render_live=True)
            self.for_one_reader = True
            do_not_store()
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if getattr(self, "for_one_reader", False):
            add_never_cache_headers(response)  # private, no-store
            response["X-Robots-Tag"] = "noindex"
        return response


class OneQueryPagesMixin:
    """A ListView whose page and total come together from `page_rows(offset, limit)` (one
    query), not from a paginator counting a queryset. Pages stop after MAX_LIST_PAGES (older
    articles: search, sitemaps, feeds), so no page needs a deep OFFSET and the total is capped
    there; a page past the end, or no number, is a 404, as Django's ListView answers."""

    def get_queryset(self):
        return []  # the page's rows come from paginate_queryset()

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(page)
        except ValueError:
            if page != "last":
                raise Http404(_("Cette page de la liste n'existe pas.")) from None
            number = self.paginated(1, page_size)[0].num_pages
        paginator, rows = self.paginated(number, page_size)
        try:
            page = paginator.page(number)
        except InvalidPage as error:
            raise Http404(_("Cette page de la liste n'existe pas.")) from error
        page.object_list = rows
        return paginator, page, rows, page.has_other_pages()

    def paginated(self, number, page_size):
        """(the paginator, page `number`'s rows): one query, none past MAX_LIST_PAGES."""
        rows, total, cap = [], 0, settings.MAX_LIST_PAGES * page_size
        if 1 <= number <= settings.MAX_LIST_PAGES:
            rows, total = self.page_rows((number - 1) * page_size, page_size, cap)
        paginator = self.get_paginator(rows, page_size)
        paginator.count = min(total, cap)
        return paginator, rows

    def page_rows(self, offset, limit, cap):
        """(up to `limit` rows from `offset`, how many there are in all or at least `cap`)."""
        raise NotImplementedError


class CountRows(Subquery):
    """(SELECT COUNT(*) FROM (<a sliced queryset>)): how many rows it gives, counted by the
    database without reading them back; uncorrelated, so computed once per query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _build_list_page(shape, now, subject_id):
    """One page of a list with the list's length (capped at `cap`, the count a paginator
    needs) in one query, built once per process and shape (core.prepared).

    The page's ids come first (an index walk for a section; for a tag or an author, one range
    of the taggings' or bylines' index by publication time), then the card columns and the
    comment counts of those only: a page deep in the list skips ids, not whole rows with their
    counts."""
    kind, offset, per_page, cap = shape
    published = Article.objects.published(now)
    if kind == "section":
        matching = published.filter(section_id=subject_id)
        ids = matching.order_by("-published_at", "-id").values("pk")
        counted = matching.order_by().values("pk")
    else:
        # Her bylines, or the tag's taggings, keep their article's publication time
        # (Article.listed_at): a tag of 40 000 articles or an author of 600 costs one range.
        through, article = ((ArticleAuthor, "article_id") if kind == "author"
                            else (TaggedArticle, "content_object_id"))
        rows = through.objects.filter(**{f"{kind}_id": subject_id, "published_at__lte": now})
        ids = rows.order_by("-published_at", f"-{article}").values(article)
        counted = rows.order_by().values(article)
    # Visibility is the article's own (published()); the copies above only order and count.
    queryset = (published.filter(pk__in=ids[offset:offset + per_page]).for_cards()
                .annotate(list_total=CountRows(counted[:cap])))
    if kind != "section":  # a section's articles all get the section itself
        queryset = queryset.select_related("section")
    return queryset.order_by("-published_at", "-id")


_list_page_query = PreparedQuery(Article, _build_list_page)
_subject_queries = {
    model: PreparedQuery(model, lambda shape, slug, model=model:
                         model.objects.filter(slug=slug).order_by()[:1], plan_once=True)
    for model in (Tag, Author)
}


class ArticleListView(OneQueryPagesMixin, ListView):
    """Base for every paginated list of published articles (section, tag, author).

    A page and the list's length come in one query (_build_list_page), the length counted up
    to MAX_LIST_PAGES pages (OneQueryPagesMixin)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    # A list's subject (a Section, Tag or Author, found by slug) and its dependency kind (the
    # page shows "section:<id>" and the list "section-articles:<id>").
    subject_model = None
    subject_kind = None

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject(kwargs["slug"])
        if self.subject is None:
            raise Http404(_("Aucun résultat ne correspond à la requête."))
        depends_on(f"{self.subject_kind}:{self.subject.pk}",
                   f"{self.subject_kind}-articles:{self.subject.pk}")
        return super().get(request, *args, **kwargs)

    def get_subject(self, slug):
        found = _subject_queries[self.subject_model].run((), slug=slug)
        return found[0] if found else None

    def page_rows(self, offset, limit, cap):
        articles, total = self.list_page((self.subject_kind, offset, limit, cap), timezone.now())
        self.attach_sections(articles)
        attach_bylines(articles)
        return articles, total

    def list_page(self, shape, now):
        """(the page's articles, the list's length, capped): one query, the length riding on
        every row. No row: an empty list, or a page past its end (length 0: a 404)."""
        articles = _list_page_query.run(shape, now=now, subject_id=self.subject.pk)
        return articles, (articles[0].list_total if articles else 0)

    def attach_sections(self, articles):
        pass  # joined (select_related), but in a section's own list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(subject=self.subject, **kwargs)
        context["meta"] = self.get_meta(context.get("page_obj"))
        return context

    def get_meta(self, page_obj):
        return seo.list_meta(self.request, self.subject, self.get_description(), page_obj)

    def get_description(self):
        return str(self.subject)


class SectionView(ArticleListView):
    template_name = "articles/section.html"
    subject_model = Section
    subject_kind = "section"

    def get_subject(self, slug):
        # The menu's sections, read once for the menu too.
        return next((s for s in menu_sections(self.request) if s.slug == slug), None)

    def attach_sections(self, articles):
        attach_sections(articles, [self.subject])

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.subject, **kwargs)  # menu highlight

    def get_description(self):
        return self.subject.description or self.subject.name


class TagView(ArticleListView):
    template_name = "articles/tag.html"
    subject_model = Tag
    subject_kind = "tag"

    def get_description(self):
        return _("Tous les articles sur « %(tag)s ».") % {"tag": self.subject.name}


class AuthorView(ArticleListView):
    """An author's page: long bio, then their published articles."""

    template_name = "authors/author_detail.html"
    subject_model = Author
    subject_kind = "author"

    def get_meta(self, page_obj):
        return seo.author_meta(self.subject, self.request, page_obj)


class SearchView(OneQueryPagesMixin, ListView):
    """/recherche/?q=: published articles matching the words, best first, paginated.

    Any input gets a page: empty, absurdly long, punctuation only or binary queries are
    cleaned (articles/search.py) before reaching the database.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        self.query = search.clean_query(request.GET.get("q", ""))
        # Any article may start or stop matching (a renamed tag too: tags are searched);
        # results show sections and authors.
        depends_on("articles", "tags", "sections", "authors")
        return super().get(request, *args, **kwargs)

    def page_rows(self, offset, limit, cap):
        if not search.terms(self.query):
            return [], 0
        # Excerpts come from the database's headline (PostgreSQL) or the FTS5 index: no
        # bodies. The bylines come after (get_context_data), in one prepared query.
        return search.results_page(self.query, offset, limit, cap, lambda matches: (
            matches.select_related("section").for_cards()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = context["articles"]
        attach_bylines(articles)
        for article in articles:
            article.search_excerpt = search.excerpt(article, self.query)
        context.update(
            query=self.query,
            searched=bool(search.terms(self.query)),
            pagination_query=urlencode({"q": self.query}),
        )
        return context


class RobotsView(TemplateView):
    """robots.txt: where the sitemaps are; admin and search results are not for crawlers."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        search_paths = []
        for language, _name in settings.LANGUAGES:
            with override(language):
                search_paths.append(reverse("articles:search"))
        return super().get_context_data(
            # A custom ADMIN_PATH is kept off bots' radar: robots.txt must not reveal it.
            admin_path="/admin/" if settings.ADMIN_PATH == "admin/" else None,
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            news_sitemap_url=self.request.build_absolute_uri(reverse("sitemap_news")),
            search_paths=search_paths,
            **kwargs,
        )

