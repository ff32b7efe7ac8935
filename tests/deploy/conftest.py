"""Real servers on loopback for the `deploy` tests (pytest -m deploy; .ci/run runs them).

- `nginx_config(directory, upstreams=[...], port=..., purge_port=..., static_root=...,
  media_root=...)` writes a small main nginx.conf in `directory` (pid, logs, temp paths there,
  the cache-purge module loaded) that includes the repo's deploy/nginx/magazine.conf with this
  site's lines (`# edit:`) filled in, and returns its path;
- `Nginx(...)` starts that nginx and stops it; `Gunicorn(...)` the site on a port;
- `site_environment(...)` the production-like environment of an app server;
- the `front` fixture (module): a migrated SQLite site with collected static files, served by
  gunicorn on 8141 behind the repo's nginx on 8140 (purges on 8142), purging nginx on changes.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
SITE_CONF = ROOT / "deploy" / "nginx" / "magazine.conf"
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
NGINX_PORT, GUNICORN_PORT, PURGE_PORT = 8140, 8141, 8142


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.deploy)


def _fill(config, name, lines):
    """Replace the line marked `# edit: <name>` by `lines` (indented like it)."""
    pattern = re.compile(rf"^( *)[^\n]*# edit: {re.escape(name)}\b[^\n]*$", re.M)
    found = pattern.findall(config)
    assert len(found) == 1, f"deploy/nginx/magazine.conf: no single line marked '# edit: {name}'"
    indent = found[0]
    return pattern.sub(lambda m: "\n".join(indent + line for line in lines), config)


def site_config(directory, *, upstreams, port, purge_port, static_root, media_root,
                admin_path="admin/"):
    """The repo's site file with this site's values."""
    config = SITE_CONF.read_text()
    config = _fill(config, "upstream", [
        f"server {upstream} max_fails=2 fail_timeout=5s;" for upstream in upstreams])
    config = _fill(config, "cache", [
        f"proxy_cache_path {directory}/cache levels=1:2 keys_zone=magazine_pages:8m"])
    config = _fill(config, "static root",
                   [f'map "" $magazine_static_root {{ default {static_root}; }}'])
    config = _fill(config, "media root",
                   [f'map "" $magazine_media_root {{ default {media_root}; }}'])
    config = _fill(config, "listen", [f"listen {HOST}:{port};"])
    config = _fill(config, "server name", ["server_name _;"])
    config = _fill(config, "purge listen", [f"listen {HOST}:{purge_port};"])
    config = _fill(config, "admin path", [f"location /{admin_path} {{"])
    return config


def nginx_config(directory, *, upstreams, port=NGINX_PORT, purge_port=PURGE_PORT,
                 static_root, media_root, workers=1, access_log=True):
    """Write `directory`/nginx.conf (+ magazine.conf) and return the main file's path.
    `upstreams`: "host:port" of each app server (several: nginx balances them)."""
    directory = Path(directory)
    for folder in ("logs", "cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    (directory / "magazine.conf").write_text(site_config(
        directory, upstreams=upstreams, port=port, purge_port=purge_port,
        static_root=static_root, media_root=media_root))
    user = "user root root;" if os.geteuid() == 0 else ""  # workers read the test's folders
    main = f"""
# This file is the main one: Debian's nginx.conf and its modules-enabled/ are not read.
load_module {PURGE_MODULE};
{user}
worker_processes {workers};
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log {f"{directory}/logs/access.log" if access_log else "off"};
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/magazine.conf;
}}
"""
    path = directory / "nginx.conf"
    path.write_text(main)
    return path


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def answers(url):
    try:
        urllib.request.urlopen(url, timeout=2).read()
        return True
    except urllib.error.HTTPError:
        return True


class Server:
    """A process started here, stopped (and its log kept) at the end."""

    name = "server"

    def __init__(self, argv, log, env=None, cwd=ROOT):
        self.log_path = Path(log)
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def tail(self, size=3000):
        return self.log_path.read_text(errors="replace")[-size:]

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Nginx(Server):
    """nginx on loopback with the repo's config (see nginx_config for the arguments)."""

    name = "nginx"

    def __init__(self, directory, **options):
        directory = Path(directory)
        conf = nginx_config(directory, **options)
        test = subprocess.run(["nginx", "-t", "-p", str(directory), "-c", str(conf),
                               "-e", str(directory / "logs" / "error.log")],
                              capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        super().__init__(["nginx", "-p", str(directory), "-c", str(conf), "-e",
                          str(directory / "logs" / "error.log")], directory / "logs" / "nginx.out")
        port = options.get("port", NGINX_PORT)
        self.url = f"http://{HOST}:{port}"
        self.purge_url = f"http://{HOST}:{options.get('purge_port', PURGE_PORT)}/purge"
        self.directory = directory
        wait_until(lambda: answers(f"http://{HOST}:{options.get('purge_port', PURGE_PORT)}/"),
                   20, f"nginx on {port}\n{self.tail()}")

    def stop(self, sig=signal.SIGQUIT):  # graceful: workers finish their requests
        super().stop(sig)


def site_environment(workdir, *, database_url, **extra):
    """A production-like app server's environment (the Makefile's SERVE_ENV, behind nginx)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST", "DJANGO_"))
           and key not in ("DEBUG", "REDIS_URL", "CACHE_URL", "DATABASE_URL", "TASKS_BACKEND",
                           "DATABASE_REPLICA_URL", "MEDIA_STORAGE_URL", "NGINX_PURGE_URL",
                           "CDN_PURGE_URLS", "PAGE_CACHE_PURGE")}
    workdir = Path(workdir)
    env.update({
        "DEBUG": "0", "SECRET_KEY": "deploy-test-" + "x" * 40,
        "ALLOWED_HOSTS": f"{HOST},localhost", "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0", "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_DIR": str(workdir / "cache"), "CACHE_KEY_PREFIX": f"deploy-{workdir.name}",
        "TRUSTED_PROXY_COUNT": "1", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "magazine.settings", "PYTHONPATH": str(ROOT),
    })
    env.update(extra)
    return env


class Gunicorn(Server):
    name = "gunicorn"

    def __init__(self, env, port, log, workers=2):
        super().__init__([str(BIN / "gunicorn"), "magazine.wsgi", "--bind", f"{HOST}:{port}",
                          "--workers", str(workers), "--log-level", "warning",
                          "--no-control-socket"], log, env=env)
        self.url = f"http://{HOST}:{port}"
        wait_until(lambda: answers(self.url + "/robots.txt"), 60,
                   f"gunicorn on {port}\n{self.tail()}")


def manage(env, *command, stdin=None):
    result = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"manage.py {' '.join(command)}:\n{result.stderr[-3000:]}"
    return result.stdout


# What the site shows: a section, a tag, an author, two published articles and a draft.
SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
section = Section.objects.create(name="Ville", position=1)
author = Author.objects.create(name="Ana Lys", short_bio="Journaliste.", job_title="journaliste")
made = {}
for key, title, status in [("article", "Les toits potagers", "published"),
                           ("other", "Un autre article", "published"),
                           ("draft", "Un brouillon", "draft")]:
    article = Article.objects.create(
        title=title, status=status, section=section, standfirst="Chapô.",
        body="<h2>Intertitre</h2>" + "<p>Un paragraphe de texte sur les jardins.</p>" * 40,
        published_at=timezone.now() - timedelta(hours=1) if status == "published" else None)
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    article.tags.add("potagers")
    made[key] = {"id": article.pk, "path": article.get_absolute_url()}
made["section"] = section.get_absolute_url()
made["tag"] = "/mot-cle/potagers/"
print(json.dumps(made))
"""


class Front:
    """The site behind the repo's nginx: `url` (nginx), `app` (gunicorn), `purge_url`, `env`
    (to run manage.py as the app servers do), `seed` (what SEED made)."""


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    import json

    workdir = tmp_path_factory.mktemp("front")
    os.chmod(workdir, 0o755)
    nginx_dir = workdir / "nginx"
    env = site_environment(
        workdir, database_url=f"sqlite:///{workdir / 'site.sqlite3'}",
        NGINX_PURGE_URL=f"http://{HOST}:{PURGE_PORT}/purge",
        # Tasks (the purges) run at once wherever a change is made; the worker's way is
        # tests/pagecache/test_front_purge.py's.
        TASKS_BACKEND="immediate")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    site = Front()
    site.env, site.workdir = env, workdir
    site.seed = json.loads(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    (workdir / "media" / "renditions").mkdir(parents=True, exist_ok=True)
    servers = []
    try:
        gunicorn = Gunicorn(env, GUNICORN_PORT, workdir / "gunicorn.log")
        servers.append(gunicorn)
        nginx = Nginx(nginx_dir, upstreams=[f"{HOST}:{GUNICORN_PORT}"],
                      static_root=workdir / "static", media_root=workdir / "media")
        servers.append(nginx)
        site.url, site.app, site.purge_url, site.nginx = (nginx.url, gunicorn.url,
                                                         nginx.purge_url, nginx)
        yield site
    finally:
        for server in reversed(servers):
            server.stop()
