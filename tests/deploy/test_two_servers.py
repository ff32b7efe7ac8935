"""Two app servers, one site (issue 18, « Proof »): a real deployment on loopback.

Two gunicorn instances (A on 8131, B on 8132), each with its own EMPTY MEDIA_ROOT, share
PostgreSQL (a fresh database, `two_servers`), a private Redis (6390, started here so that it can
be stopped) and moto's S3 server (9130, reached through tests/deploy/s3_front.py on 9131 so that
"the store" can go away without moto losing its objects). One `manage.py db_worker` runs the
background tasks; nginx balances both servers on 8130 with a page cache. Everything is checked
through both servers, as readers and editors use them: the editor logs in through the real admin
form on one and works on the other, readers get cookies from one and post to the other.

The tests of this module run in order and share the site (module fixtures); the last one prints

    TWO_SERVERS requests=… statuses=… writes_acked=… writes_found=…

Run with `pytest -m deploy -s` (.ci/run does). Needs PostgreSQL on 127.0.0.1:5432, redis-server,
nginx with Debian's libnginx-mod-http-cache-purge, and the dev requirements (moto[server]).
"""

import html as html_lib
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.deploy.conftest import nginx_config

requests = pytest.importorskip("requests")
psycopg = pytest.importorskip("psycopg")
lxml_html = pytest.importorskip("lxml.html")

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
NGINX_PORT, A_PORT, B_PORT, NGINX_PURGE_PORT = 8130, 8131, 8132, 8133
S3_PORT, S3_FRONT_PORT = 9130, 9131
REDIS_PORT = 6390
PG = os.environ.get("TWO_SERVERS_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "two_servers"
BUCKET = "magazine-two-servers"
EDITOR, PASSWORD = "redaction", "deux-serveurs-un-site"
SECRET_KEY = "two-servers-test-secret-key-0123456789-abcdefghijklmnop"
FRENCH_503 = "Le Magazine revient dans un instant"
OUTAGE_SECONDS = 5


# --- What the site answered and what it acknowledged -------------------------------------------

class Ledger:
    """Every HTTP answer the test got (by status), and every write the site acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.votes = {}  # reader id -> (article id, score)
        self.comments = {}  # comment id -> body

    def record(self, response, *args, **kwargs):
        with self.lock:
            self.statuses[response.status_code] += 1

    def error(self, error):
        with self.lock:
            self.statuses[type(error).__name__] += 1

    def session(self, xff=None):
        """A browser: its own cookies; like every current browser it says where its forms come
        from. `xff` stands for its address (the app servers trust one proxy: nginx)."""
        session = requests.Session()
        session.headers["User-Agent"] = "magazine-two-servers"
        session.headers["Sec-Fetch-Site"] = "same-origin"
        if xff:
            session.headers["X-Forwarded-For"] = xff
        session.hooks["response"].append(self.record)
        return session

    def requests_made(self):
        return sum(self.statuses.values())


LEDGER = Ledger()
PURGES = []  # seconds until nginx stopped serving a stale page


def reader_of(response):
    """The reader id the site put in this answer's `lecteur` cookie (signed value "id:...")."""
    cookie = (response.cookies.get("lecteur") or "").strip('"')
    return cookie.rsplit(":", 2)[0] if cookie else None


def plain(text):
    return re.sub(r"[\u00a0\u202f]", " ", html_lib.unescape(text))


def votes_shown(page):
    """The vote count in an article page's stars: « 4,6/5 (12 votes) »; 0 without votes."""
    block = re.search(r'class="rating__average">(.*?)</p>', page, re.S)
    assert block, "no rating block on the page"
    count = re.search(r"\((\d+) votes?\)", plain(block.group(1)))
    return int(count.group(1)) if count else 0


def comments_shown(page):
    count = re.search(r'data-comments-count="(\d+)"', page)
    assert count, "no comments block on the page"
    return int(count.group(1))


# --- Processes ---------------------------------------------------------------------------------

class Process:
    """A child process in its own session (so it and its children go together), logging to a
    file; stop() is safe to call twice."""

    def __init__(self, name, argv, logs, env=None, cwd=ROOT):
        self.name, self.argv, self.env, self.cwd = name, argv, env, cwd
        self.log_path = Path(logs) / f"{name}.log"
        self.popen = None

    def start(self):
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        return self

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def alive(self):
        """True while it runs; fails at once (with its log) if it died."""
        if not self.running:
            raise AssertionError(f"{self.name} exited:\n{self.tail()}")
        return True

    def signal(self, sig):
        if self.running:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout=10):
        if self.popen is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(timeout=10)
        self.popen = None

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a pulled plug would."""
        if self.popen is None:
            return
        self.signal(signal.SIGKILL)
        self.popen.wait(timeout=10)
        self.popen = None

    def tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def wait_for(check, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except AssertionError:  # a process died: no use waiting
            raise
        except Exception as error:  # noqa: BLE001 - what went wrong is reported below
            last = error
        time.sleep(interval)
    what = what() if callable(what) else what  # a log's tail is read once it is too late
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last error: {last!r})")


def port_free(port):
    import socket

    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


# --- The site ----------------------------------------------------------------------------------

SEED = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
section = Section.objects.create(name="Société", position=1)
author = Author.objects.create(name="Ana Lys", email="ana@example.org", short_bio="Journaliste.")
get_user_model().objects.create_superuser("{editor}", "redaction@example.org", "{password}")
def article(title, status, **fields):
    a = Article.objects.create(title=title, standfirst="Un chapô pour " + title + ".",
        body="<h2>Intertitre</h2><p>Un texte assez long pour être lu.</p>", section=section,
        status=status, published_at=timezone.now() - timedelta(hours=1)
        if status == Article.Status.PUBLISHED else None, allow_comments=True, **fields)
    ArticleAuthor.objects.create(article=a, author=author, position=0)
    return a
main = article("Deux serveurs, un site", Article.Status.PUBLISHED)
limits = article("Les limites comptent partout", Article.Status.PUBLISHED)
draft = article("Publié sur A, retiré sur B", Article.Status.DRAFT)
worker = article("La tâche survit au worker", Article.Status.PUBLISHED)
print(json.dumps({{"section": section.slug, **{{name: {{"id": a.pk, "slug": a.slug}}
      for name, a in [("main", main), ("limits", limits), ("draft", draft),
                      ("worker", worker)]}}}}))
""".format(editor=EDITOR, password=PASSWORD)


class Site:
    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.logs = self.workdir / "logs"
        self.logs.mkdir()
        self.static = self.workdir / "static"
        self.database_url = f"{PG}/{DB_NAME}"
        self.redis_url = f"redis://{HOST}:{REDIS_PORT}/0"
        self.a = f"http://{HOST}:{A_PORT}"
        self.b = f"http://{HOST}:{B_PORT}"
        self.front = f"http://{HOST}:{NGINX_PORT}"
        self.processes = []
        self.env = self.environment()
        self.nginx_dir = self.workdir / "nginx"

    def environment(self, **extra):
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PYTEST", "DJANGO_", "AWS_"))
               and key not in ("DEBUG", "REDIS_URL", "CACHE_URL", "DATABASE_URL",
                               "DATABASE_REPLICA_URL", "MEDIA_STORAGE_URL", "TASKS_BACKEND")}
        env.update({
            # Production-like (the Makefile's SERVE_ENV), the same secret on every server.
            "DEBUG": "0", "SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
            "SITE_URL": self.front,
            # Shared state: one database, one Redis, one object store.
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": "two-servers",
            "MEDIA_STORAGE_URL": f"s3://{BUCKET}?endpoint_url=http://{HOST}:{S3_FRONT_PORT}",
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            # nginx in front: its address is the one to trust in X-Forwarded-For; pages it
            # keeps are purged on every change.
            "TRUSTED_PROXY_COUNT": "1", "PAGE_CACHE_PURGE": "1",
            "NGINX_PURGE_URL": f"http://{HOST}:{NGINX_PURGE_PORT}/purge",
            "STATIC_ROOT": str(self.static), "SERVE_MEDIA": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
            # The comment form's minimum fill time is spam protection, not what this measures.
            "COMMENTS_MIN_FILL_SECONDS": "0",
            # A task retried after a failure comes back within the test's time.
            "TASK_RETRY_SECONDS": "1",
            # A task left running by a dead worker is put back in the queue after this long.
            "TASK_STALE_SECONDS": "3",
        })
        env.update(extra)
        return env

    # Set-up ------------------------------------------------------------------------------

    def manage(self, *command, env=None, timeout=300):
        result = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env or self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"manage.py {' '.join(command)}:\n{result.stderr[-3000:]}"
        return result.stdout

    def create_database(self):
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.seed = json.loads(self.manage("shell", "-c", SEED).strip().splitlines()[-1])

    def drop_database(self):
        try:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        except psycopg.Error:
            pass

    def query(self, sql, params=()):
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def process(self, name, argv, env=None):
        process = Process(name, argv, self.logs, env=env or self.env)
        self.processes.append(process)
        return process

    # Servers -----------------------------------------------------------------------------

    def gunicorn(self, name, port):
        media = self.workdir / f"media-{name}"
        media.mkdir()
        return self.process(f"gunicorn-{name}", [
            str(BIN / "gunicorn"), "magazine.wsgi", "--bind", f"{HOST}:{port}",
            "--workers", "2", "--worker-class", "gthread", "--threads", "4",
            "--timeout", "60", "--graceful-timeout", "5",
            # gunicorn 27's control socket defaults to one path per user: not ours to take.
            "--no-control-socket",
        ], env=self.environment(MEDIA_ROOT=str(media))).start()

    def worker(self, name="worker"):
        media = self.workdir / f"media-{name}"
        media.mkdir(exist_ok=True)
        return self.process(name, [PYTHON, "manage.py", "db_worker", "--no-startup-delay",
                                   "--no-reload", "--interval", "0.2"],
                            env=self.environment(MEDIA_ROOT=str(media))).start()

    def start_servers(self):
        self.server_a = self.gunicorn("a", A_PORT)
        self.server_b = self.gunicorn("b", B_PORT)
        self.task_worker = self.worker()
        for base, server in ((self.a, self.server_a), (self.b, self.server_b)):
            wait_for(lambda: server.alive() and requests.get(
                base + "/robots.txt", timeout=2).status_code == 200,
                     60, lambda server=server: f"{server.name} to answer\n{server.tail()}")

    def start_nginx(self):
        """The repo's deploy/nginx/magazine.conf balancing both servers (tests/deploy/conftest.py
        fills in its `# edit:` lines)."""
        config = nginx_config(self.nginx_dir, upstreams=[f"{HOST}:{A_PORT}", f"{HOST}:{B_PORT}"],
                              port=NGINX_PORT, purge_port=NGINX_PURGE_PORT,
                              static_root=self.static, media_root=self.workdir / "media-nginx")
        self.nginx = self.process("nginx", ["nginx", "-p", str(self.nginx_dir), "-c", str(config),
                                            "-e", str(self.nginx_dir / "logs" / "error.log")])
        self.nginx.start()
        wait_for(lambda: requests.get(self.front + "/robots.txt", timeout=2).status_code == 200,
                 20, lambda: f"nginx to answer\n{self.nginx.tail()}")

    def stop_all(self):
        for process in reversed(self.processes):
            process.stop()

    # Readers and the newsroom --------------------------------------------------------------

    def article_url(self, base, name):
        return f"{base}/articles/{self.seed[name]['slug']}/"

    def page(self, base, path):
        """An anonymous reader's GET (no cookie)."""
        return LEDGER.session().get(base + path, timeout=30)


class Editor:
    """The editor in a browser: logs in through the admin's form on one server; the session
    lives in the database, so the other server knows her too."""

    def __init__(self, site):
        self.site = site
        self.session = LEDGER.session()

    def login(self, base):
        page = self.session.get(f"{base}/admin/login/?next=/admin/", timeout=30)
        assert page.status_code == 200, page.status_code
        form = self.form(page.text, base, action_contains="login")
        data = dict(form["data"])
        data.update(username=EDITOR, password=PASSWORD)
        response = self.session.post(form["action"], data=data, timeout=30,
                                     allow_redirects=False)
        assert response.status_code == 302, plain(response.text)[:2000]
        assert "sessionid" in self.session.cookies
        return response

    @staticmethod
    def form(page, base, form_id=None, action_contains=None):
        document = lxml_html.fromstring(page)
        forms = document.forms
        for form in forms:
            if form_id and form.get("id") != form_id:
                continue
            if action_contains and action_contains not in (form.action or ""):
                continue
            values = []
            for name, value in form.form_values():
                values.append((name, value))
            # lxml leaves out a select with nothing selected; a browser sends its first option.
            for select in form.xpath(".//select[@name]"):
                if select.get("name") not in {n for n, _ in values} and not select.multiple:
                    options = select.xpath(".//option")
                    if options and select.get("disabled") is None:
                        values.append((select.get("name"), options[0].get("value", "")))
            return {"action": urljoin(base + "/", form.action or ""), "data": values}
        raise AssertionError(f"no form {form_id or action_contains} in the page")

    def change_article(self, base, name, changes=(), files=None, transition=None,
                       expect_redirect=True):
        """Open the article's change form on `base`, change fields, save (or take a workflow
        step); returns the answer to the POST."""
        article_id = self.site.seed[name]["id"]
        url = f"{base}/admin/articles/article/{article_id}/change/"
        page = self.session.get(url, timeout=30)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        form = self.form(page.text, base, form_id="article_form")
        data = [(key, value) for key, value in form["data"] if key not in dict(changes)]
        data += list(dict(changes).items())
        if transition:
            data.append(("_transition", transition))
        else:
            data.append(("_continue", "1"))
        response = self.session.post(url, data=data, files=files, timeout=120,
                                     allow_redirects=False)
        if expect_redirect:
            assert response.status_code == 302, (
                f"saving the article on {base}: {response.status_code}\n"
                + "\n".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text,
                                       re.S))[:2000])
        return response


def jpeg(width, height, quality=85, noise=True):
    """A real photograph-like JPEG made with Pillow (a gradient and some noise)."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    if noise:
        speckles = Image.effect_noise((width, height), 40).convert("RGB")
        image = Image.blend(image, speckles, 0.3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def image_urls(page, base):
    """Every src and srcset address of the cover's <picture> in an article page, absolute."""
    document = lxml_html.fromstring(page)
    cover = document.xpath('//figure[contains(@class, "article__cover")]')
    assert cover, "the article page shows no cover"
    urls = []
    for element in cover[0].xpath(".//img | .//source"):
        if element.get("src"):
            urls.append(element.get("src"))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                urls.append(candidate.strip().split()[0])
    return [urljoin(base + "/", url) for url in dict.fromkeys(urls)]


def check_images(urls, label):
    problems = []
    session = LEDGER.session()
    for url in urls:
        try:
            response = session.get(url, timeout=30)
        except requests.RequestException as error:
            LEDGER.error(error)
            problems.append(f"{url}: {error!r}")
            continue
        content_type = response.headers.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("image/"):
            problems.append(f"{url}: {response.status_code} {content_type}")
    assert not problems, f"{label}: broken image addresses:\n" + "\n".join(problems)


# --- Fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    busy = [p for p in (NGINX_PORT, A_PORT, B_PORT, NGINX_PURGE_PORT, S3_PORT, S3_FRONT_PORT,
                        REDIS_PORT) if not port_free(p)]
    assert not busy, f"ports already taken: {busy}"
    workdir = Path(tempfile.mkdtemp(prefix="magazine-two-servers-"))
    workdir.chmod(0o755)
    site = Site(workdir)
    try:
        # Redis of our own (so that it can be stopped), moto's S3 and the relay in front of it.
        site.redis = site.process("redis", [
            "redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--save", "",
            "--appendonly", "no", "--daemonize", "no"]).start()
        site.moto = site.process("moto", [str(BIN / "moto_server"), "-H", HOST, "-p",
                                          str(S3_PORT)]).start()
        site.s3_front = site.process("s3-front", [PYTHON, "-m", "tests.deploy.s3_front",
                                                  str(S3_FRONT_PORT), str(S3_PORT)]).start()
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"],
                                        capture_output=True, text=True).stdout.strip() == "PONG",
                 10, "redis-server")
        import boto3

        def make_bucket():
            s3 = boto3.client("s3", endpoint_url=f"http://{HOST}:{S3_PORT}",
                              aws_access_key_id="testing", aws_secret_access_key="testing",
                              region_name="us-east-1")
            s3.create_bucket(Bucket=BUCKET)
            # What an operator does for public media: anyone may read the bucket's objects,
            # except the private stores' prefixes (backups, imports: signed addresses only).
            s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                     "Resource": f"arn:aws:s3:::{BUCKET}/*"},
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                     "Resource": [f"arn:aws:s3:::{BUCKET}/backups/*",
                                  f"arn:aws:s3:::{BUCKET}/imports/*"]}]}))
            return True

        wait_for(make_bucket, 20, lambda: f"moto's S3 server\n{site.moto.tail()}", interval=0.3)
        site.create_database()
        site.start_servers()
        site.start_nginx()
        yield site
    finally:
        site.stop_all()
        site.drop_database()
        if os.environ.get("TWO_SERVERS_KEEP"):
            print(f"\n(two-server logs kept in {site.logs})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def editor(site):
    editor = Editor(site)
    editor.login(site.a)
    return editor


# --- The checks --------------------------------------------------------------------------------

def test_the_editor_logged_in_on_a_is_known_on_b(site, editor):
    page = editor.session.get(f"{site.b}/admin/", timeout=30)
    assert page.status_code == 200
    assert "/admin/logout/" in page.text or "logout" in page.text


# nginx is purged by a background task (pagecache/front.py) once a change has committed: the
# worker polls every 0.2 s, so a purged page leaves nginx within this many seconds.
PURGE_SECONDS = 10


def shown_through_nginx(site, path, check):
    """Polls nginx until `check(response)` holds (the purge task has run); returns the time it
    took, or fails with what nginx still served."""
    started = time.monotonic()
    while True:
        response = site.page(site.front, path)
        if check(response):
            return time.monotonic() - started
        if time.monotonic() - started > PURGE_SECONDS:
            raise AssertionError(
                f"nginx still serves a stale {path} after {PURGE_SECONDS} s "
                f"({response.status_code}, X-Cache-Status: "
                f"{response.headers.get('X-Cache-Status')}): it was not purged\n"
                f"{site.task_worker.tail(15)}")
        time.sleep(0.2)


def test_votes_on_a_and_comments_on_b_give_exact_counts_on_both(site, editor):
    main = site.seed["main"]
    path = f"/articles/{main['slug']}/"
    article_a, article_b = site.article_url(site.a, "main"), site.article_url(site.b, "main")
    for base in (site.a, site.b, site.front, site.front):  # every cache holds the page
        page = site.page(base, path)
        assert (votes_shown(page.text), comments_shown(page.text)) == (0, 0)
    # Twelve readers, each from their own address, vote on A.
    scores = [1 + n % 5 for n in range(12)]
    for n, score in enumerate(scores):
        reader = LEDGER.session(xff=f"10.1.0.{n + 1}")
        response = reader.post(article_a + "noter/", json={"score": score},
                               headers={"Accept": "application/json"}, timeout=30)
        assert response.status_code == 200, response.text[:500]
        LEDGER.votes[reader_of(response)] = (main["id"], score)
    # A reader comments on B; an editor approves it on A; the reader, now trusted, comments
    # three more times on B (published at once).
    commenter = LEDGER.session(xff="10.2.0.1")
    jeton = commenter.get(article_b + "avis/jeton/", headers={"Accept": "application/json"},
                          timeout=30).json()["jeton"]

    def comment(base, body, who=commenter, token=jeton, article=main):
        response = who.post(f"{base}/articles/{article['slug']}/avis/", json={
            "name": "Lectrice de B", "email": "lectrice@example.org", "body": body,
            "jeton": token, "site_web": ""}, headers={"Accept": "application/json"}, timeout=30)
        if response.status_code == 200:
            LEDGER.comments[response.json()["id"]] = body
        return response

    first = comment(site.b, "Premier avis, envoyé au serveur B.")
    assert first.status_code == 200 and first.json()["status"] == "pending", first.text[:500]
    changelist = editor.session.get(f"{site.a}/admin/comments/comment/", timeout=30)
    assert changelist.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist.text).group(1)
    approved = editor.session.post(f"{site.a}/admin/comments/comment/", data={
        "csrfmiddlewaretoken": csrf, "action": "approve", "select_across": "0", "index": "0",
        "_selected_action": str(first.json()["id"])}, timeout=30, allow_redirects=False)
    assert approved.status_code == 302, approved.text[:1000]
    for n in range(3):
        later = comment(site.b, f"Avis numéro {n + 2}, publié tout de suite sur B.")
        assert later.status_code == 200 and later.json()["status"] == "approved", later.text[:500]

    stored_votes, stored_comments = site.query(
        "SELECT (SELECT count(*) FROM ratings_rating WHERE article_id = %s), "
        "(SELECT count(*) FROM ratings_comment WHERE article_id = %s AND status = 'approved')",
        (main["id"], main["id"]))[0]
    summary = site.query("SELECT count, total FROM ratings_ratingsummary WHERE article_id = %s",
                         (main["id"],))[0]
    assert (stored_votes, stored_comments) == (12, 4)
    assert summary == (12, sum(scores))
    for base in (site.a, site.b):
        page = site.page(base, path)
        assert page.status_code == 200
        assert (votes_shown(page.text), comments_shown(page.text)) == (12, 4), base
    PURGES.append(shown_through_nginx(site, path, lambda page: page.status_code == 200 and (
        votes_shown(page.text), comments_shown(page.text)) == (12, 4)))


def test_published_on_a_is_served_by_b_and_unpublished_on_b_leaves_a_and_nginx(site, editor):
    path = f"/articles/{site.seed['draft']['slug']}/"
    for base in (site.a, site.b, site.front):
        assert site.page(base, path).status_code == 404, base
    editor.change_article(site.a, "draft", transition="publish")
    # B serves it at the next GET, and so does the balancer.
    assert site.page(site.b, path).status_code == 200
    assert site.page(site.a, path).status_code == 200
    for _ in range(3):  # long enough for every cache on the way to keep it
        assert site.page(site.front, path).status_code == 200
    editor.change_article(site.b, "draft", transition="unpublish")
    assert site.page(site.a, path).status_code == 404, "A still serves an unpublished article"
    assert site.page(site.b, path).status_code == 404
    PURGES.append(shown_through_nginx(site, path, lambda page: page.status_code == 404))


def _within_one_window(calls, window):
    """calls(attempt) alternates servers from one new address; a run that crossed the end of the
    limit's fixed window (time // window) is run again from another address."""
    for attempt in range(1, 3):
        started = time.time()
        result = calls(attempt)
        if int(started // window) == int(time.time() // window):
            break
    return result


def test_rate_limits_count_across_both_servers(site, editor):
    """RATINGS_VOTES_PER_HOUR (30) votes an hour and COMMENTS_RATE_LIMIT (5) comments per
    COMMENTS_RATE_WINDOW (600 s) from one address, whichever server gets them: one reader
    alternating A and B gets exactly the limit, then a French 429 (core/ratelimit.py)."""
    limits = site.seed["limits"]
    refusals = []

    def votes(attempt):
        voter = LEDGER.session(xff=f"10.3.{attempt}.1")
        statuses, reader = [], None
        for n in range(31):
            base = (site.a, site.b)[n % 2]
            response = voter.post(f"{base}/articles/{limits['slug']}/noter/",
                                  json={"score": 1 + n % 5},
                                  headers={"Accept": "application/json"}, timeout=30)
            statuses.append(response.status_code)
            if response.status_code != 200 and n < 30:
                refusals.append(f"vote {n + 1} on {base}: {response.status_code} "
                                f"{response.text[:300]}")
            if response.status_code == 200:  # the same reader (cookie) changing their vote
                reader = reader_of(response) or reader
                LEDGER.votes[reader] = (limits["id"], 1 + n % 5)
        return statuses, response

    statuses, last = _within_one_window(votes, 3600)
    assert statuses[:30] == [200] * 30 and statuses[30] == 429, (Counter(statuses), refusals[:3])
    assert "Trop de votes" in last.json()["error"]

    def comments(attempt):
        commenter = LEDGER.session(xff=f"10.3.{attempt}.2")
        jeton = commenter.get(f"{site.a}/articles/{limits['slug']}/avis/jeton/",
                              headers={"Accept": "application/json"}, timeout=30).json()["jeton"]
        statuses = []
        for n in range(6):
            base = (site.b, site.a)[n % 2]
            body = f"Avis {n + 1} {secrets.token_hex(3)} : une limite pour deux serveurs."
            response = commenter.post(f"{base}/articles/{limits['slug']}/avis/", json={
                "name": "Pressé", "email": "presse@example.org", "body": body, "jeton": jeton,
                "site_web": ""}, headers={"Accept": "application/json"}, timeout=30)
            statuses.append(response.status_code)
            if response.status_code == 200:
                LEDGER.comments[response.json()["id"]] = body
        return statuses, response

    statuses, last = _within_one_window(comments, 600)
    assert statuses == [200] * 5 + [429], statuses
    assert "beaucoup d'avis" in plain(last.json()["message"])


def _cover_urls(site, name, base):
    page = site.page(base, f"/articles/{site.seed[name]['slug']}/")
    assert page.status_code == 200
    return image_urls(page.text, base)


def _renditions(site, name):
    """The cover's renditions (its JSON's "specs"), empty until the worker has made them."""
    stored = site.query("SELECT cover_renditions FROM articles_article WHERE id = %s",
                        (site.seed[name]["id"],))[0][0] or {}
    return stored.get("specs") or {}


def test_a_cover_uploaded_on_a_is_shown_on_b_with_working_images(site, editor):
    # The worker is away for a moment: B's page must show the stored original meanwhile.
    site.task_worker.stop()
    editor.change_article(site.a, "main", changes={"cover_alt": "Deux serveurs côte à côte"},
                          files={"cover_image": ("deux-serveurs.jpg", jpeg(1600, 900),
                                                 "image/jpeg")})
    assert not _renditions(site, "main")
    urls = _cover_urls(site, "main", site.b)
    assert len(urls) == 1 and "deux-serveurs" in urls[0], f"not the original alone: {urls}"
    check_images(urls, "B's page right after the upload on A, before the renditions")
    # Once the worker has made the renditions, B's page shows them, and they work too.
    site.task_worker = site.worker("worker-after-upload")
    wait_for(lambda: _renditions(site, "main"), 60,
             lambda: f"the renditions of the cover\n{site.task_worker.tail()}", interval=0.3)
    urls = _cover_urls(site, "main", site.b)
    assert len(urls) > 2, f"B's page shows no renditions: {urls}"
    check_images(urls, "B's page with the renditions")
    check_images(_cover_urls(site, "main", site.front), "the balancer's page")


def _tasks(site, pattern="%make_renditions%"):
    return site.query("SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult "
                      "WHERE task_path LIKE %s ORDER BY enqueued_at", (pattern,))


def test_a_worker_killed_mid_task_leaves_the_task_retried(site, editor):
    """SIGKILL while the worker makes the renditions of a big cover: a new worker takes the
    task again and finishes it; nothing is lost."""
    site.task_worker.stop()
    before = {row[0] for row in _tasks(site)}
    editor.change_article(site.b, "worker", changes={"cover_alt": "Une très grande photo"},
                          files={"cover_image": ("tres-grande.jpg", jpeg(6000, 4000, 80, False),
                                                 "image/jpeg")})
    new = lambda: [row for row in _tasks(site) if row[0] not in before]  # noqa: E731
    assert new(), "the upload queued no make_renditions task"
    doomed = site.worker("worker-doomed")
    wait_for(lambda: any(status == "RUNNING" for _, status, _ in new()), 30,
             lambda: f"the worker to start the task\n{doomed.tail()}", interval=0.05)
    doomed.kill()
    assert not _renditions(site, "worker"), "the task finished before the kill: make it slower"
    site.task_worker = site.worker("worker-2")
    wait_for(lambda: _renditions(site, "worker"), 90,
             lambda: f"a new worker to finish the task left running\n{site.task_worker.tail()}",
             interval=0.3)
    # The row is marked done once the renditions are saved: every try of it ends, none failed.
    finished = lambda: not {status for _, status, _ in new()} & {"RUNNING", "READY"}  # noqa: E731
    wait_for(finished, 30, lambda: f"the task to be marked finished: {new()}")
    statuses = Counter(status for _, status, _ in new())
    assert statuses["FAILED"] == 0, f"the task was given up: {dict(statuses)}"
    check_images(_cover_urls(site, "worker", site.a), "A's page after the retried task")


# --- Outages -----------------------------------------------------------------------------------

class Readers:
    """Readers reading all the time, through nginx and each server directly."""

    def __init__(self, site, threads=3):
        self.site = site
        self.statuses = Counter()
        self.bad = []
        self.stop = threading.Event()
        self.paths = ["/", f"/articles/{site.seed['main']['slug']}/",
                      f"/rubrique/{site.seed['section']}/", "/flux/rss/",
                      f"/recherche/?q={'serveurs'}"]
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(threads)]

    def read(self, n):
        session = LEDGER.session()
        bases = (self.site.front, self.site.a, self.site.b)
        i = n
        while not self.stop.is_set():
            url = bases[i % 3] + self.paths[(i // 3) % len(self.paths)]
            i += 1
            try:
                status = session.get(url, timeout=15).status_code
            except requests.RequestException as error:
                LEDGER.error(error)
                status = type(error).__name__
            self.statuses[status] += 1
            if status != 200:
                self.bad.append((time.strftime("%H:%M:%S"), url, status))
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def _vote(site, base, article, xff, score):
    reader = LEDGER.session(xff=xff)
    try:
        response = reader.post(f"{base}/articles/{site.seed[article]['slug']}/noter/",
                               json={"score": score}, headers={"Accept": "application/json"},
                               timeout=30)
    except requests.RequestException as error:
        LEDGER.error(error)
        return None
    if response.status_code == 200:
        LEDGER.votes[reader_of(response)] = (site.seed[article]["id"], score)
    return response


def test_redis_then_s3_stopped_for_five_seconds_each(site, editor):
    main = site.seed["main"]
    votes_before = site.query("SELECT count FROM ratings_ratingsummary WHERE article_id = %s",
                              (main["id"],))[0][0]
    outage_votes, uploads = [], []
    with Readers(site) as readers:
        time.sleep(1)
        # Redis away: pages are rendered fresh, votes still counted (in the database).
        site.redis.stop()
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < OUTAGE_SECONDS:
            n += 1
            outage_votes.append(_vote(site, (site.a, site.b)[n % 2], "main", f"10.4.0.{n}",
                                      1 + n % 5))
            time.sleep(0.3)
        site.redis.start()
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"],
                                        capture_output=True, text=True).stdout.strip() == "PONG",
                 10, "redis-server back")
        time.sleep(1)
        # The object store away: pages still served; an upload gets a French 503.
        site.s3_front.kill()
        started = time.monotonic()
        uploads.append(editor.change_article(
            site.a, "limits", changes={"cover_alt": "Envoyée pendant la panne"},
            files={"cover_image": ("panne.jpg", jpeg(1300, 700), "image/jpeg")},
            expect_redirect=False))
        time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - started)))
        site.s3_front.start()
        time.sleep(1)
    # Readers never noticed.
    print(f"\nreaders during the outages: {dict(readers.statuses)}")
    assert set(readers.statuses) == {200}, (
        f"readers got {dict(readers.statuses)}: {readers.bad[:20]}")
    acked = [r for r in outage_votes if r is not None and r.status_code == 200]
    assert len(acked) == len(outage_votes), [getattr(r, "status_code", r) for r in outage_votes]
    # The upload during the S3 outage: a clear French 503, nothing stored.
    refused = uploads[0]
    assert refused.status_code == 503, f"upload while S3 is down: {refused.status_code}"
    assert "Traceback" not in refused.text
    assert re.search(r"stockage .* indisponible", plain(refused.text)), plain(refused.text)[:1000]
    assert not site.query("SELECT cover_image FROM articles_article WHERE id = %s",
                          (site.seed["limits"]["id"],))[0][0]
    # Everything came back by itself: votes count again (shown on both servers), a new upload
    # works and its images load.
    after = _vote(site, site.b, "main", "10.5.0.1", 5)
    assert after is not None and after.status_code == 200
    expected = votes_before + len(acked) + 1
    assert site.query("SELECT count FROM ratings_ratingsummary WHERE article_id = %s",
                      (main["id"],))[0][0] == expected
    path = f"/articles/{main['slug']}/"
    for base in (site.a, site.b):
        assert votes_shown(site.page(base, path).text) == expected, base
    editor.change_article(site.a, "limits", changes={"cover_alt": "Envoyée après la panne"},
                          files={"cover_image": ("apres.jpg", jpeg(1300, 700), "image/jpeg")})
    check_images(_cover_urls(site, "limits", site.b), "B's page after the S3 outage")
    # nginx too: the page it kept from before Redis went away is purged after the vote.
    PURGES.append(shown_through_nginx(site, path, lambda page: votes_shown(page.text) == expected))


def test_figures(site, capsys):
    """Every acknowledged write is in the database, exactly; the figures, on one line."""
    votes = {reader: score for reader, score in site.query(
        "SELECT reader_id, score FROM ratings_rating WHERE reader_id = ANY(%s)",
        ([r for r in LEDGER.votes if r],))}
    found_votes = sum(1 for reader, (_, score) in LEDGER.votes.items()
                      if votes.get(reader) == score)
    comments = dict(site.query("SELECT id, body FROM ratings_comment WHERE id = ANY(%s)",
                               (list(LEDGER.comments),)))
    found_comments = sum(1 for cid, body in LEDGER.comments.items() if comments.get(cid) == body)
    acked = len(LEDGER.votes) + len(LEDGER.comments)
    found = found_votes + found_comments
    statuses = ",".join(f"{code}:{n}" for code, n in sorted(LEDGER.statuses.items(), key=str))
    with capsys.disabled():  # shown by `pytest -m deploy` without -s too
        print(f"\nTWO_SERVERS requests={LEDGER.requests_made()} statuses={statuses} "
              f"writes_acked={acked} writes_found={found}")
        if PURGES:
            print(f"nginx purged within {max(PURGES):.1f} s ({len(PURGES)} changes)")
    lost_votes = {r: v for r, v in LEDGER.votes.items() if votes.get(r) != v[1]}
    lost_comments = [cid for cid, body in LEDGER.comments.items() if comments.get(cid) != body]
    assert found == acked, (
        f"acknowledged but not stored: votes {lost_votes}, comments {lost_comments}")
