import mimetypes

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core import images
from core.prepared import PreparedQuery
from core.html import count_words
from core.model_loading import QuickFromDb
from core.slugs import fold, unique_slug
from core.urls import slug_url
from core.typography import typeset_text
from media_library.models import ImageUsage
from media_library.richtext import BODY_EDITOR_EXTENSIONS, clean_body, render_body, without_figures

from .toc import add_heading_ids, shows_toc

# French reading speed for a magazine text, in words per minute.
READING_WORDS_PER_MINUTE = 220


class Section(QuickFromDb, models.Model):
    """A rubrique: one entry of the menu, and the home page's per-section blocks."""

    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position dans le menu"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Tag(QuickFromDb, TagBase):
    """A keyword. Own model (not taggit's default) so tag rules can evolve with migrations.

    "Réseaux", "reseaux" and "RÉSEAUX" are one tag: `key` (the name folded for accents and
    case, see core.slugs.fold) is unique, and adding a tag by name reuses the tag with the
    same key (`ArticleTagManager`).
    """

    key = models.CharField(_("clé de comparaison"), max_length=100, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")

    def slugify(self, tag, i=None):
        slug = unique_slug(self, tag) if i is None else f"{unique_slug(self, tag)}-{i}"
        return slug[:100]

    def clean(self):
        super().clean()
        same = Tag.objects.filter(key=fold(self.name)).exclude(pk=self.pk).first()
        if same is not None:
            raise ValidationError(
                {"name": _("Ce mot-clé existe déjà : « %(name)s ».") % {"name": same.name}}
            )

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.key = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)

    @classmethod
    def for_name(cls, name):
        """The tag called `name`, however it is accented or capitalised; created if new."""
        name = " ".join(name.split())[: cls._meta.get_field("name").max_length]
        existing = cls.objects.filter(key=fold(name)).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return cls.objects.create(name=name)
        except IntegrityError:  # created meanwhile by a concurrent request
            return cls.objects.get(key=fold(name))


class ArticleTagManager(_TaggableManager):
    """taggit's manager, matching names by folded key instead of exact or iexact name.

    Used by `article.tags.add/set(...)`, and so by the admin's tag field. A tag added gets the
    article's publication time (TaggedArticle.published_at).
    """

    def add(self, *tags, through_defaults=None, **kwargs):
        through_defaults = {"published_at": self.instance.listed_at,
                            **(through_defaults or {})}
        return super().add(*tags, through_defaults=through_defaults, **kwargs)

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tag_model = self.through.tag_model()
        names = [tag for tag in tags if isinstance(tag, str) and tag.strip()]
        existing = {
            tag.key: tag
            for tag in tag_model._default_manager.filter(key__in={fold(n) for n in names})
        }
        result, seen = [], set()
        for tag in tags:
            if isinstance(tag, str):
                if not tag.strip():
                    continue
                key = fold(tag)
                if key not in existing:
                    existing[key] = tag_model.for_name(tag)
                tag = existing[key]
            elif not isinstance(tag, tag_model):
                raise ValueError(f"Cannot add {tag} ({type(tag)}). Expected {tag_model} or str.")
            if tag.pk not in seen:
                seen.add(tag.pk)
                result.append(tag)
        return result


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    # Indexed with the article (below): a tag's articles by id, from the index alone.
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles",
                            db_index=False)
    # Article.listed_at, copied by every save of the article and every tag added: a tag's
    # latest articles come from one index range (the related articles' candidates,
    # articles/related.py) however many articles the tag has.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    # taggit serializes through-rows by natural key (dumpdata/loaddata, backups).
    natural_key_fields = ["content_object_id", "tag_id"]

    class Meta:
        verbose_name = _("mot-clé d'article")
        verbose_name_plural = _("mots-clés d'articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="tagged_article_tag_idx"),
            models.Index(fields=["tag", "-published_at", "-content_object"],
                         name="tagged_article_latest_idx"),
        ]


class ArticleQuerySet(models.QuerySet):
    """The one place that says what is live and what is scheduled (Wagtail's `live_q` shape):
    querysets filter with these, and `Article.is_published` / `is_scheduled` read the same rule
    on one article."""

    @staticmethod
    def live_q(now=None):
        """Published, and its publication time has come. Scheduling needs no cron: an article
        programmed for later simply starts matching when its time comes."""
        return models.Q(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    @staticmethod
    def scheduled_q(now=None):
        """Published with a publication time still to come: « Programmé »."""
        return models.Q(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def published(self, now=None):
        """What readers may see."""
        return self.filter(self.live_q(now))

    def scheduled(self, now=None):
        return self.filter(self.scheduled_q(now))

    # What other apps add to every card (comments: « 12 avis »): name -> function returning an
    # expression about the article at OuterRef("pk") (a correlated subquery, not a query per
    # card). Filled in those apps' ready(): this app imports none of them.
    card_annotations = {}

    def for_listing(self):
        """What a list of article cards reads, fetched in a constant number of queries."""
        annotations = {name: make() for name, make in self.card_annotations.items()}
        return (self.select_related("section").prefetch_related(BYLINES_PREFETCH)
                .annotate(**annotations))

    def for_cards(self):
        """What a card shows (CARD_FIELDS) and its annotations, nothing joined or prefetched:
        for a query built once (core.prepared) whose cards then get their section and byline
        from attach_sections() and attach_bylines()."""
        annotations = {name: make() for name, make in self.card_annotations.items()}
        return self.annotate(**annotations).only(*CARD_FIELDS)


class Article(QuickFromDb, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        REVIEW = "review", _("En relecture")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True,
                            help_text=_("Adresse de l'article ; déduite du titre si vide."))
    standfirst = models.TextField(_("chapô"), max_length=600, blank=True)
    # What the rich-text editor offers (media_library.richtext, shared with pages); clean_body
    # (core.html's allow-list, library figures by id) is the authority on what is stored.
    body = ProseEditorField(_("texte"), blank=True, config={"extensions": BODY_EDITOR_EXTENSIONS},
                            sanitize=clean_body)
    cover_image = images.CheckedImageField(
        _("image de une"), upload_to="covers/%Y/%m/", blank=True,
        width_field="cover_width", height_field="cover_height",
        validators=[images.ImageRules("IMAGE_COVER_MIN_WIDTH", "IMAGE_COVER_MIN_HEIGHT")],
        help_text=_("JPEG, PNG ou WebP, au moins 1200 × 630 pixels."))
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True,
                                 help_text=_("Décrit l'image pour qui ne la voit pas."))
    cover_credit = models.CharField(_("crédit de l'image"), max_length=200, blank=True)
    cover_caption = models.CharField(_("légende de l'image"), max_length=300, blank=True)
    # Where the subject is (0 = left/top, 1 = right/bottom): cropped renditions keep it in view.
    focal_x = models.FloatField(_("point d'intérêt, horizontal"), default=0.5,
                                validators=[MinValueValidator(0), MaxValueValidator(1)],
                                help_text=_("De 0 (bord gauche) à 1 (bord droit) ; 0,5 : centre."))
    focal_y = models.FloatField(_("point d'intérêt, vertical"), default=0.5,
                                validators=[MinValueValidator(0), MaxValueValidator(1)],
                                help_text=_("De 0 (haut) à 1 (bas) ; 0,5 : centre."))
    # Made once when the image is saved (core/images.py); pages read only this.
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    section = models.ForeignKey(Section, verbose_name=_("rubrique"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField("authors.Author", verbose_name=_("auteurs"),
                                     through="ArticleAuthor", related_name="articles", blank=True)
    tags = TaggableManager(verbose_name=_("mots-clés"), through=TaggedArticle, blank=True,
                           manager=ArticleTagManager)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    published_at = models.DateTimeField(_("date de publication"), null=True, blank=True,
                                        help_text=_("Dans le futur : l'article est programmé."))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    allow_comments = models.BooleanField(_("commentaires ouverts"), default=True)
    allow_ratings = models.BooleanField(_("notation ouverte"), default=True)
    # Pinned as the home page's lead story (the newest pinned one), whatever its date.
    featured = models.BooleanField(_("épinglé à la une"), default=False,
                                   help_text=_("En tête de la page d'accueil tant qu'il est le "
                                               "plus récent des articles épinglés."))
    seo_title = models.CharField(_("titre pour les moteurs de recherche"), max_length=200, blank=True)
    seo_description = models.CharField(_("description pour les moteurs de recherche"),
                                       max_length=300, blank=True)
    # A correction after publication (« Mis à jour le … », « Rectificatif : … »): set by an
    # editor's save that says so, or by accepting a journalist's proposal (Correction).
    corrected_at = models.DateTimeField(_("mis à jour le"), null=True, blank=True, editable=False)
    correction_note = models.TextField(
        _("rectificatif"), max_length=500, blank=True,
        help_text=_("Montré aux lecteurs sous la date : ce qui a été corrigé, et pourquoi."))
    # Computed on save, read by pages.
    word_count = models.PositiveIntegerField(_("nombre de mots"), default=0, editable=False)
    # Bumped by every save; the admin refuses a save based on an older version (two people
    # editing the same article must not silently overwrite each other).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Part of every shared preview link (articles/preview.py); a new key revokes them all.
    preview_key = models.CharField(_("clé des liens d'aperçu"), max_length=32, blank=True,
                                   editable=False)
    # The body as readers get it: heading anchors and French typography (`body` stays clean).
    body_html = models.TextField(default="", blank=True, editable=False)
    # Table of contents: [{"id", "title"}] of the body's h2s.
    toc = models.JSONField(default=list, blank=True, editable=False)
    cover_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Full-text search (articles/search.py): on PostgreSQL a weighted tsvector with a GIN index;
    # elsewhere accent-folded lowercase text. Both refreshed after every save and tag change.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(default="", blank=True, editable=False)
    # The library pictures its body shows (recorded at each save; deleted with the article).
    image_usages = GenericRelation(ImageUsage)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Peut publier, programmer, dépublier et archiver")),
        ]
        # With the id, in list order: a page's or a count's ids come from the index alone
        # (an index-only scan on PostgreSQL), however many articles there are.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_pub_idx"),
            models.Index(fields=["section", "status", "-published_at", "-id"],
                         name="article_section_pub_idx"),
            # The home page's lead: the newest pinned one, among a few pinned rows.
            models.Index(fields=["status", "-published_at", "-id"],
                         condition=models.Q(featured=True), name="article_featured_idx"),
            # Whether an article is live, from its id: the tag and author lists check a few
            # hundred ids (their count, their page) in this index, not in the table.
            models.Index(fields=["id", "published_at"], condition=models.Q(status="published"),
                         name="article_live_idx"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # The status as loaded, to tell a withdrawal when the article is saved.
        article._loaded_status = article.__dict__.get("status")
        return article

    @property
    def is_withdrawn_by_this_save(self):
        """Archived, or taken back from publication, by the change about to be saved."""
        before = getattr(self, "_loaded_status", None)
        return before is not None and before != self.status and (
            self.status == self.Status.ARCHIVED or before == self.Status.PUBLISHED)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.is_withdrawn_by_this_save:
            # Shared preview links die with the article's withdrawal (articles/preview.py).
            self.preview_key = ""
        self.body = clean_body(self.body)
        self.word_count = count_words(without_figures(self.body))
        html, toc = add_heading_ids(self.body)
        rendered = render_body(html)
        self.body_html = rendered.html
        self.toc = [{"id": entry["id"], "title": typeset_text(entry["title"])} for entry in toc]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Targeted writes (update_fields) are not edits of the text and leave it alone.
            self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if "body" in update_fields:
                update_fields |= {"word_count", "body_html", "toc"}
            if "cover_image" in update_fields:
                update_fields |= {"cover_size"}
            if "status" in update_fields:
                update_fields |= {"preview_key"}
            kwargs["update_fields"] = update_fields
        # A new article has no tags yet (they are added after it is saved).
        retag = not self._state.adding and (update_fields is None
                                             or update_fields & {"status", "published_at"})
        with images.saving_images(self, "cover_image", "cover_renditions"):  # a failed save stores no file
            self.refresh_renditions()
            self.cover_size = self._cover_file_size()
            super().save(*args, **kwargs)
            if retag:
                for through in (TaggedArticle.objects.filter(content_object_id=self.pk),
                                ArticleAuthor.objects.filter(article_id=self.pk)):
                    through.update(published_at=self.listed_at)
        ImageUsage.record(self, rendered.image_ids)
        self._loaded_status = self.status

    def rerender_body(self):
        """Derive the reader HTML again after a library picture it shows changed
        (ImageUsage.rerender); a targeted write: no new version, the text stays as it is."""
        self.save(update_fields=["body_html"])

    def _cover_file_size(self):
        """The stored cover's bytes (the feeds' enclosure length), as refresh_renditions()
        learnt them: no call to the storage (an object store) at each save."""
        if not self.cover_image:
            return None
        renditions = self.cover_renditions or {}
        if renditions.get("source") == self.cover_image.name and renditions.get("size"):
            return renditions["size"]
        return self.cover_size

    @property
    def cover_mime_type(self):
        return mimetypes.guess_type(self.cover_image.name)[0] if self.cover_image else None

    @property
    def shows_toc(self):
        return shows_toc(self.toc, self.word_count)

    def refresh_renditions(self, force=False):
        images.refresh_renditions(self, "cover_image", "cover_renditions", ("cover", "card"),
                                  focal=(self.focal_x, self.focal_y), force=force)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    @property
    def is_published(self):
        """Whether readers may see it now (ArticleQuerySet.live_q, on this article)."""
        return self.is_live()

    @property
    def listed_at(self):
        """Its publication time while its status is published (scheduled too), else None: what
        its taggings and bylines record (TaggedArticle/ArticleAuthor.published_at), copied at
        each save, so that a tag's or an author's latest articles come from one range of an
        index. Readers' visibility is still decided on the article (ArticleQuerySet.published);
        these copies only order and count."""
        return self.published_at if self.status == self.Status.PUBLISHED else None

    def is_live(self, now=None):
        return (self.status == self.Status.PUBLISHED and self.published_at is not None
                and self.published_at <= (now or timezone.now()))

    def is_scheduled(self, now=None):
        """Whether it waits for its publication time (ArticleQuerySet.scheduled_q): « Programmé »."""
        return (self.status == self.Status.PUBLISHED and self.published_at is not None
                and self.published_at > (now or timezone.now()))

    @property
    def reading_minutes(self):
        return max(1, round(self.word_count / READING_WORDS_PER_MINUTE))

    @property
    def shows_correction(self):
        """« Mis à jour le … »: corrected after it went out."""
        return bool(self.corrected_at and self.published_at
                    and self.corrected_at > self.published_at)

    @property
    def ordered_authors(self):
        """Authors in byline order; free when the queryset used `for_listing()`."""
        return [byline.author for byline in self.bylines.all()]


class ArticleAuthor(QuickFromDb, models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    # Indexed with the article (below): an author's articles by id, from the index alone.
    author = models.ForeignKey("authors.Author", verbose_name=_("auteur"),
                               on_delete=models.PROTECT, related_name="bylines", db_index=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Article.listed_at, copied by every save of the byline and of the article: an author's
    # page and its length from one range of an index, however many articles she signed.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]
        indexes = [
            models.Index(fields=["author", "article"], name="byline_author_article_idx"),
            models.Index(fields=["author", "-published_at", "-article"],
                         name="byline_author_latest_idx"),
        ]

    def __str__(self):
        # The admin shows it above the row (« Camille Durand »): the order has its own column.
        return str(self.author)

    def save(self, *args, **kwargs):
        self.published_at = self.article.listed_at
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)


def copy_listed_at():
    """Every tagging's and byline's copy of Article.listed_at made again from the articles, one
    UPDATE per table: for rows written around save(), as loaddata writes a backup made before
    the copies existed (magazine/backup.py)."""
    for through, article in ((TaggedArticle, "content_object_id"), (ArticleAuthor, "article_id")):
        listed_at = (Article.objects.filter(pk=models.OuterRef(article), status=Article.Status.PUBLISHED)
                     .values("published_at")[:1])
        through.objects.update(published_at=models.Subquery(listed_at))


# What an article card never shows (the text and the search columns): lists leave it unread.
CARD_DEFERRED = ("body", "body_html", "search_text", "search_vector", "toc")
# What a card shows (articles/templatetags/cards.py; `featured` for the home page's lead),
# all the lists built with for_cards() read: a column a card starts to show goes here, or each
# card reads it with a query of its own (the query budgets of tests/magazine say so).
CARD_FIELDS = ("id", "title", "slug", "standfirst", "section_id", "status", "published_at",
               "featured", "word_count", "cover_image", "cover_width", "cover_height", "cover_alt",
               "cover_renditions")
# What a card's byline shows of its authors (attach_bylines).
BYLINE_AUTHOR_FIELDS = ("author__name", "author__slug", "author__portrait",
                        "author__portrait_width", "author__portrait_height",
                        "author__portrait_renditions")

# Byline in order with its authors, in one query for any number of articles.
BYLINES_PREFETCH = models.Prefetch(
    "bylines", queryset=ArticleAuthor.objects.select_related("author").order_by("position", "id")
)


def _build_bylines(shape, article_ids):
    return (BYLINES_PREFETCH.queryset.filter(article_id__in=article_ids)
            .only("article_id", "position", *BYLINE_AUTHOR_FIELDS))


def _build_whole_bylines(shape, article_ids):
    return BYLINES_PREFETCH.queryset.filter(article_id__in=article_ids)


_bylines_query = PreparedQuery(ArticleAuthor, _build_bylines, plan_once=True)
_whole_bylines_query = PreparedQuery(ArticleAuthor, _build_whole_bylines, plan_once=True)
# The empty queryset each article's byline list is a copy of (building one per article would
# cost what the prefetch costs).
_EMPTY_BYLINES = ArticleAuthor.objects.none()


def attach_bylines(articles, whole_authors=False):
    """What `prefetch_related(BYLINES_PREFETCH)` does for cards, in one query built once per
    process (core.prepared): `article.ordered_authors` is then free, its authors with what a
    byline shows (BYLINE_AUTHOR_FIELDS), or all their fields (`whole_authors`: an article's
    own page shows their bios). The list of ids is padded to a multiple of 8 (repeating the
    last) so that a few shapes serve every list length."""
    articles = [a for a in articles if "bylines" not in getattr(a, "_prefetched_objects_cache", {})]
    if not articles:
        return
    ids = list(dict.fromkeys(a.pk for a in articles))
    ids += ids[-1:] * (-len(ids) % 8)
    found = {}
    query = _whole_bylines_query if whole_authors else _bylines_query
    for byline in query.run((), article_ids=ids):
        found.setdefault(byline.article_id, []).append(byline)
    field = ArticleAuthor.article.field
    for article in articles:
        bylines = found.get(article.pk, [])
        for byline in bylines:
            field.set_cached_value(byline, article)
        cached = object.__new__(type(_EMPTY_BYLINES))  # shallow: copy.copy() would run it
        cached.__dict__.update(_EMPTY_BYLINES.__dict__, _result_cache=bylines, _prefetch_done=True)
        if not hasattr(article, "_prefetched_objects_cache"):
            article._prefetched_objects_cache = {}
        article._prefetched_objects_cache["bylines"] = cached


def _build_tags(shape, article_id):
    return Tag.objects.filter(tagged_articles__content_object_id=article_id)


_tags_query = PreparedQuery(Tag, _build_tags, plan_once=True)
_EMPTY_TAGS = Tag.objects.none()


def attach_tags(article):
    """What `prefetch_related_objects([article], "tags")` does, by name as taggit gives them,
    in a query built once per process: `article.tags.all()` is then free."""
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    if "tags" not in cache:
        tags = object.__new__(type(_EMPTY_TAGS))
        tags.__dict__.update(_EMPTY_TAGS.__dict__, _result_cache=list(_tags_query.run((), article_id=article.pk)),
                             _prefetch_done=True)
        cache["tags"] = tags


def attach_sections(articles, sections):
    """Give each article its section from `sections` (the menu's, already read), so the
    article query joins nothing; an article whose section is not among them reads it
    as usual."""
    by_pk = {section.pk: section for section in sections}
    field = Article.section.field
    for article in articles:
        section = by_pk.get(article.section_id)
        if section is not None or article.section_id is None:
            field.set_cached_value(article, section)


class Correction(models.Model):
    """A change to a published article proposed by one of its journalists, which an editor
    accepts (the text replaced, « Mis à jour le … » shown to readers) or refuses.

    A journalist no longer edits an article once it is published (articles.workflow): this is
    how they fix a typo or a fact in it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="corrections")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposée par"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    # The article's version the proposal started from.
    base_version = models.PositiveIntegerField(_("version de départ"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    standfirst = models.TextField(_("chapô"), max_length=600, blank=True)
    body = ProseEditorField(_("texte"), blank=True, config={"extensions": BODY_EDITOR_EXTENSIONS},
                            sanitize=clean_body)
    note = models.TextField(
        _("rectificatif"), max_length=500, blank=True,
        help_text=_("Facultatif. Montré aux lecteurs sous la date : ce qui a été corrigé."))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("décidée par"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction proposée")
        verbose_name_plural = _("corrections proposées")
        indexes = [models.Index(fields=["article", "status"], name="correction_article_idx")]

    def __str__(self):
        return _("Correction de « %(title)s »") % {"title": self.article.title}

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        super().save(*args, **kwargs)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def accept(self, editor, comment):
        """Apply the proposal to the article as one revision by `editor` (with `comment`), and
        show readers the update (with the note, if any). Returns the article."""
        import reversion  # noqa: PLC0415 (articles.revisions registers the models)

        with transaction.atomic(), reversion.create_revision():
            article = Article.objects.select_for_update().get(pk=self.article_id)
            article.title, article.standfirst, article.body = self.title, self.standfirst, self.body
            article.corrected_at = timezone.now()
            if self.note.strip():
                article.correction_note = self.note.strip()
            article.save()
            reversion.set_user(editor)
            reversion.set_comment(comment)
            self._decide(editor, self.Status.ACCEPTED)
        return article

    def refuse(self, editor):
        self._decide(editor, self.Status.REFUSED)

    def _decide(self, editor, status):
        self.status, self.decided_by, self.decided_at = status, editor, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])
