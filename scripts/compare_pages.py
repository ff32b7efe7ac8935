#!/usr/bin/env python3
"""Prove that two versions of the code render the same reader pages and admin screens.

    .venv/bin/python scripts/compare_pages.py BEFORE_REF [AFTER_REF]

BEFORE_REF and AFTER_REF are git commits of this repository (or folders holding a checkout);
AFTER_REF defaults to the working tree (the current checkout, uncommitted changes included).

Each side runs in its own process, both at once, from its own code (`git archive REF | tar -x`
into a temporary folder; the working tree is used where it is, writing nothing into it: no
__pycache__, database, media or cache there). A fresh SQLite database, media and cache folders
in the temporary folder; none of this shell's variables but PATH and HOME (no DATABASE_URL,
REDIS_URL, CACHE_URL); DEBUG=1, PAGE_CACHE_LISTEN=0. The side's own `migrate` and `load_demo`
then run, and every page is rendered by Django's test Client, in that same process, under one
frozen clock (freezegun, tick=False, started before django.setup()) with seeded randomness
(random, secrets, uuid4). Two things freezegun gets wrong are put right (like_real_clock):
its datetimes take attributes (real ones refuse them, which a prefetch on a .datetimes() query
relies on: the admin's article list), and SQL's Now() read SQLite's own clock.

Pages are rendered with DEBUG off (override_settings): with DEBUG on, a 404 is Django's
technical page listing the URL patterns, which readers never see and which a refactoring of
URL modules changes.

  readers   home, /en/, page 2, every section, tag and author page and their feeds, the author
            list, every article (French and English, its comment-form token and reader-state
            JSON; unpublished ones answer 404), search for a word of the demo, feeds, sitemaps,
            robots.txt, top rated, privacy, erase request, 404 pages; then every link those
            pages show on this site, until none is new (pagination, replies, sitemap sections,
            tag pages in English...), and the static files and images they load (by digest);
  admin     as `redacteur` and as `journaliste` (force_login), and the login page: the index,
            and for every model registered in admin.site its list, its add form, the change
            form, history and delete confirmation of its first object, its admin's own pages
            (previews, a reader's data, resets...); for the article with the most comments its
            change form, history and revision pages.

Compared: status, Content-Type, Location (redirects) and body; not the other headers (dates,
cookies, the CSP header's nonce). Bodies are normalized first (normalize()): CSRF tokens,
Django signed values (`value:timestamp:<43 characters>`), CSP nonce attributes, hashed static
names, JSON key order, and in admin pages content-type and permission ids (database ids that
shift when an app is added or a model moves; replaced by what they stand for).

Admin screens are matched by model, not by URL: a model that moved to another app
(MOVED_MODELS below, or found moved automatically) has its screens compared with each other.
When an admin page differs, it is compared again with the move set aside (move_normalize(): the
app label in URLs, ids and classes, the app's rows in the index and the sidebar, the titles
and order of the apps involved, permission labels); if that makes it identical, it is listed
under "expected differences from the move" with its diff, and does not fail the run.

Prints, per page, "identique" or the first 40 lines of a unified diff, then
`PAGES identical=N different=M` (expected move differences counted apart). Exit 0 when nothing
differs but the expected move differences, 1 otherwise, 2 when a side could not be built or
rendered (the working tree mid-refactoring: its log's tail is printed).

Options: --quiet (no "identique" lines), --only TEXT (only the pages whose key holds TEXT),
--keep (keep the temporary folders, with both sides' normalized pages), --reuse FOLDER
(compare again what a --keep run kept), --frozen-at (the clock), --different-seeds (seed the
two sides differently: shows the tokens are normalized, not merely equal).
"""

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Models that moved from one app to another: model name -> (app label before, app label after).
# Their admin screens are compared with each other although their URLs differ. Either
# direction works (comparing after-then-before too). A model found registered under a single
# different app label on each side is paired automatically and reported.
MOVED_MODELS = {
    "comment": ("ratings", "comments"),
}

FROZEN_AT = "2025-05-14 08:00:00"  # UTC
SEED = 20250514
DEMO_USERS = ("redacteur", "journaliste")
DIFF_LINES = 40
SIDE_TIMEOUT = 900

# Reader addresses that do not come from the demo's objects.
FIXED_READER_PATHS = [
    "/", "/en/",
    "/auteurs/", "/en/auteurs/",
    "/recherche/", "/recherche/?q=zzzyx-introuvable",
    "/flux/rss/", "/flux/atom/", "/flux/rss/?complet=1", "/en/flux/rss/",
    "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-actualites.xml",
    "/robots.txt",
    "/les-mieux-notes/", "/en/les-mieux-notes/",
    "/confidentialite/", "/en/confidentialite/",
    "/avis/effacer/", "/en/avis/effacer/",
    "/cette-page-n-existe-pas/", "/en/this-page-does-not-exist/",
    "/articles/article-inexistant/", "/rubrique/rubrique-inexistante/",
    "/auteurs/auteur-inexistant/", "/mot-cle/mot-inexistant/",
    "/?page=2", "/?page=999", "/recherche/?page=2&q=ville",
]
# Links followed from rendered pages: this site's pages, and the files they load (static files
# and uploads, compared by content but not searched for links). Never the admin.
CRAWL_SKIP = ("/admin/",)
ASSETS = ("/static/", "/media/")
CRAWL_LIMIT = 3000
STANDARD_ADMIN_VIEWS = {"changelist", "add", "change", "history", "delete", "revision"}


# ---------------------------------------------------------------------------------------------
# One side: runs inside the side's code folder, in its own process (--side ROOT OUT).
# ---------------------------------------------------------------------------------------------

def settings_module_of(root):
    text = (Path(root) / "manage.py").read_text()
    found = re.search(r"DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"]([\w.]+)['\"]", text)
    return found.group(1) if found else "magazine.settings"


def fix_randomness(seed):
    """Seeded random, secrets and uuid4: the same tokens, keys and ids on every run."""
    import random
    import secrets
    import uuid

    random.seed(seed)
    rng = random.Random(seed + 1)
    secrets.choice = rng.choice
    secrets.randbelow = rng.randrange
    secrets.randbits = rng.getrandbits
    secrets.token_bytes = lambda nbytes=None: rng.randbytes(32 if nbytes is None else nbytes)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)


def like_real_clock():
    """What the frozen clock gets wrong, put right.

    freezegun's datetimes take attributes where real ones refuse them: a prefetch_related()
    left on a .datetimes() query (the admin's date drill-down) then fails on them. And SQL's
    Now() reads SQLite's own clock, which freezegun does not stop."""
    from django.db.models.functions import Now
    from django.utils import timezone
    from freezegun.api import FakeDate, FakeDatetime

    def refuse(self, name, value):
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    FakeDatetime.__setattr__ = FakeDate.__setattr__ = refuse

    def now_on_sqlite(self, compiler, connection, **extra_context):
        return "%s", [connection.ops.adapt_datetimefield_value(timezone.now())]

    Now.as_sqlite = now_on_sqlite


def side_main(root, out_path, frozen_at):
    import hashlib
    import io
    import traceback

    real_clock = time.perf_counter
    started = real_clock()
    root = str(Path(root).resolve())
    sys.path[0] = root  # the side's code, not this script's folder
    os.chdir(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module_of(root)
    fix_randomness(int(os.environ.get("COMPARE_SEED", SEED)))

    from freezegun import freeze_time

    result = {"root": root, "timings": {}, "pages": {}}
    with freeze_time(frozen_at, tick=False):
        from django.conf import settings

        database = settings.DATABASES["default"]
        expected = os.environ["COMPARE_DATABASE"]
        if database.get("NAME") != expected:  # never the checkout's own db.sqlite3
            database.update(ENGINE="django.db.backends.sqlite3", NAME=expected)
        import django

        django.setup()
        like_real_clock()
        from django.core.management import call_command

        log = io.StringIO()
        call_command("migrate", interactive=False, verbosity=0, stdout=log)
        result["timings"]["migrate"] = real_clock() - started
        call_command("load_demo", stdout=log, stderr=log)
        result["load_demo"] = log.getvalue().strip().splitlines()[-1:]
        result["timings"]["load_demo"] = real_clock() - started

        from django.core.signals import got_request_exception

        last_error = []
        got_request_exception.connect(
            lambda sender, request=None, **kw: last_error.append(traceback.format_exc()),
            weak=False)

        def fetch(client, url):
            last_error.clear()
            try:
                response = client.get(url)
            except Exception:  # noqa: BLE001 - recorded, compared as a failure
                return {"url": url, "status": 0, "content_type": "", "location": "",
                        "body": "", "error": traceback.format_exc()}
            if getattr(response, "streaming", False):
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            content_type = response.get("Content-Type", "")
            if any(t in content_type for t in ("text/", "json", "xml", "javascript")):
                body = body.decode("utf-8", "replace")
            else:  # an image: its bytes' digest
                body = f"{len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}"
            return {"url": url, "status": response.status_code,
                    "content_type": content_type,
                    "location": response.get("Location", ""),
                    "body": body,
                    "error": last_error[-1] if last_error else ""}

        result["meta"] = side_meta()
        # Pages as readers get them: with DEBUG on, a 404 is Django's technical page listing
        # the URL patterns, not the site's 404.html (DEBUG=1 was for settings and load_demo).
        from django.test.utils import override_settings

        with override_settings(DEBUG=False):
            result["pages"].update(render_reader_pages(fetch))
            result["timings"]["readers"] = real_clock() - started
            result["pages"].update(render_admin_pages(fetch, result["meta"]))
            result["timings"]["admin"] = real_clock() - started
    Path(out_path).write_text(json.dumps(result))


def side_meta():
    """Database ids that show in admin pages, and what they stand for on this side."""
    from django.contrib import admin
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return {
        "content_types": {str(ct.pk): f"{ct.app_label}.{ct.model}"
                          for ct in ContentType.objects.all()},
        "permissions": {str(p.pk): f"{p.content_type.app_label}.{p.codename}"
                        for p in Permission.objects.select_related("content_type")},
        "registry": [{"app_label": model._meta.app_label, "model": model._meta.model_name,
                      "app_name": str(model._meta.app_config.verbose_name),
                      "module": model.__module__}
                     for model in admin.site._registry],
    }


def find_model(name):
    """A model by its class name wherever its app now is (None when there is none)."""
    from django.apps import apps

    found = [model for model in apps.get_models() if model.__name__ == name]
    return found[0] if len(found) == 1 else None


def render_reader_pages(fetch):
    from urllib.parse import urljoin, urlsplit

    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    urls = list(FIXED_READER_PATHS)

    Section, Article, Author = find_model("Section"), find_model("Article"), find_model("Author")
    for section in Section.objects.order_by("pk"):
        url = section.get_absolute_url()
        urls += [url, f"/en{url}", f"{url}rss/", f"{url}atom/"]
    tags = Article._meta.get_field("tags").related_model
    for tag in tags.objects.order_by("pk"):
        url = tag.get_absolute_url()
        urls += [url, f"{url}rss/"]
    for author in Author.objects.order_by("pk"):
        url = author.get_absolute_url()
        urls += [url, f"/en{url}", f"{url}rss/", f"{url}atom/", f"{url}contact/"]
    live = Article.objects.published()
    published = set(live.values_list("pk", flat=True))
    for article in Article.objects.order_by("pk"):
        url = article.get_absolute_url()
        urls.append(url)
        if article.pk in published:
            urls += [f"/en{url}", f"{url}avis/jeton/", f"{url}lecteur/"]
    # A word of the demo: the longest word of the oldest published article's title.
    first = live.order_by("published_at", "pk").first()
    if first is not None:
        word = max(re.findall(r"\w+", first.title), key=len).lower()
        urls += [f"/recherche/?q={word}", f"/en/recherche/?q={word}"]

    hosts = {"", "localhost", "testserver", urlsplit(settings.SITE_URL).netloc}
    pages, queue, seen = {}, [], set()

    def add(url):
        if url not in seen and len(seen) < CRAWL_LIMIT:
            seen.add(url)
            queue.append(url)

    for url in urls:
        add(url)
    while queue:
        url = queue.pop(0)
        client.cookies.clear()  # every reader comes without cookies
        page = fetch(client, url)
        pages[url] = dict(page, kind="reader", key=url)
        type_ = page["content_type"]
        if page["status"] != 200 or not any(t in type_ for t in ("html", "xml")) \
                or url.startswith(ASSETS):
            continue
        links = re.findall(r'(?:href|src|action)="([^"#]+)"|<loc>([^<]+)</loc>', page["body"])
        links = [a or b for a, b in links]
        for srcset in re.findall(r'srcset="([^"]+)"', page["body"]):
            links += [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]
        for link in links:
            link = link.replace("&amp;", "&").strip()
            parts = urlsplit(urljoin(url, link))
            if parts.scheme not in ("", "http", "https") or parts.netloc not in hosts:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(CRAWL_SKIP):
                add(path)
    return pages


def render_admin_pages(fetch, meta):
    from django.contrib import admin
    from django.contrib.admin.utils import quote
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    pages = {}
    anonymous = Client(HTTP_HOST="localhost")
    login = reverse("admin:login")
    pages["admin/anonyme/login"] = dict(fetch(anonymous, login), kind="admin", key="admin/anonyme/login")

    targets = []  # (key suffix, app label, model, url)
    targets.append(("index", "", "", reverse("admin:index")))
    for model, model_admin in sorted(admin.site._registry.items(),
                                     key=lambda item: (item[0]._meta.model_name, item[0]._meta.app_label)):
        label, name = model._meta.app_label, model._meta.model_name
        prefix = f"admin:{label}_{name}"

        def add(view, *args, _label=label, _name=name, _prefix=prefix, suffix=""):
            try:
                url = reverse(f"{_prefix}_{view}", args=args)
            except NoReverseMatch:
                return
            targets.append((f"{view}{suffix}", _label, _name, url))

        add("changelist")
        add("add")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            add("change", quote(first.pk), suffix=":first")
            add("history", quote(first.pk), suffix=":first")
            add("delete", quote(first.pk), suffix=":first")  # the confirmation page
        # The model admin's own pages (previews, readers' data, resets...): those that take
        # nothing, or an object.
        chosen = pick_article(model) if model.__name__ == "Article" else None
        for pattern in model_admin.get_urls():
            url_name = getattr(pattern, "name", None) or ""
            view = url_name[len(f"{label}_{name}_"):]
            if not url_name.startswith(f"{label}_{name}_") or view in STANDARD_ADMIN_VIEWS:
                continue
            count = len(getattr(pattern.pattern, "converters", {})) or pattern.pattern.regex.groups
            if count == 0:
                add(view)
            elif count == 1 and (chosen or first) is not None:
                add(view, quote((chosen or first).pk), suffix=":commented" if chosen else ":first")
        if chosen is not None:  # the article: its revisions too
            from reversion.models import Version

            pk = quote(chosen.pk)
            add("change", pk, suffix=":commented")
            add("history", pk, suffix=":commented")
            versions = Version.objects.get_for_object(chosen).order_by("pk")
            if versions:
                add("revision", pk, versions[0].pk, suffix=":commented:first")
                add("revision", pk, versions.last().pk, suffix=":commented:last")

    User = get_user_model()
    for username in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for suffix, label, name, url in targets:
            key = f"admin/{username}/{label}.{name}/{suffix}" if name else f"admin/{username}/{suffix}"
            pages[key] = dict(fetch(client, url), kind="admin", key=key,
                              app_label=label, model=name, view=suffix, user=username)
    return pages


def pick_article(Article):
    """The published article with the most comments (pk breaks ties)."""
    from django.db.models import Count

    relation = next((f.name for f in Article._meta.related_objects
                     if f.related_model.__name__ == "Comment"), None)
    articles = Article.objects.published()
    if relation:
        articles = articles.annotate(n=Count(relation)).order_by("-n", "pk")
    else:
        articles = articles.order_by("pk")
    return articles.first()


# ---------------------------------------------------------------------------------------------
# Both sides: export, run, normalize, compare.
# ---------------------------------------------------------------------------------------------

def git(*args, **kwargs):
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True,
                          **kwargs).stdout


def export(ref, folder):
    """The code of REF in FOLDER; the working tree itself for None; a folder as it is."""
    if ref is None:
        return REPO, "working tree"
    if Path(ref).is_dir() and (Path(ref) / "manage.py").exists():
        return Path(ref).resolve(), str(Path(ref).resolve())
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}", text=True).strip()
    code = folder / "code"
    code.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(REPO), "archive", commit], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(code)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise SystemExit(f"git archive {ref} failed")
    return code, f"{ref} ({commit[:10]})"


def side_env(folder):
    env = {key: os.environ[key] for key in ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR")
           if key in os.environ}  # nothing else from this shell: no DATABASE_URL, REDIS_URL...
    database = folder / "db.sqlite3"
    env.update(
        LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC", PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",  # no __pycache__ left in the working tree
        DEBUG="1", DATABASE_URL=f"sqlite:///{database}", COMPARE_DATABASE=str(database),
        CACHE_DIR=str(folder / "cache"), MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"), PAGE_CACHE_LISTEN="0",
    )
    return env


def run_sides(sides, frozen_at, different_seeds=False):
    """Both sides at once; each one's JSON result, or SystemExit(2) with its log's tail."""
    processes = []
    for side in sides:
        side["out"] = side["folder"] / "pages.json"
        side["log"] = side["folder"] / "side.log"
        with open(side["log"], "w") as log:
            processes.append(subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--side", str(side["root"]),
                 str(side["out"]), "--frozen-at", frozen_at],
                cwd=side["root"], stdout=log,
                env=dict(side_env(side["folder"]),
                         COMPARE_SEED=str(SEED + (different_seeds and side["name"] == "après"))),
                stderr=subprocess.STDOUT))
    failed = False
    for side, process in zip(sides, processes):
        try:
            code = process.wait(timeout=SIDE_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "timeout"
        if code != 0 or not side["out"].exists():
            failed = True
            tail = side["log"].read_text(errors="replace").splitlines()[-30:]
            print(f"ÉCHEC du côté {side['name']} ({side['label']}), code {code} :", *tail,
                  sep="\n    ", file=sys.stderr)
    if failed:
        if any(side["root"] == REPO for side in sides):
            print("(the working tree may be mid-refactoring: try again later, or compare commits)",
                  file=sys.stderr)
        raise SystemExit(2)
    for side in sides:
        side["result"] = json.loads(side["out"].read_text())


# Normalization: what may differ between two renders of the same page by two processes.

CSRF = re.compile(r'(name="csrfmiddlewaretoken"\s+value=")[^"]*(")')
CSRF_META = re.compile(r'((?:csrf[\w-]*|x-csrftoken)["\']?\s*(?:content|value|:)\s*=?\s*["\'])[A-Za-z0-9]{32,64}(["\'])', re.I)
SIGNED = re.compile(r"[A-Za-z0-9_\-.=%]+(?::[A-Za-z0-9_\-.=%]+)*:[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
NONCE = re.compile(r'(\bnonce=")[^"]*(")')
STATIC_HASH = re.compile(r"(/static/[^\"'\s?]+?)\.[0-9a-f]{12}(\.\w+)")
CONTENT_TYPE_ID = re.compile(r"(/r/|\bcontent_type__id__exact=|\bcontent_type_id=|\bct=)(\d+)")
PERMISSION_OPTION = re.compile(r'(<option value=")(\d+)("[^>]*>)([^<]*)(</option>)')
PERMISSION_SELECT = re.compile(r'(<select[^>]*name="(?:user_)?permissions"[^>]*>)(.*?)(</select>)', re.S)


def normalize(page, meta):
    body = page["body"]
    if "json" in page["content_type"]:
        try:  # one key per line, for a readable diff; the keys' order still counts
            body = json.dumps(json.loads(body), indent=1, ensure_ascii=False)
        except ValueError:
            pass
    body = CSRF.sub(r"\1CSRF\2", body)
    body = CSRF_META.sub(r"\1CSRF\2", body)
    body = SIGNED.sub("SIGNED", body)
    body = NONCE.sub(r"\1NONCE\2", body)
    body = STATIC_HASH.sub(r"\1\2", body)
    if page["kind"] == "admin":
        types = meta["content_types"]
        body = CONTENT_TYPE_ID.sub(
            lambda m: m.group(1) + "ct:" + types.get(m.group(2), m.group(2)), body)
        permissions = meta["permissions"]

        def options(select):
            inner = PERMISSION_OPTION.sub(
                lambda m: m.group(1) + "perm:" + permissions.get(m.group(2), m.group(2))
                + m.group(3) + m.group(4) + m.group(5), select.group(2))
            return select.group(1) + inner + select.group(3)

        body = PERMISSION_SELECT.sub(options, body)
    location = STATIC_HASH.sub(r"\1\2", SIGNED.sub("SIGNED", page.get("location", "")))
    header = f"status: {page['status']}\ncontent-type: {page['content_type']}\n"
    if location:
        header += f"location: {location}\n"
    return header + "\n" + body


# Admin screens of moved models: the same once the app they are in is set aside.

APP_BLOCK = re.compile(
    r'(?P<open><div class="app-(?P<label>\w+) module(?: current-app)?">\s*<table>\s*<caption>)'
    r'(?P<caption>.*?)(?P<rows></caption>.*?)(?P<close></table>\s*</div>)', re.S)
MODEL_ROW = re.compile(r'<tr class="model-(?P<model>\w+)(?: current-model)?">.*?</tr>', re.S)


def canonical_label(label, model, moves):
    for name, (before, after) in moves.items():
        if model == name and label in (before, after):
            return before
    return label


def move_normalize(text, meta, moves, page_model):
    """TEXT with every trace of which app the moved models live in set aside, on either side."""
    apps = {entry["app_label"]: entry["app_name"] for entry in meta["registry"]}
    labels = {label for pair in moves.values() for label in pair}
    # Their app label in URLs, row ids, body classes, content-type names.
    for model, (before, after) in moves.items():
        for label in (before, after):
            text = text.replace(f"/admin/{label}/{model}/", f"/admin/{before}/{model}/")
            text = re.sub(rf"\b{label}([.-]){model}\b", rf"{before}\g<1>{model}", text)
            text = re.sub(rf"\bapp-{label}(\s+model-{model}\b)", rf"app-{before}\1", text)
            text = text.replace(f'data-app-label="{label}" data-model-name="{model}"',
                                f'data-app-label="{before}" data-model-name="{model}"')

    # The index and the sidebar: their rows taken out of whichever app shows them (an app left
    # with none disappears) and listed apart; which of those apps is the current one, unsaid.
    moved_rows = []

    def block(match):
        label, rows = match.group("label"), match.group("rows")
        if label not in labels:
            return match.group(0)
        all_rows = list(MODEL_ROW.finditer(rows))
        moved = [row for row in all_rows
                 if row.group("model") in moves and label in moves[row.group("model")]]
        for row in moved:
            moved_rows.append(row.group(0).replace(" current-model", ""))
            rows = rows.replace(row.group(0), "", 1)
        if all_rows and len(moved) == len(all_rows):
            return ""  # an app that holds moved models only
        # Its title too: the app a model left or joined may be renamed with the move.
        return (match.group("open").replace(" current-app", "")
                + f'<a href="/admin/{label}/">(app {label})</a>' + rows + match.group("close"))

    # Apps are listed by name, and a renamed app changes places: each list sorted by label.
    pieces, position, run = [], 0, []
    for match in APP_BLOCK.finditer(text):
        between = text[position:match.start()]
        if run and between.strip():
            pieces.extend(sorted(run))
            run = []
        if not run:
            pieces.append(between)
        run.append((match.group("label"), block(match)))
        position = match.end()
    pieces.extend(sorted(run))
    pieces.append(text[position:])
    text = "".join(piece if isinstance(piece, str) else piece[1] for piece in pieces)
    if moved_rows:
        text += "\n<!-- rows of moved models -->\n" + "\n".join(sorted(moved_rows))

    # Breadcrumbs: the app of a moved model's own pages, and the names of the apps involved.
    if page_model in moves:
        before, after = moves[page_model]
        text = re.sub(rf'<a href="/admin/(?:{before}|{after})/">[^<]*</a>',
                      f'<a href="/admin/{before}/">(app of {page_model})</a>', text)
    for label in labels:
        text = re.sub(rf'(<a href="/admin/{label}/">)[^<]*(</a>)', rf"\1(app {label})\2", text)

    # Permissions: their labels name the app, and their order follows it.
    def permissions(select):
        lines = []
        for option in PERMISSION_OPTION.findall(select.group(2)):
            value, name = option[1], option[3]
            for model, (before, after) in moves.items():
                value = re.sub(rf"^perm:(?:{before}|{after})\.(\w+_{model})$", rf"perm:{before}.\1", value)
            for label in labels:
                if label in apps:
                    name = name.replace(f"{apps[label]} | ", "(app) | ")
            lines.append(option[0] + value + option[2] + name + option[4])
        return select.group(1) + "\n".join(sorted(lines)) + select.group(3)

    text = PERMISSION_SELECT.sub(permissions, text)
    # What removing rows and apps left behind: blank lines.
    return re.sub(r"\n(?:[ \t]*\n)+", "\n", text)


def admin_key(page, moves):
    label = canonical_label(page["app_label"], page["model"], moves)
    return f"admin/{page['user']}/{label}.{page['model']}/{page['view']}" if page["model"] else page["key"]


def detect_moves(before, after):
    """Models registered under one app label before and another after, not yet listed."""
    moves = dict(MOVED_MODELS)
    labels = [{}, {}]
    for index, side in enumerate((before, after)):
        for entry in side["meta"]["registry"]:
            labels[index].setdefault(entry["model"], set()).add(entry["app_label"])
    found = {}
    for model in set(labels[0]) & set(labels[1]):
        old, new = labels[0][model], labels[1][model]
        if old != new and len(old) == 1 and len(new) == 1:
            old, new = next(iter(old)), next(iter(new))
            listed = moves.get(model)
            if listed is None or {old, new} != set(listed):
                found[model] = (old, new)
    return found


def unified(a, b, name_a, name_b):
    lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), name_a, name_b, lineterm="", n=2))
    more = len(lines) - DIFF_LINES
    return "\n".join(lines[:DIFF_LINES]) + (f"\n    ... ({more} lignes de plus)" if more > 0 else "")


def compare(before, after, args):
    found = detect_moves(before["result"], after["result"])
    moves = {**MOVED_MODELS, **found}
    for model, (old, new) in found.items():
        print(f"NOTE : modèle « {model} » déplacé de l'app « {old} » vers « {new} » "
              f"(détecté ; à inscrire dans MOVED_MODELS en tête du script).")

    def keyed(side):
        pages = {}
        for page in side["result"]["pages"].values():
            key = admin_key(page, moves) if page["kind"] == "admin" and "user" in page else page["key"]
            pages[key] = page
        return pages

    pages_a, pages_b = keyed(before), keyed(after)
    meta_a, meta_b = before["result"]["meta"], after["result"]["meta"]
    keys = sorted(set(pages_a) | set(pages_b), key=lambda k: (k.startswith("admin/"), k))
    if args.only:
        keys = [k for k in keys if args.only in k]

    identical, different, expected, failing_admin = 0, [], [], []
    for key in keys:
        a, b = pages_a.get(key), pages_b.get(key)
        page = a or b
        label = key if page["kind"] != "admin" else f"{key}  [{page['url']}]"
        if a is None or b is None:
            print(f"DIFFÉRENT  {label}  (rendue d'un seul côté : "
                  f"{'avant' if a else 'après'} seulement)")
            different.append(key)
            continue
        text_a, text_b = normalize(a, meta_a), normalize(b, meta_b)
        if args.keep:
            for side, text in ((before, text_a), (after, text_b)):
                target = side["folder"] / "normalized" / (re.sub(r"[^\w.-]+", "_", key).strip("_") or "root")
                target.parent.mkdir(exist_ok=True)
                target.write_text(text)
        errors = [e for e in (a.get("error"), b.get("error")) if e]
        if text_a == text_b and not errors:
            identical += 1
            if not args.quiet:
                print(f"identique  {label}")
            continue
        if text_a == text_b:
            identical += 1
            print(f"identique  {label}\n    mais exception des deux côtés : {errors[0].strip().splitlines()[-1]}")
            continue
        url_note = "" if a["url"] == b["url"] else f"  ({a['url']} -> {b['url']})"
        diff = unified(text_a, text_b, f"avant {a['url']}", f"après {b['url']}")
        if a["kind"] == "admin":
            moved_a = move_normalize(text_a, meta_a, moves, a.get("model"))
            moved_b = move_normalize(text_b, meta_b, moves, b.get("model"))
            if moved_a == moved_b:
                expected.append((key, url_note, unified(text_a, text_b, "avant", "après")))
                print(f"attendu    {label}{url_note}  (différence due au déplacement, voir plus bas)")
                continue
            if moved_a != text_a or moved_b != text_b:  # what differs besides the move
                diff = unified(moved_a, moved_b, f"avant {a['url']} (déplacement mis à part)",
                               f"après {b['url']} (déplacement mis à part)")
        print(f"DIFFÉRENT  {label}{url_note}")
        for error, side in ((a.get("error"), "avant"), (b.get("error"), "après")):
            if error:
                print(f"    exception côté {side} : {error.strip().splitlines()[-1]}")
        print(diff)
        different.append(key)
        if a["kind"] == "admin":
            failing_admin.append(key)

    if expected:
        print("\nDifférences attendues du déplacement de modèles (admin ; ne font pas échouer),"
              " regroupées quand elles sont les mêmes :")
        registry_a = {(e["app_label"], e["model"]): e for e in meta_a["registry"]}
        registry_b = {(e["app_label"], e["model"]): e for e in meta_b["registry"]}
        names_a = {e["app_label"]: e["app_name"] for e in meta_a["registry"]}
        names_b = {e["app_label"]: e["app_name"] for e in meta_b["registry"]}
        for model, (old, new) in moves.items():
            where_a = [(label, m) for label, m in registry_a if m == model and label in (old, new)]
            where_b = [(label, m) for label, m in registry_b if m == model and label in (old, new)]
            if where_a and where_b and where_a != where_b:
                (label_a, _), (label_b, _) = where_a[0], where_b[0]
                print(f"  modèle {model} : /admin/{label_a}/{model}/ (app « {names_a[label_a]} ») -> "
                      f"/admin/{label_b}/{model}/ (app « {names_b[label_b]} »)")
        for label in sorted({label for pair in moves.values() for label in pair}):
            name_a, name_b = names_a.get(label), names_b.get(label)
            if name_a != name_b:
                print(f"  app {label} : " + (f"« {name_a} »" if name_a else "(absente)") + " -> "
                      + (f"« {name_b} »" if name_b else "(absente)"))
        groups = {}
        for key, url_note, diff in expected:
            diff = re.sub(r"(?m)^@@ .* @@$", "@@", diff.split("\n", 2)[-1])
            groups.setdefault(diff, []).append(key + url_note)
        for diff, keys_ in groups.items():
            print(f"\n  {len(keys_)} page(s) : " + ", ".join(keys_))
            print("\n".join("    " + line for line in diff.splitlines()))
    reader_count = sum(1 for k in keys if not k.startswith("admin/"))
    print(f"\n{len(keys)} pages comparées ({reader_count} lecteurs, {len(keys) - reader_count} admin) ; "
          f"différences attendues du déplacement : {len(expected)} ; "
          f"différences d'admin non expliquées : {len(failing_admin)}")
    print(f"PAGES identical={identical} different={len(different)}")
    return 0 if not different else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", nargs="?", metavar="BEFORE_REF",
                        help="a commit (or a folder holding a checkout)")
    parser.add_argument("after", nargs="?", metavar="AFTER_REF",
                        help="a commit (or a folder); the working tree when left out")
    parser.add_argument("--side", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--frozen-at", default=FROZEN_AT)
    parser.add_argument("--only", help="compare only the pages whose key contains this")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--different-seeds", action="store_true",
                        help="seed the after side differently (shows tokens are normalized, not equal by chance)")
    parser.add_argument("--quiet", action="store_true", help="no line for identical pages")
    parser.add_argument("--reuse", metavar="FOLDER",
                        help="compare again the pages a --keep run kept (the refs are then ignored)")
    if len(sys.argv) > 1 and sys.argv[1] == "--side":
        root, out = sys.argv[2:4]
        frozen = sys.argv[sys.argv.index("--frozen-at") + 1] if "--frozen-at" in sys.argv else FROZEN_AT
        side_main(root, out, frozen)
        return 0
    args = parser.parse_args()
    if not (args.before or args.reuse):
        parser.error("BEFORE_REF is required")

    started = time.monotonic()
    if args.reuse:
        sides = []
        for name in ("before", "after"):
            folder = Path(args.reuse) / name
            sides.append({"name": name, "folder": folder,
                          "result": json.loads((folder / "pages.json").read_text())})
        return compare(sides[0], sides[1], args)
    temp = Path(tempfile.mkdtemp(prefix="compare-pages-"))
    try:
        sides = []
        for name, ref in (("avant", args.before), ("après", args.after)):
            folder = temp / ("before" if name == "avant" else "after")
            folder.mkdir()
            root, label = export(ref, folder)
            sides.append({"name": name, "ref": ref, "folder": folder, "root": root, "label": label})
        print(f"avant : {sides[0]['label']}\naprès : {sides[1]['label']}\nhorloge : {args.frozen_at} UTC")
        run_sides(sides, args.frozen_at, args.different_seeds)
        for side in sides:
            timings = side["result"]["timings"]
            print(f"  {side['name']} : migrate {timings['migrate']:.1f} s, load_demo "
                  f"{timings['load_demo']:.1f} s, pages lecteurs {timings['readers']:.1f} s, "
                  f"admin {timings['admin']:.1f} s ({len(side['result']['pages'])} pages)")
        print()
        code = compare(sides[0], sides[1], args)
        print(f"durée : {time.monotonic() - started:.0f} s")
        return code
    finally:
        if args.keep:
            print(f"dossiers gardés : {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
