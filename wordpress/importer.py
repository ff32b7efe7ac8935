"""A WordPress magazine moved in: authors, sections, tags, articles, pages, pictures, comments,
star ratings, and a redirect for every old address.

Two passes over the export, both streamed (wordpress/wxr.py):
1. an index: every item's id, type, status, address and parent, every picture's address and
   words. It reads the whole file first, so a truncated or malformed export is refused before
   anything is written; and posts can refer to pictures and posts that come later in the file.
2. the import, item by item, each in its own savepoint inside transactions of BATCH items: a
   failed item is rolled back alone and reported, the others are kept. A run that stops half
   way (a crash, Ctrl-C) is resumed by running it again: every item is keyed on the export's
   site address and its WordPress id (ImportedItem), so nothing is duplicated and what is
   unchanged is skipped quickly.

Nothing is invalidated, purged or mailed per item: page-cache counters move once at the end
(pagecache.generations.deferred_bumps); comments are written in bulk, without the signals that
send notifications.
"""

import hashlib
import ipaddress
import json
import posixpath
import re
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article, ArticleAuthor, Section, Tag
from authors.models import Author
from comments.models import Comment
from core import images, safe_fetch
from core.tasks import make_renditions_later
from core.readers import hash_address
from core.slugs import fold, slugify, unique_slug
from media_library.models import LibraryImage
from pagecache.generations import deferred_bumps
from pages.models import Page, reserved_slugs
from ratings.models import MAX_SCORE, RatingSummary
from redirects.models import Redirect
from redirects.models import changed as redirects_changed
from redirects.paths import OLD_PATH_MAX, TARGET_MAX, normalize_old_path, normalize_target

from . import content, wxr
from .models import ImportedItem

BATCH = 50
IMPORT_NOTE = "Import WordPress"
# A picture downloaded from the old site: at most this long, all redirects included.
DOWNLOAD_TIMEOUT = 30.0
# Pictures downloaded at once from the old site, and how many may wait ahead of the import.
DOWNLOAD_WORKERS = 4
DOWNLOADS_AHEAD = 32
Kind = ImportedItem.Kind
JOURNALIST_GROUP = "Journaliste"
# WordPress's default category ("Uncategorized", « Non classé »): no section.
DEFAULT_CATEGORIES = {"uncategorized", "non-classe", "sans-categorie"}
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
}
SKIPPED_STATUSES = {"private": "privé sur l'ancien site", "trash": "à la corbeille",
                    "auto-draft": "brouillon automatique", "inherit": "révision"}
COMMENT_STATUSES = {"1": Comment.Status.APPROVED, "approve": Comment.Status.APPROVED,
                    "0": Comment.Status.PENDING, "hold": Comment.Status.PENDING,
                    "spam": Comment.Status.SPAM}
IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".webp"}

# The kinds counted in the report, in the order of its last line.
REPORT_KINDS = ["articles", "pages", "sections", "tags", "authors", "comments", "images",
                "redirects"]
KIND_LABELS = {"articles": "Articles", "pages": "Pages", "sections": "Rubriques",
               "tags": "Mots-clés", "authors": "Auteurs", "comments": "Avis", "images": "Images",
               "redirects": "Redirections"}
OUTCOMES = ["imported", "updated", "unchanged", "skipped", "failed"]
OUTCOME_LABELS = {"imported": "importés", "updated": "mis à jour", "unchanged": "inchangés",
                  "skipped": "écartés", "failed": "en échec"}


class ImportFailed(Exception):
    """The whole import cannot run (bad file, missing folder); nothing was written."""


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    problems: list = field(default_factory=list)  # (outcome, what, reason)
    missing_images: list = field(default_factory=list)  # (what, source)
    unknown_shortcodes: dict = field(default_factory=dict)  # name -> [what, …]
    notes: list = field(default_factory=list)
    ignored_types: Counter = field(default_factory=Counter)
    dry_run: bool = False

    def add(self, kind, outcome, what=None, reason=""):
        self.counts[kind][outcome] += 1
        if outcome in ("skipped", "failed") and what:
            self.problems.append((outcome, what, reason))

    @property
    def failed(self):
        return sum(c["failed"] for c in self.counts.values())

    def summary_line(self):
        done = {kind: self.counts[kind]["imported"] + self.counts[kind]["updated"]
                for kind in REPORT_KINDS}
        skipped = sum(c["skipped"] for c in self.counts.values())
        return "IMPORT " + " ".join(f"{kind}={done[kind]}" for kind in REPORT_KINDS) + \
            f" skipped={skipped} failed={self.failed}"

    def render(self):
        lines = ["Import WordPress" + (" — essai à blanc : rien n'a été enregistré" if self.dry_run else ""), ""]
        width = max(len(label) for label in KIND_LABELS.values())
        lines.append(" " * width + "  " + "  ".join(f"{OUTCOME_LABELS[o]:>11}" for o in OUTCOMES))
        for kind in REPORT_KINDS:
            lines.append(f"{KIND_LABELS[kind]:<{width}}  "
                         + "  ".join(f"{self.counts[kind][o]:>11}" for o in OUTCOMES))
        if self.ignored_types:
            lines += ["", "Types WordPress non importés : " + ", ".join(
                f"{name} ({count})" for name, count in sorted(self.ignored_types.items()))]
        if self.problems:
            lines += ["", "Écartés ou en échec :"]
            lines += [f"- {OUTCOME_LABELS[outcome]} : {what} — {reason}"
                      for outcome, what, reason in self.problems]
        if self.missing_images:
            lines += ["", "Images introuvables (laissées de côté, jamais liées à l'ancien site) :"]
            lines += [f"- {what} : {source}" for what, source in self.missing_images]
        if self.unknown_shortcodes:
            lines += ["", "Codes courts inconnus, retirés (leur contenu est gardé) :"]
            for name, where in sorted(self.unknown_shortcodes.items()):
                more = f" et {len(where) - 3} autre(s)" if len(where) > 3 else ""
                lines.append(f"- [{name}] dans {', '.join(where[:3])}{more}")
        if self.notes:
            lines += ["", "Remarques :"] + [f"- {note}" for note in self.notes]
        lines += ["", self.summary_line()]
        return "\n".join(lines)


@dataclass
class Indexed:
    """What pass 1 keeps of an item: enough to link to it before it is imported."""

    post_type: str
    status: str
    link: str
    slug: str
    parent: int
    title: str = ""
    url: str = ""  # attachments: the file's address
    alt: str = ""
    caption: str = ""
    credit: str = ""
    attached_file: str = ""
    sizes: tuple = ()  # file names of WordPress's resized copies (photo-300x200.jpg)


def _checksum(*parts):
    return hashlib.blake2b(json.dumps(parts, default=str, sort_keys=True).encode(),
                           digest_size=16).hexdigest()


def _plain(text):
    return re.sub(r"\s+", " ", unescape(strip_tags(text or ""))).strip()


STORED = "imports:"  # an export or uploads folder in the imports storage


def _uploads_store(uploads):
    """(storage, prefix) of the old uploads folder: a local folder, or `imports:<prefix>` in
    the imports storage; (None, "") when there is none or it is not a folder."""
    if not uploads:
        return None, ""
    if uploads.startswith(STORED):
        prefix = uploads.removeprefix(STORED).strip("/")
        return storages["imports"], f"{prefix}/" if prefix else ""
    folder = Path(uploads).resolve()
    if not folder.is_dir():
        return None, ""
    return FileSystemStorage(location=str(folder), base_url=None), ""


def _path_of(url):
    """The path (and query) of an address, as our redirects store it."""
    parts = urlsplit(url or "")
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _php_string(serialized, key):
    """A string value from PHP-serialized attachment metadata (image_meta's credit)."""
    match = re.search(rf's:\d+:"{re.escape(key)}";s:\d+:"([^"]*)"', serialized or "")
    return match[1].strip() if match else ""


class Importer:
    def __init__(self, path, uploads=None, dry_run=False, section_from="category", user=None,
                 progress=None, fetch_remote=True):
        # The export and the old uploads folder: local (the command's arguments) or, as
        # `imports:<name>`, in the private imports storage (any server reaches it).
        self.path = path if str(path).startswith(STORED) else Path(path)
        self.uploads = str(uploads) if uploads else None
        self.uploads_store, self.uploads_prefix = _uploads_store(self.uploads)
        self.dry_run = dry_run
        self.section_from = section_from
        self.user = user
        self.progress = progress
        self.fetch_remote = fetch_remote
        self.report = Report(dry_run=dry_run)
        self.index = {}  # wp_id -> Indexed
        self.by_path = {}  # old path -> wp_id (posts and pages)
        self.by_file_url = {}  # attachment file address (and its resized variants' base) -> wp_id
        self.attachments_of = defaultdict(list)  # post wp_id -> attachment ids
        self.terms = {}  # (taxonomy, slug) -> wxr.Term
        self.mapped = {}  # (kind, wp_key) -> object
        self.pending_links = []  # articles/pages whose links to other items wait for pass 2's end
        self.pending_pages = []
        self.redirects = {}  # old path -> new path ("" : 410)
        self.downloads = {}  # picture address -> Future of (bytes or None, why)
        self.site = None
        self.total = 0
        self.done = 0
        self.started = time.monotonic()

    # --- Running -------------------------------------------------------------------------

    def run(self):
        if self.uploads is not None and self.uploads_store is None:
            raise ImportFailed(f"Dossier d'images introuvable : {self.uploads}")
        try:
            self._index()
        except wxr.ExportError as error:
            raise ImportFailed(str(error)) from None
        except OSError as error:
            raise ImportFailed(f"Fichier illisible : {error}") from None
        self._preload()
        with deferred_bumps(), images.renditions_later() as pictures:
            pool = self._start_downloads()
            try:
                if self.dry_run:
                    with transaction.atomic():
                        self._import()
                        transaction.set_rollback(True)
                else:
                    self._import()
            finally:
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
        if not self.dry_run and pictures.pending:
            # Renditions off the import (a worker makes them; pages show the originals until).
            make_renditions_later(pictures.pending)
            self.report.notes.append(
                f"{len(pictures.pending)} image(s) : déclinaisons (tailles, WebP) confiées aux "
                "tâches de fond ; les pages montrent l'original d'ici là.")
        return self.report

    def _events(self):
        if isinstance(self.path, Path):
            opened = self.path.open("rb")
        else:
            opened = storages["imports"].open(self.path.removeprefix(STORED), "rb")
        with opened as file:
            yield from wxr.read_export(file)

    def _index(self):
        for event in self._events():
            if isinstance(event, wxr.Site):
                self.site = event
                self.source = (event.base_site_url or event.base_blog_url or event.link).rstrip("/")
                self.host = urlsplit(self.source).netloc.lower()
            elif isinstance(event, wxr.Term):
                self.terms[(event.taxonomy, event.slug)] = event
                self.total += 1
            elif isinstance(event, wxr.Author):
                self.total += 1
            elif isinstance(event, wxr.Item):
                self.total += 1
                entry = Indexed(event.post_type, event.status, event.link, event.slug,
                                event.parent, event.title)
                if event.post_type == "attachment":
                    entry.url = event.attachment_url or event.guid
                    entry.alt = event.meta_value("_wp_attachment_image_alt").strip()
                    entry.caption = _plain(event.excerpt)
                    metadata = event.meta_value("_wp_attachment_metadata")
                    entry.credit = _php_string(metadata, "credit") or _php_string(metadata, "copyright")
                    entry.attached_file = event.meta_value("_wp_attached_file")
                    entry.sizes = tuple(dict.fromkeys(re.findall(
                        r's:4:"file";s:\d+:"([^"/]+-\d+x\d+\.[A-Za-z0-9]+)"', metadata or "")))
                    self.by_file_url[self._file_key(entry.url)] = event.wp_id
                    if event.parent:
                        self.attachments_of[event.parent].append(event.wp_id)
                elif event.post_type in ("post", "page"):
                    for address in (event.link, event.guid):
                        if address and self._is_ours(address):
                            self.by_path[_path_of(address)] = event.wp_id
                self.index[event.wp_id] = entry
        if self.site is None:
            raise wxr.ExportError("Ce fichier n'est pas un export WordPress.")

    def _import(self):
        batch = []
        for event in self._events():
            if isinstance(event, wxr.Site):
                continue
            batch.append(event)
            if len(batch) >= BATCH:
                self._import_batch(batch)
                batch = []
        self._import_batch(batch)
        self._import_pending_pages()
        self._rewrite_pending_links()
        self._site_redirects()
        with transaction.atomic():
            self._write_redirects()

    def _import_batch(self, events):
        self._top_up_downloads()
        if not events:
            return
        with transaction.atomic():
            for event in events:
                self._import_one(event)
                self.done += 1
                if self.progress:
                    self.progress(self.done, self.total, time.monotonic() - self.started)

    def _import_one(self, event):
        what = event.describe() if isinstance(event, wxr.Item) else getattr(event, "login", None) \
            or getattr(event, "slug", "?")
        try:
            with transaction.atomic():
                if isinstance(event, wxr.Author):
                    self._author(event)
                elif isinstance(event, wxr.Term):
                    self._term(event)
                elif event.post_type == "post":
                    self._post(event)
                elif event.post_type == "page":
                    self._page(event)
                elif event.post_type == "attachment":
                    self._attachment(event)
                else:
                    self.report.ignored_types[event.post_type or "?"] += 1
        except (ValidationError, ValueError, OSError, LookupError, DatabaseError) as error:
            # Rolled back to this item's savepoint: the rest of the batch goes on.
            kind = self._report_kind(event)
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.report.add(kind, "failed", what, message or error.__class__.__name__)

    @staticmethod
    def _report_kind(event):
        if isinstance(event, wxr.Author):
            return "authors"
        if isinstance(event, wxr.Term):
            return "tags"
        return {"post": "articles", "page": "pages", "attachment": "images"}.get(
            event.post_type, "articles")

    # --- Keys ----------------------------------------------------------------------------

    def _preload(self):
        """Every item a previous run imported from this site, in one query (a second run
        checks each item against it instead of asking the database item by item)."""
        for row in ImportedItem.objects.filter(source=self.source).exclude(kind=Kind.COMMENT) \
                .only("kind", "wp_key", "object_id", "checksum", "local_version", "content_type_id"):
            self.mapped[(row.kind, row.wp_key)] = row
        self.imported_comments = set(ImportedItem.objects.filter(
            source=self.source, kind=Kind.COMMENT).values_list("wp_key", flat=True))

    def _known(self, kind, wp_key):
        return self.mapped.get((kind, str(wp_key)))

    def _remember(self, kind, wp_key, obj, checksum="", local_version=""):
        row, _ = ImportedItem.objects.update_or_create(
            source=self.source, kind=kind, wp_key=str(wp_key),
            defaults={"content_type": ContentType.objects.get_for_model(obj),
                      "object_id": obj.pk, "checksum": checksum,
                      "local_version": str(local_version)})
        row._object = obj
        self.mapped[(kind, str(wp_key))] = row
        return row

    def _object(self, kind, wp_key, model):
        row = self._known(kind, wp_key)
        if row is None:
            return None
        obj = getattr(row, "_object", None)
        if obj is None:
            obj = model._default_manager.filter(pk=row.object_id).first()
            row._object = obj
        return obj

    def _is_ours(self, url):
        parts = urlsplit(url or "")
        return not parts.netloc or parts.netloc.lower() == self.host

    # --- Authors, sections, tags -----------------------------------------------------------

    def _author(self, entry):
        name = entry.display_name or " ".join(filter(None, [entry.first_name, entry.last_name])) \
            or entry.login
        checksum = _checksum(name, entry.email)
        existing = self._object(Kind.AUTHOR, entry.login, Author)
        if existing is not None and self._known(Kind.AUTHOR, entry.login).checksum == checksum:
            self.report.add("authors", "unchanged")
            return existing
        author = existing or Author.objects.filter(name=name).first() or Author(name=name)
        author.name = name[:120]
        if entry.email and not author.email:
            author.email = entry.email
        if author.user_id is None:
            author.user = self._staff_account(entry)
        author.save()
        self._remember(Kind.AUTHOR, entry.login, author, checksum)
        self.report.add("authors", "updated" if existing else "imported")
        return author

    def _staff_account(self, entry):
        """An inactive staff account in the journalists' group, with no usable password: an
        editor activates it (WordPress passwords are never imported)."""
        User = get_user_model()
        base = slugify(entry.login)[:140] or "auteur"
        username, n = base, 2
        while User.objects.filter(username=username).exists():
            username = f"{base}-{n}"
            n += 1
        user = User(username=username, email=entry.email or "", first_name=entry.first_name[:150],
                    last_name=entry.last_name[:150], is_staff=True, is_active=False)
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name=JOURNALIST_GROUP).first()
        if group is not None:
            user.groups.add(group)
        return user

    def _section_taxonomy(self):
        return "category" if self.section_from == "category" else "post_tag"

    def _is_section(self, taxonomy, slug):
        term = self.terms.get((taxonomy, slug))
        return (taxonomy == self._section_taxonomy() and slug not in DEFAULT_CATEGORIES
                and not (term and term.parent_slug))

    def _term(self, term):
        if term.taxonomy not in ("category", "post_tag"):
            self.report.ignored_types[f"taxonomie {term.taxonomy}"] += 1
            return None
        if term.taxonomy == "category" and term.slug in DEFAULT_CATEGORIES:
            return None
        if self._is_section(term.taxonomy, term.slug):
            return self._section(term)
        return self._tag(term)

    def _section(self, term):
        key = f"{term.taxonomy}:{term.slug}"
        name = _plain(term.name) or term.slug
        existing = self._object(Kind.SECTION, key, Section)
        if existing is not None:
            self.report.add("sections", "unchanged")
            return existing
        section = Section.objects.filter(name__iexact=name).first()
        outcome = "updated" if section else "imported"
        if section is None:
            section = Section(name=name[:80], description=_plain(term.description))
            section.slug = unique_slug(section, unquote(term.slug) or name)
            section.save()
        self._remember(Kind.SECTION, key, section)
        self.report.add("sections", outcome)
        return section

    def _tag(self, term):
        key = f"{term.taxonomy}:{term.slug}"
        existing = self._object(Kind.TAG, key, Tag)
        if existing is not None:
            self.report.add("tags", "unchanged")
            return existing
        name = _plain(term.name) or unquote(term.slug)
        existed = Tag.objects.filter(key=fold(name)).exists()  # « ÉCOLOGIE » is « Écologie »
        tag = Tag.for_name(name)
        self._remember(Kind.TAG, key, tag)
        self.report.add("tags", "unchanged" if existed else "imported")
        return tag

    def _term_object(self, taxonomy, slug, name):
        """The section or tag for a term an item names (declared at the top or not)."""
        if (taxonomy, slug) not in self.terms:
            self.terms[(taxonomy, slug)] = wxr.Term(taxonomy, slug, name)
        key = f"{taxonomy}:{slug}"
        for kind, model in ((Kind.SECTION, Section), (Kind.TAG, Tag)):
            obj = self._object(kind, key, model)
            if obj is not None:
                return obj
        return self._term(self.terms[(taxonomy, slug)])

    # --- Pictures --------------------------------------------------------------------------

    def _file_key(self, url):
        """An attachment's address without WordPress's size suffix (photo-300x200.jpg is a
        resized copy of photo.jpg), scheme and host: how bodies find their attachment."""
        path = urlsplit(url or "").path
        return re.sub(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)", "", unquote(path)).lower()

    def _attachment(self, item):
        extension = posixpath.splitext(urlsplit(item.attachment_url or item.guid).path)[1].lower()
        if extension not in IMAGE_TYPES:
            self.report.ignored_types["fichier joint non image"] += 1
            return None
        return self._image(item.wp_id)

    def _image(self, attachment_id=None, src="", alt="", caption="", where=""):
        """The library picture for a WordPress attachment (or a body's picture address),
        imported on first use; None when it could not be (reported)."""
        if attachment_id is None and src:
            attachment_id = self.by_file_url.get(self._file_key(src))
        key = str(attachment_id) if attachment_id else f"url:{self._file_key(src)}"
        existing = self._object(Kind.ATTACHMENT, key, LibraryImage)
        if existing is not None:
            return existing
        if self.mapped.get(("missing", key)):
            return None
        entry = self.index.get(attachment_id) if attachment_id else None
        url = entry.url if entry else src
        alt = (entry.alt if entry else "") or alt or (entry.title if entry else "") or caption
        if not alt:
            alt = posixpath.splitext(posixpath.basename(urlsplit(url).path))[0].replace("-", " ")
        data, problem = self._picture_bytes(url, entry.attached_file if entry else "")
        if data is None:
            self.mapped[("missing", key)] = True
            self.report.missing_images.append((where or f"image {key}", f"{url} ({problem})"))
            self.report.add("images", "skipped")
            return None
        if self.dry_run:
            self.report.add("images", "imported")
            return None
        name = posixpath.basename(urlsplit(url).path) or "image.jpg"
        image = LibraryImage(alt=alt[:250], caption=((entry.caption if entry else "") or caption)[:300],
                             credit=(entry.credit if entry else "")[:200], uploaded_by=self.user)
        image.file = images_upload(data, name)
        try:
            image.full_clean(exclude=["uploaded_by"])
        except ValidationError as error:
            self.mapped[("missing", key)] = True
            reason = "; ".join(error.messages)
            self.report.missing_images.append((where or f"image {key}", f"{url} ({reason})"))
            self.report.add("images", "failed", f"image {url}", reason)
            return None
        image.save()
        self._remember(Kind.ATTACHMENT, key, image)
        self.report.add("images", "imported")
        self._redirect(_path_of(url), image.file.url, only_ours=url)
        # WordPress's resized copies of it, which old pages and other sites link to.
        folder = posixpath.dirname(_path_of(url))
        for size in entry.sizes if entry else ():
            self._redirect(f"{folder}/{size}", image.file.url, only_ours=url)
        return image

    def _local_picture(self, url, attached_file):
        """The picture's name in the old uploads folder's storage (never outside it), or None."""
        if self.uploads_store is None:
            return None
        relative = attached_file or unquote(urlsplit(url).path).split("/wp-content/uploads/", 1)[-1]
        relative = posixpath.normpath("/" + relative.replace("\\", "/")).lstrip("/")
        if not relative or relative == ".":
            return None
        name = self.uploads_prefix + relative
        try:
            if isinstance(self.uploads_store, FileSystemStorage):
                # A link inside the folder may point anywhere: follow it, stay inside.
                root = Path(self.uploads_store.location).resolve()
                if not Path(self.uploads_store.path(name)).resolve().is_relative_to(root):
                    return None
            return name if self.uploads_store.exists(name) else None
        except (SuspiciousFileOperation, ValueError):
            return None

    def _picture_bytes(self, url, attached_file):
        """The picture's bytes from the old uploads folder, else downloaded; (None, why)."""
        local = self._local_picture(url, attached_file)
        if local is not None:
            try:
                if self.uploads_store.size(local) > settings.IMAGE_MAX_UPLOAD_BYTES:
                    return None, "fichier trop lourd"
                with self.uploads_store.open(local, "rb") as stored:
                    return stored.read(), ""
            except IsADirectoryError:
                return None, "absente du dossier d'images"
        if not self.fetch_remote or not url.startswith(("http://", "https://")):
            return None, "absente du dossier d'images"
        if self.dry_run:
            return b"", ""
        if url in self.downloads:
            return self.downloads.pop(url).result()
        return _download(url)

    def _start_downloads(self):
        """Pictures missing from the uploads folder are downloaded a few at a time while the
        import goes on (DOWNLOAD_WORKERS: polite to the old server, and no hour of waiting
        one picture after the other). Each lands in memory only until its item takes it."""
        if not self.fetch_remote or self.dry_run:
            return None
        wanted = [entry.url for entry in self.index.values()
                  if entry.post_type == "attachment" and entry.url.startswith(("http://", "https://"))
                  and posixpath.splitext(urlsplit(entry.url).path)[1].lower() in IMAGE_TYPES
                  and self._local_picture(entry.url, entry.attached_file) is None
                  and self._known(Kind.ATTACHMENT, str(self.by_file_url.get(self._file_key(entry.url)))) is None]
        if not wanted:
            return None
        pool = ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS, thread_name_prefix="wp-download")
        # Submitted in file order, a bounded number ahead of the import (memory stays bounded).
        self.download_queue = iter(dict.fromkeys(wanted))
        self.pool = pool
        self._top_up_downloads()
        return pool

    def _top_up_downloads(self):
        pool = getattr(self, "pool", None)
        if pool is None:
            return
        while len(self.downloads) < DOWNLOADS_AHEAD:
            url = next(self.download_queue, None)
            if url is None:
                return
            self.downloads[url] = pool.submit(_download, url)

    def _resolve_image(self, what):
        def resolve(ref):
            image = self._image(ref.attachment_id, ref.src, ref.alt, ref.caption, where=what)
            if image is None:
                return None
            return library_figure(image)
        return resolve

    # --- Articles --------------------------------------------------------------------------

    def _body(self, item, what):
        converted = content.convert_body(
            item.content, resolve_image=self._resolve_image(what),
            resolve_link=self._resolve_link, attachments_of_post=self.attachments_of.get(item.wp_id, ()))
        for name in converted.unknown_shortcodes:
            self.report.unknown_shortcodes.setdefault(name, []).append(what)
        return converted.html

    def _resolve_link(self, href):
        if not self._is_ours(href) or not href.strip():
            return None
        wp_id = self._linked_id(href)
        if wp_id is None:
            return None
        target = self._target_of(wp_id)
        if target is None:
            self._links_pending = True
            return None
        return target.get_absolute_url()

    def _linked_id(self, href):
        parts = urlsplit(href)
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        for name in ("p", "page_id"):
            if query.get(name, "").isdigit():
                return int(query[name])
        path = parts.path or "/"
        for candidate in (path, path.rstrip("/") + "/", path.rstrip("/")):
            if candidate in self.by_path:
                return self.by_path[candidate]
        return None

    def _target_of(self, wp_id):
        entry = self.index.get(wp_id)
        if entry is None:
            return None
        if entry.post_type == "page":
            return self._object(Kind.PAGE, wp_id, Page)
        return self._object(Kind.POST, wp_id, Article)

    def _post(self, item):
        what = item.describe()
        if item.status in SKIPPED_STATUSES or item.status not in STATUSES:
            reason = SKIPPED_STATUSES.get(item.status, f"statut « {item.status} » inconnu")
            self.report.add("articles", "skipped", what, reason)
            for path in self._old_paths(item):
                self._redirect(path, "")  # 410: it is not coming back
            return None
        checksum = _checksum(item.title, item.content, item.excerpt, item.status, item.date_gmt,
                             item.slug, item.terms, item.sticky, item.creator,
                             sorted(item.meta.items()), len(item.comments))
        row = self._known(Kind.POST, item.wp_id)
        article = self._object(Kind.POST, item.wp_id, Article)
        if article is not None:
            if str(article.version) != row.local_version:
                self.report.add("articles", "skipped", what, "modifié ici depuis l'import : laissé tel quel")
                return article
            if row.checksum == checksum:
                self.report.add("articles", "unchanged")
                return article
        outcome = "updated" if article is not None else "imported"
        article = article or Article()
        article.title = _plain(item.title)[:200] or "Sans titre"
        if not article.slug:
            article.slug = unique_slug(article, unquote(item.slug) or article.title)
        article.standfirst = _plain(item.excerpt)[:600]
        self._links_pending = False
        article.body = self._body(item, what)
        article.status = STATUSES[item.status]
        article.published_at = item.date_gmt or (
            timezone.make_aware(item.date) if item.date else None)
        if item.status in ("draft", "pending") and article.published_at and \
                article.published_at > timezone.now():
            article.published_at = None
        article.featured = item.sticky  # « À la une »
        article.seo_title, article.seo_description = self._seo(item, article.title)
        section, tags = self._classification(item)
        article.section = section
        cover = None
        thumbnail = item.meta_value("_thumbnail_id")
        if thumbnail.isdigit():
            cover = self._image(int(thumbnail), where=what)
        if cover is not None and not self.dry_run:
            article.cover_image = cover.file.name
            article.cover_alt = cover.alt[:250]
            article.cover_caption = cover.caption[:300]
            article.cover_credit = cover.credit[:200]
        article.save()
        article.tags.set(tags)
        author = self._object(Kind.AUTHOR, item.creator, Author) if item.creator else None
        if author is not None:
            ArticleAuthor.objects.get_or_create(article=article, author=author)
        self._comments(item, article)
        self._ratings(item, article)
        article.refresh_from_db(fields=["version"])
        self._remember(Kind.POST, item.wp_id, article, checksum, article.version)
        if self._links_pending:
            self.pending_links.append((Kind.POST, item.wp_id, item))
        for path in self._old_paths(item):
            self._redirect(path, article.get_absolute_url())
        self.report.add("articles", outcome)
        return article

    def _seo(self, item, title):
        """Yoast or Rank Math's title and description, their variables resolved or dropped."""
        seo_title = item.meta_value("_yoast_wpseo_title") or item.meta_value("rank_math_title")
        description = item.meta_value("_yoast_wpseo_metadesc") or item.meta_value("rank_math_description")

        def resolve(text):
            text = re.sub(r"%%title%%|%title%", title, text or "")
            text = re.sub(r"%%[a-z_]+%%|%[a-z_]+%", "", text)
            text = re.sub(r"\s+([-|–—·»])\s*$", "", text.strip())
            return re.sub(r"\s{2,}", " ", text).strip(" -|–—·»")

        seo_title = resolve(seo_title)
        return (seo_title if seo_title != title else "")[:200], resolve(description)[:300]

    def _classification(self, item):
        section, tags = None, []
        for taxonomy, slug, name in item.terms:
            if taxonomy not in ("category", "post_tag") or not slug:
                continue
            if taxonomy == "category" and slug in DEFAULT_CATEGORIES:
                continue
            obj = self._term_object(taxonomy, slug, name)
            if isinstance(obj, Section):
                section = section or obj
            elif isinstance(obj, Tag):
                tags.append(obj)
            # A subcategory's top category is its section.
            term = self.terms.get((taxonomy, slug))
            if section is None and term is not None and term.parent_slug and \
                    taxonomy == self._section_taxonomy():
                top = term
                for _ in range(20):
                    parent = self.terms.get((taxonomy, top.parent_slug))
                    if parent is None or not parent.parent_slug:
                        top = parent or top
                        break
                    top = parent
                if top is not term:
                    obj = self._term_object(taxonomy, top.slug, top.name)
                    if isinstance(obj, Section):
                        section = obj
        return section, tags

    def _comments(self, item, article):
        """Bulk-written (no notification, no per-comment invalidation); replies keep their
        thread, attached to their top-level comment (we show one level of replies)."""
        if not item.comments:
            return
        wanted = {str(c.wp_id) for c in item.comments} & self.imported_comments
        known = dict(ImportedItem.objects.filter(
            source=self.source, kind=Kind.COMMENT, wp_key__in=wanted).values_list("wp_key", "object_id")
        ) if wanted else {}
        parents = {c.wp_id: c.parent for c in item.comments}
        retention = timezone.now() - timedelta(days=settings.IP_HASH_RETENTION_DAYS)
        new, keys = [], []
        for entry in item.comments:
            if str(entry.wp_id) in known:
                self.report.add("comments", "unchanged")
                continue
            what = f"avis {entry.wp_id} sur {item.describe()}"
            if entry.type in ("pingback", "trackback"):
                self.report.add("comments", "skipped", what, "rétrolien (pingback/trackback)")
                continue
            status = COMMENT_STATUSES.get(entry.approved)
            if status is None:
                self.report.add("comments", "skipped", what, "à la corbeille")
                continue
            body = _plain_comment(entry.content)
            if not body:
                self.report.add("comments", "skipped", what, "avis vide")
                continue
            created = entry.date_gmt or (timezone.make_aware(entry.date) if entry.date else timezone.now())
            comment = Comment(article=article, name=(entry.author or "Anonyme")[:80],
                              email=_email(entry.author_email), website=_url(entry.author_url),
                              body=body, status=status, created_at=created,
                              moderated_at=created if status != Comment.Status.PENDING else None,
                              notified_at=timezone.now())
            comment.ip_hash = _hashed_ip(entry.author_ip, created, retention)
            comment.prepare()
            new.append(comment)
            keys.append(entry.wp_id)
        if self.dry_run:
            for _ in new:
                self.report.add("comments", "imported")
            return
        created_rows = Comment.objects.bulk_create(new)
        by_wp = {wp_id: comment for wp_id, comment in zip(keys, created_rows)}
        by_wp_pk = {int(k): v for k, v in known.items()}
        ct = ContentType.objects.get_for_model(Comment)
        ImportedItem.objects.bulk_create([
            ImportedItem(source=self.source, kind=Kind.COMMENT, wp_key=str(wp_id),
                         content_type=ct, object_id=comment.pk)
            for wp_id, comment in by_wp.items()])
        # Threads: each reply to its top-level ancestor.
        replies = []
        for wp_id, comment in by_wp.items():
            top, seen = parents.get(wp_id, 0), set()
            while top and parents.get(top) and top not in seen:
                seen.add(top)
                top = parents[top]
            parent_pk = by_wp[top].pk if top in by_wp else by_wp_pk.get(top)
            if parent_pk and parent_pk != comment.pk:
                comment.parent_id = parent_pk
                replies.append(comment)
        if replies:
            Comment.objects.bulk_update(replies, ["parent"])
        for _ in by_wp:
            self.report.add("comments", "imported")

    def _ratings(self, item, article):
        """kk Star Ratings (_kksr_casts, _kksr_ratings) or Rate My Post (rmp_vote_count,
        rmp_rating_val_sum): a count and a sum of stars."""
        for count_key, total_key in (("_kksr_casts", "_kksr_ratings"),
                                     ("rmp_vote_count", "rmp_rating_val_sum")):
            count, total = item.meta_value(count_key).strip(), item.meta_value(total_key).strip()
            if not count:
                continue
            try:
                count, total = int(float(count)), float(total or 0)
            except ValueError:
                self.report.notes.append(f"{item.describe()} : notes illisibles ({count_key})")
                return
            if count <= 0:
                return
            # kk Star Ratings can count on more than 5 stars: bring the average back to /5.
            if total > count * MAX_SCORE:
                best = item.meta_value("_kksr_stars") or item.meta_value("kksr_stars")
                scale = float(best) if best.replace(".", "", 1).isdigit() and float(best) > 0 else 10
                total = total * MAX_SCORE / scale
            total = max(count, min(count * MAX_SCORE, round(total)))
            RatingSummary.objects.import_votes(article.pk, count=count, total=total)
            return

    def _old_paths(self, item):
        """Every address the item had: permalink, guid, ?p=, and old slugs."""
        paths = set()
        for address in (item.link, item.guid):
            if address and self._is_ours(address):
                paths.add(_path_of(address))
        paths.add(f"/?p={item.wp_id}" if item.post_type == "post" else f"/?page_id={item.wp_id}")
        link_path = urlsplit(item.link or "").path
        if item.slug and link_path:
            for old in item.meta.get("_wp_old_slug", []):
                old = old.strip()
                if old and old != item.slug:
                    paths.add(link_path.replace(f"/{item.slug}", f"/{old}", 1))
        return {p for p in paths if p and p != "/"}

    # --- Pages ---------------------------------------------------------------------------

    def _page(self, item, retry=False):
        what = item.describe()
        if item.status not in ("publish", "draft", "pending", "future"):
            self.report.add("pages", "skipped", what, SKIPPED_STATUSES.get(item.status, item.status))
            for path in self._old_paths(item):
                self._redirect(path, "")
            return None
        parent = None
        if item.parent:
            parent = self._object(Kind.PAGE, item.parent, Page)
            if parent is None and self.index.get(item.parent, Indexed("", "", "", "", 0)).post_type == "page" \
                    and not retry:
                self.pending_pages.append(item)
                return None
        checksum = _checksum(item.title, item.content, item.status, item.slug, item.parent,
                             item.menu_order)
        row = self._known(Kind.PAGE, item.wp_id)
        page = self._object(Kind.PAGE, item.wp_id, Page)
        if page is not None:
            if row.local_version and row.local_version != page.updated_at.isoformat():
                self.report.add("pages", "skipped", what, "modifiée ici depuis l'import : laissée telle quelle")
                return page
            if row.checksum == checksum:
                self.report.add("pages", "unchanged")
                return page
        outcome = "updated" if page is not None else "imported"
        page = page or Page()
        page.title = _plain(item.title)[:200] or "Sans titre"
        page.parent = parent
        if not page.slug:
            page.slug = self._page_slug(page, unquote(item.slug) or page.title)
        self._links_pending = False
        page.body = self._body(item, what)
        page.status = Page.Status.PUBLISHED if item.status == "publish" else Page.Status.DRAFT
        page.full_clean(exclude=["body"])
        page.save()
        self._remember(Kind.PAGE, item.wp_id, page, checksum, page.updated_at.isoformat())
        if self._links_pending:
            self.pending_links.append((Kind.PAGE, item.wp_id, item))
        for path in self._old_paths(item):
            self._redirect(path, page.get_absolute_url())
        self.report.add("pages", outcome)
        return page

    def _page_slug(self, page, value):
        base = slugify(value)[:100].strip("-") or "page"
        siblings = Page.objects.filter(parent=page.parent)
        candidate, n = base, 2
        reserved = set(reserved_slugs()) if page.parent is None else set()
        while candidate in reserved or siblings.filter(slug=candidate).exists():
            candidate = f"{base}-{n}"
            n += 1
        return candidate

    def _import_pending_pages(self):
        while self.pending_pages:
            waiting, self.pending_pages = self.pending_pages, []
            progress = False
            for item in waiting:
                if self._object(Kind.PAGE, item.parent, Page) is not None:
                    self._import_batch_item(item)
                    progress = True
                else:
                    self.pending_pages.append(item)
            if not progress:
                for item in self.pending_pages:  # parent never imported: at the root
                    with transaction.atomic():
                        item.parent = 0
                        self._import_one(item)
                self.pending_pages = []

    def _import_batch_item(self, item):
        with transaction.atomic():
            self._import_one(item)

    def _rewrite_pending_links(self):
        """Links to items that came later in the file, now that every item has its address."""
        for kind, wp_id, item in self.pending_links:
            model = Article if kind == Kind.POST else Page
            obj = self._object(kind, wp_id, model)
            if obj is None or self.dry_run:
                continue
            with transaction.atomic():
                obj.body = content.rewrite_links(obj.body, self._resolve_link)
                obj.save()
                version = obj.version if kind == Kind.POST else obj.updated_at.isoformat()
                ImportedItem.objects.filter(source=self.source, kind=kind, wp_key=str(wp_id)) \
                    .update(local_version=str(version))

    # --- Redirects -------------------------------------------------------------------------

    def _redirect(self, old_path, new_path, only_ours=None):
        """Collected, written in bulk at the end (_write_redirects)."""
        if only_ours is not None and not self._is_ours(only_ours):
            return
        try:
            old_path, new_path = normalize_old_path(old_path), normalize_target(new_path) if new_path else ""
        except ValidationError as error:
            shown = old_path if len(old_path) <= 120 else old_path[:120] + "…"
            self.report.add("redirects", "failed", f"redirection {shown}", "; ".join(error.messages))
            return
        if len(old_path) > OLD_PATH_MAX or len(new_path) > TARGET_MAX:
            self.report.add("redirects", "failed", f"redirection {old_path[:120]}…", "adresse trop longue")
            return
        if old_path and old_path != new_path:
            self.redirects[old_path] = new_path

    def _write_redirects(self):
        """Every old address in a few queries: new ones inserted, changed ones updated, then
        redirects that led to one of these addresses sent straight to its target (no chains)."""
        items = list(self.redirects.items())
        for start in range(0, len(items), 500):
            chunk = dict(items[start:start + 500])
            existing = {r.old_path: r for r in Redirect.objects.filter(old_path__in=list(chunk))}
            new, changed_rows = [], []
            for old_path, new_path in chunk.items():
                row = existing.get(old_path)
                if row is None:
                    new.append(Redirect(old_path=old_path, new_path=new_path, note=IMPORT_NOTE,
                                        origin=Redirect.Origin.IMPORT))
                    self.report.add("redirects", "imported")
                elif row.new_path != new_path:
                    row.new_path = new_path
                    changed_rows.append(row)
                    self.report.add("redirects", "updated")
                else:
                    self.report.add("redirects", "unchanged")
            if self.dry_run:
                continue
            Redirect.objects.bulk_create(new, batch_size=500)
            Redirect.objects.bulk_update(changed_rows, ["new_path"], batch_size=500)
            for old_path, new_path in chunk.items():
                if new_path.startswith("/") or not new_path:
                    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
        if items and not self.dry_run:
            redirects_changed(*self.redirects)

    def _site_redirects(self):
        """Archives and feeds of the old site: categories, tags, authors, the feeds."""
        from django.urls import reverse

        for (taxonomy, slug), term in self.terms.items():
            obj = None
            for kind, model in ((Kind.SECTION, Section), (Kind.TAG, Tag)):
                obj = obj or self._object(kind, f"{taxonomy}:{slug}", model)
            if obj is None:
                continue
            prefix = "category" if taxonomy == "category" else "tag"
            path = f"/{prefix}/{self._term_path(taxonomy, term)}/"
            self._redirect(path, obj.get_absolute_url())
            feed = self._feed_of(obj)
            self._redirect(path + "feed/", feed)
        for (kind, login), row in list(self.mapped.items()):
            if kind == Kind.AUTHOR and row is not None and row is not True:
                author = self._object(Kind.AUTHOR, login, Author)
                if author is not None:
                    self._redirect(f"/author/{login}/", author.get_absolute_url())
        self._redirect("/feed/", reverse("articles:feed_rss"))

    def _term_path(self, taxonomy, term):
        parts, seen = [term.slug], set()
        while term.parent_slug and term.parent_slug not in seen:
            seen.add(term.parent_slug)
            term = self.terms.get((taxonomy, term.parent_slug))
            if term is None:
                break
            parts.insert(0, term.slug)
        return "/".join(parts)

    def _feed_of(self, obj):
        from django.urls import reverse

        name = "articles:section_feed_rss" if isinstance(obj, Section) else "articles:tag_feed_rss"
        return reverse(name, kwargs={"slug": obj.slug})


def _download(url):
    """(bytes, "") or (None, why): through core.safe_fetch (public addresses only)."""
    try:
        return safe_fetch.fetch(url, max_bytes=settings.IMAGE_MAX_UPLOAD_BYTES,
                                timeout=DOWNLOAD_TIMEOUT), ""
    except safe_fetch.FetchRefused as error:
        return None, str(error)


def images_upload(data, name):
    return ContentFile(data, name=name)


def library_figure(image):
    """A body's reference to a library picture (media_library.richtext fills it in)."""
    return f'<figure data-image-id="{image.pk}" data-width="text"></figure>'



def _plain_comment(html):
    """A WordPress comment (HTML allowed there) as our comments' plain text with line breaks."""
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", html or "", flags=re.I)
    return unescape(strip_tags(text)).strip()


def _email(value):
    value = (value or "").strip()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else ""


def _url(value):
    value = (value or "").strip()
    return value[:300] if re.match(r"https?://[^\s]+$", value) else ""


def _hashed_ip(address, created, retention):
    """Our salted hash of the commenter's address with the salt of the day it was written;
    nothing past the retention period (we would have forgotten it by now)."""
    if not address or created < retention:
        return ""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if ip.version == 6:
        ip = ipaddress.ip_network(f"{ip}/64", strict=False).network_address
    return hash_address(str(ip), created.timestamp())
