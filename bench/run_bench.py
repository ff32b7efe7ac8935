#!/usr/bin/env python3
"""`make bench`: our article page side by side with the Wagtail peer and bare Django.

Starts the project under gunicorn (2 sync workers, DEBUG=0, a throw-away SECRET_KEY) twice:
uncached (PAGE_CACHE_SECONDS=0) and with the page cache, on PostgreSQL + Redis when
DATABASE_URL / REDIS_URL are set, else SQLite + local memory. Loads the peer's article
(`manage.py bench_seed`), starts or reuses the Wagtail peer and the bare-Django bound
(BARE_MIDDLEWARE=std) from ../shared/bench, measures everything in interleaved rounds with
../shared/bench/measure.sh, counts SQL queries per page, and prints a table and the ratios.
The last line reads:

    BENCH article_vs_wagtail=R1 cached_vs_bare=R2 article_queries=N1 list_queries=N2

Env: BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_PORT (8016: uncached, +1 cached, +2 the
peer's query-count instance), BENCH_WORK (/tmp/magazine-bench), BENCH_KEEP=1 leaves the servers
running, SHARED_BENCH (../shared/bench).
`--scale` runs bench/scale.py instead (100 vs 100 000 articles, PostgreSQL).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/magazine-bench"))
PORT = int(os.environ.get("BENCH_PORT", "8016"))
ROUNDS = os.environ.get("BENCH_ROUNDS", "3")
DURATION = os.environ.get("BENCH_DURATION", "10s")
ARTICLE = "/articles/les-toits-de-la-ville-deviennent-des-potagers/"
LIST_PAGES = {"home": "/", "section": "/rubrique/bench-ville/", "tag": "/mot-cle/jardinage/",
              "author": "/auteurs/camille-delorme/"}


def shared_bench():
    if os.environ.get("SHARED_BENCH"):
        return Path(os.environ["SHARED_BENCH"])
    for parent in ROOT.parents:  # a git worktree sits deeper than the checkout
        if (parent / "shared/bench").is_dir():
            return parent / "shared/bench"
    sys.exit("../shared/bench not found (set SHARED_BENCH)")


SHARED = shared_bench()
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)  # throw-away


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def site_env(**extra):
    env = dict(os.environ)
    env.update(
        DEBUG="0", SERVE_MEDIA="1", SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0", ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=SECRET_KEY,
        STATIC_ROOT=str(WORK / "static"), MEDIA_ROOT=str(WORK / "media"), LOG_LEVEL="WARNING",
        DATABASE_URL=env.get("DATABASE_URL") or f"sqlite:///{WORK / 'db.sqlite3'}",
    )
    env.update(extra)
    return env


def manage(*args, env=None, capture=False):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or site_env(),
                          check=True, text=True, capture_output=capture)


def http_get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""
    except OSError:
        return None, {}, b""


def wait_200(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if http_get(url)[0] == 200:
            return True
        time.sleep(0.5)
    return False


class Gunicorn:
    """One of our gunicorn servers, stopped by its own pid when the bench ends."""

    def __init__(self, name, port, env, workers=2):
        self.name, self.port = name, port
        self.log_path = WORK / f"gunicorn-{name}.log"
        self.process = subprocess.Popen(
            [GUNICORN, "magazine.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "sync", "--log-level", "warning", "--no-control-socket"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.log_path, "w"),
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def prepare_site():
    WORK.mkdir(parents=True, exist_ok=True)
    env = site_env()
    log(f"database {env['DATABASE_URL'].split('@')[-1]}, cache "
        f"{'Redis' if env.get('REDIS_URL') else 'local memory'}; work dir {WORK}")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("bench_seed", "--content", str(SHARED / "peer/wagtail_overlay/articles/content.py"), env=env)


def peer_settings():
    postgres = site_env()["DATABASE_URL"].startswith("postgres")
    return {"PEER_DB": "postgres" if postgres else "sqlite", "PEER_PORT": "8104" if postgres else "8101"}


def start_peers():
    """Start (or reuse) the Wagtail peer and bare Django with the standard middleware."""
    started = []
    peer = peer_settings()
    script = str(SHARED / "peer/setup_wagtail.sh")
    env = {**os.environ, **peer}
    article = f"http://127.0.0.1:{peer['PEER_PORT']}{ARTICLE}"
    if http_get(article)[0] == 200:
        log(f"reusing the Wagtail peer ({peer['PEER_DB']}) on {peer['PEER_PORT']}")
    else:
        log(f"starting the Wagtail peer ({peer['PEER_DB']}) on {peer['PEER_PORT']}")
        subprocess.run([script, "all"], env=env, check=True)
        started.append(("wagtail", [script, "stop"], env))
    bare = "http://127.0.0.1:8102/"
    status, headers, _ = http_get(bare)
    if status == 200 and "X-Frame-Options" in headers:  # only the std middleware sets it
        log("reusing bare Django (BARE_MIDDLEWARE=std) on 8102")
    else:
        log("starting bare Django with BARE_MIDDLEWARE=std on 8102 (and nginx on 8103)")
        bare_env = {**os.environ, "BARE_MIDDLEWARE": "std", "ARTICLE_URL": article}
        subprocess.run([str(SHARED / "peer/bare_django.sh"), "all"], env=bare_env, check=True)
        started.append(("bare", [str(SHARED / "peer/bare_django.sh"), "stop"], bare_env))
    return started, article


def peer_queries():
    """The peer's SQL queries per article and home page: a second instance of it, on one of
    our ports, with its X-Query-Count middleware (never the instance being measured)."""
    port = str(PORT + 2)
    env = {**os.environ, **peer_settings(), "PEER_PORT": port, "BENCH_COUNT_QUERIES": "1"}
    script = str(SHARED / "peer/setup_wagtail.sh")
    counts = {}
    try:
        subprocess.run([script, "serve"], env=env, check=True, capture_output=True)
        for name, path in (("article", ARTICLE), ("home", "/")):
            values = [http_get(f"http://127.0.0.1:{port}{path}")[1].get("X-Query-Count")
                      for _ in range(4)]
            counts[name] = values[-1]
    except subprocess.CalledProcessError:
        log("could not start the peer's query-count instance")
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)
    return counts


QUERY_SCRIPT = """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
paths, out = json.loads(sys.argv[-1]), {}
client = Client()
for name, path in paths.items():
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, HTTP_HOST="127.0.0.1").status_code
        counts.append(len(queries))
    out[name] = {"cold": counts[0], "warm": counts[1], "status": status}
print("BENCH_QC " + json.dumps(out))
"""


def our_queries(paths):
    """SQL queries per page, rendered for real (page cache off) by Django's test client."""
    env = site_env(PAGE_CACHE_SECONDS="0")
    result = subprocess.run([PYTHON, "-c", "import django, os, sys; os.environ.setdefault("
                             "'DJANGO_SETTINGS_MODULE', 'magazine.settings'); django.setup(); "
                             f"exec({QUERY_SCRIPT!r})", json.dumps(paths)],
                            cwd=ROOT, env=env, check=True, text=True, capture_output=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("BENCH_QC "))
    return json.loads(line.removeprefix("BENCH_QC "))


MEDIAN = re.compile(r"^(\S+)\s+req/s\s+(\S+)\s+p50\s+(\S+) ms\s+p99\s+(\S+) ms")


def measure(targets):
    env = {**os.environ, "ROUNDS": ROUNDS, "DURATION": DURATION}
    args = [f"{label}={url}" for label, url in targets]
    log(f"measuring {len(targets)} targets, {ROUNDS} interleaved rounds of {DURATION} each")
    result = subprocess.run([str(SHARED / "measure.sh"), *args], env=env, check=True, text=True,
                            capture_output=True)
    sys.stderr.write(result.stdout)
    medians = {}
    lines = result.stdout.splitlines()
    # With one round, measure.sh prints only the per-run lines.
    tail = lines[lines.index(next(l for l in lines if l.startswith("# median"))) + 1:] \
        if any(l.startswith("# median") for l in lines) else lines
    for line in tail:
        match = MEDIAN.match(line) or re.match(
            r"^(\S+)\s+round \d+/\d+\s+req/s\s+(\S+)\s+p50\s+(\S+) ms\s+p99\s+(\S+) ms", line)
        if match:
            medians[match[1]] = tuple(float(v) for v in match.group(2, 3, 4))
    return medians


def main():
    if "--scale" in sys.argv[1:]:
        os.execv(PYTHON, [PYTHON, str(ROOT / "bench/scale.py"), *sys.argv[2:]])
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install -y {tool})")
    prepare_site()
    ours = []
    started = []
    try:
        uncached = Gunicorn("uncached", PORT, site_env(PAGE_CACHE_SECONDS="0"))
        cached = Gunicorn("cached", PORT + 1, site_env(CACHE_KEY_PREFIX=os.environ.get(
            "CACHE_KEY_PREFIX", "magazine-bench")))
        ours = [uncached, cached]
        for server in ours:
            if not wait_200(server.url + ARTICLE):
                sys.exit(f"{server.name} server did not answer; see {server.log_path}")
        http_get(cached.url + ARTICLE)
        hit = http_get(cached.url + ARTICLE)[1].get("X-Page-Cache")
        if hit != "hit":
            sys.exit(f"the cached server does not serve from its cache (X-Page-Cache: {hit})")
        started, peer_article = start_peers()
        peer_home = peer_article.split("/articles/")[0] + "/"
        queries = our_queries({"article": ARTICLE, **LIST_PAGES})
        peer_counts = peer_queries()
        targets = [
            ("wagtail-article", peer_article),
            ("ours-article", uncached.url + ARTICLE),
            ("ours-article-cached", cached.url + ARTICLE),
            ("bare-django-std", "http://127.0.0.1:8102/"),
            ("wagtail-home", peer_home),
            ("ours-home", uncached.url + "/"),
        ]
        medians = measure(targets)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            for server in ours:
                server.stop()
            for _name, command, env in started:
                subprocess.run(command, env=env, capture_output=True)

    query_column = {
        "wagtail-article": peer_counts.get("article") or "?",
        "ours-article": queries["article"]["warm"],
        "ours-article-cached": 0,
        "bare-django-std": 0,
        "wagtail-home": peer_counts.get("home") or "?",
        "ours-home": queries["home"]["warm"],
    }
    print()
    print(f"| target ({peer_settings()['PEER_DB']}, 2 sync workers, wrk -c8, median of {ROUNDS}) "
          f"| req/s | p50 ms | p99 ms | SQL queries |")
    print("|---|---|---|---|---|")
    for label, _url in targets:
        rps, p50, p99 = medians.get(label, (0.0, 0.0, 0.0))
        print(f"| {label} | {rps:.0f} | {p50:.2f} | {p99:.2f} | {query_column[label]} |")
    print()
    print("Queries per page (ours, rendered with the page cache off; cold = first request of "
          "the process):")
    for name, value in queries.items():
        print(f"  {name:8} warm {value['warm']}  cold {value['cold']}  (HTTP {value['status']})")

    def ratio(a, b):
        return medians.get(a, (0,))[0] / medians[b][0] if medians.get(b, (0,))[0] else 0.0

    article_vs_wagtail = ratio("ours-article", "wagtail-article")
    cached_vs_bare = ratio("ours-article-cached", "bare-django-std")
    home_vs_wagtail = ratio("ours-home", "wagtail-home")
    print()
    print(f"uncached article / Wagtail article: {article_vs_wagtail:.2f}  (target >= 3)")
    print(f"cached article / bare Django std:   {cached_vs_bare:.2f}  (target >= 0.9)")
    print(f"uncached home / Wagtail home:       {home_vs_wagtail:.2f}")
    list_queries = max(queries[name]["warm"] for name in LIST_PAGES)
    print(f"BENCH article_vs_wagtail={article_vs_wagtail:.2f} cached_vs_bare={cached_vs_bare:.2f} "
          f"article_queries={queries['article']['warm']} list_queries={list_queries}")


if __name__ == "__main__":
    main()
