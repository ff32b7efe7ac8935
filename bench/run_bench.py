#!/usr/bin/env python3
"""`make bench`: our article page side by side with the Wagtail peer and bare Django.

Starts the project under gunicorn (2 sync workers, DEBUG=0, a throw-away SECRET_KEY) three
times: uncached (PAGE_CACHE_SECONDS=0, fragments cached), cold (PAGE_CACHE_SECONDS=0 and
FRAGMENT_CACHE_SECONDS=0: every part rendered on every request, what a crawler on the long tail
gets) and with the page cache, on PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set, else
SQLite + a file cache in memory. Loads the peer's article (`manage.py bench_seed`), starts or
reuses the Wagtail peer and the bare-Django bound (BARE_MIDDLEWARE=std) from ../shared/bench,
measures everything in interleaved rounds with ../shared/bench/measure.sh (the cold section, tag
and author pages and the fragment-cached home for BENCH_LIST_DURATION only), counts SQL queries
per page, then runs the publish scenario (bench/publish.py: readers' p99 while an editor
publishes every 2 s, against their steady p99) and prints a table and the ratios. The last line:

    BENCH article_vs_wagtail=R cached_vs_bare=R cold_vs_wagtail=R home_vs_wagtail=R
          publish_p99_ratio=R article_queries=N list_queries=N section_vs_wagtail_home=R
          tag_vs_wagtail_home=R author_vs_wagtail_home=R

(one line). article_vs_wagtail: the uncached article (fragments cached); cold_vs_wagtail and
home_vs_wagtail: the cold article and home page; *_vs_wagtail_home: the cold section, tag and
author pages against Wagtail's home (the peer has no list page).

Env: BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_LIST_DURATION (4s), BENCH_PORT (8016:
uncached, +1 cached, +2 the peer's query-count instance, +3 cold, +4 the publish scenario's
server, +5 its purge stand-in), BENCH_WORK (/tmp/magazine-bench), BENCH_KEEP=1 leaves the
servers running, SHARED_BENCH (../shared/bench), BENCH_PUBLISH_* (bench/publish.py).
`--scale` runs bench/scale.py instead (100 vs 100 000 articles, PostgreSQL).
"""

import json
import os
import statistics
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import publish  # noqa: E402 - bench/publish.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/magazine-bench"))
PORT = int(os.environ.get("BENCH_PORT", "8016"))
ROUNDS = os.environ.get("BENCH_ROUNDS", "3")
DURATION = os.environ.get("BENCH_DURATION", "10s")
LIST_DURATION = os.environ.get("BENCH_LIST_DURATION", "4s")
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
STARTED = time.monotonic()
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
        # Our own file cache (without Redis), not the one other servers of this checkout share.
        CACHE_DIR=env.get("CACHE_DIR") or (
            f"/dev/shm/magazine-bench-{PORT}" if os.access("/dev/shm", os.W_OK)
            else str(WORK / "cache")),
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
        f"{'Redis' if env.get('REDIS_URL') else 'files in ' + env['CACHE_DIR']}; "
        f"work dir {WORK}")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    # The renditions (tasks, as the admin queues them) made now: every run, the first on a new
    # work folder included, measures pages with their pictures' srcset, as readers get them.
    manage("bench_seed", "--content", str(SHARED / "peer/wagtail_overlay/articles/content.py"),
           env={**env, "TASKS_BACKEND": "immediate"})


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


def our_queries(paths, **extra):
    """SQL queries per page, rendered for real (page cache off) by Django's test client."""
    env = site_env(PAGE_CACHE_SECONDS="0", **extra)
    result = subprocess.run([PYTHON, "-c", "import django, os, sys; os.environ.setdefault("
                             "'DJANGO_SETTINGS_MODULE', 'magazine.settings'); django.setup(); "
                             f"exec({QUERY_SCRIPT!r})", json.dumps(paths)],
                            cwd=ROOT, env=env, check=True, text=True, capture_output=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("BENCH_QC "))
    return json.loads(line.removeprefix("BENCH_QC "))


MEDIAN = re.compile(r"^(\S+)\s+req/s\s+(\S+)\s+p50\s+(\S+) ms\s+p99\s+(\S+) ms")


RUN_LINE = re.compile(r"^(\S+)\s+round \d+/\d+\s+req/s\s+(\S+)\s+p50\s+(\S+) ms\s+p99\s+(\S+) ms")


def measure(targets):
    """Each (label, url, duration) once per round, in the same order every round (one
    measure.sh run each, so durations may differ); the per-target medians of req/s, p50, p99."""
    rounds = int(ROUNDS)
    log(f"measuring {len(targets)} targets, {rounds} interleaved rounds "
        f"({', '.join(sorted({d for _l, _u, d in targets}))} each, after a warm-up)")
    runs = {label: [] for label, _url, _duration in targets}
    for number in range(1, rounds + 1):
        for label, url, duration in targets:
            warmup = "3s" if duration == DURATION else "1s"
            env = {**os.environ, "ROUNDS": "1", "DURATION": duration, "WARMUP": warmup}
            result = subprocess.run([str(SHARED / "measure.sh"), f"{label}={url}"], env=env,
                                    check=True, text=True, capture_output=True)
            for line in result.stdout.splitlines():
                match = RUN_LINE.match(line)
                if match:
                    runs[label].append(tuple(float(v) for v in match.group(2, 3, 4)))
                    sys.stderr.write(line.replace("round 1/1", f"round {number}/{rounds}") + "\n")
                    sys.stderr.flush()
    return {label: tuple(statistics.median(run[i] for run in values) for i in range(3))
            for label, values in runs.items() if values}


def main():
    if "--scale" in sys.argv[1:]:
        os.execv(PYTHON, [PYTHON, str(ROOT / "bench/scale.py"), *sys.argv[2:]])
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install -y {tool})")
    prepare_site()
    ours = []
    started = []
    publish_result, publish_error = None, None
    try:
        uncached = Gunicorn("uncached", PORT, site_env(PAGE_CACHE_SECONDS="0"))
        cached = Gunicorn("cached", PORT + 1, site_env(CACHE_KEY_PREFIX=os.environ.get(
            "CACHE_KEY_PREFIX", "magazine-bench")))
        cold = Gunicorn("cold", PORT + 3, site_env(PAGE_CACHE_SECONDS="0",
                                                   FRAGMENT_CACHE_SECONDS="0"))
        ours = [uncached, cached, cold]
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
        cold_queries = our_queries({"article": ARTICLE, **LIST_PAGES}, FRAGMENT_CACHE_SECONDS="0")
        peer_counts = peer_queries()
        targets = [
            ("wagtail-article", peer_article, DURATION),
            ("ours-article", uncached.url + ARTICLE, DURATION),
            ("cold-article", cold.url + ARTICLE, DURATION),
            ("ours-article-cached", cached.url + ARTICLE, DURATION),
            ("bare-django-std", "http://127.0.0.1:8102/", DURATION),
            ("wagtail-home", peer_home, DURATION),
            ("cold-home", cold.url + "/", DURATION),
            ("ours-home", uncached.url + "/", LIST_DURATION),
            *((f"cold-{name}", cold.url + path, LIST_DURATION)
              for name, path in LIST_PAGES.items() if name != "home"),
        ]
        medians = measure(targets)
        if os.environ.get("BENCH_KEEP") != "1":
            for server in ours:
                server.stop()
        publish_result, publish_error = publish_scenario()
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            for server in ours:
                server.stop()
            for _name, command, env in started:
                subprocess.run(command, env=env, capture_output=True)

    query_column = {
        "wagtail-article": peer_counts.get("article") or "?",
        "ours-article": queries["article"]["warm"],
        "cold-article": cold_queries["article"]["warm"],
        "ours-article-cached": 0,
        "bare-django-std": 0,
        "wagtail-home": peer_counts.get("home") or "?",
        "cold-home": cold_queries["home"]["warm"],
        "ours-home": queries["home"]["warm"],
        **{f"cold-{name}": cold_queries[name]["warm"] for name in LIST_PAGES},
    }
    print()
    print(f"| target ({peer_settings()['PEER_DB']}, 2 sync workers, wrk -c8, median of {ROUNDS}) "
          f"| req/s | p50 ms | p99 ms | SQL queries |")
    print("|---|---|---|---|---|")
    for label, _url, duration in targets:
        rps, p50, p99 = medians.get(label, (0.0, 0.0, 0.0))
        note = f" ({duration} runs)" if duration != DURATION else ""
        print(f"| {label}{note} | {rps:.0f} | {p50:.2f} | {p99:.2f} | {query_column[label]} |")
    print()
    print("ours-* : page cache off, fragments cached; cold-* : page cache and fragment cache off; "
          "ours-article-cached : page cache on.")
    print("Queries per page (ours, rendered with the page cache off; cold = first request of "
          "the process; without fragments: fragment cache off too):")
    for name, value in queries.items():
        print(f"  {name:8} warm {value['warm']}  cold {value['cold']}  without fragments "
              f"{cold_queries[name]['warm']}  (HTTP {value['status']})")
    print()
    if publish_result:
        publish.report(publish_result, publish_rounds())
    else:
        print(f"Publish scenario failed: {publish_error}")

    def ratio(a, b):
        return medians.get(a, (0,))[0] / medians[b][0] if medians.get(b, (0,))[0] else 0.0

    article_vs_wagtail = ratio("ours-article", "wagtail-article")
    cached_vs_bare = ratio("ours-article-cached", "bare-django-std")
    cold_vs_wagtail = ratio("cold-article", "wagtail-article")
    home_vs_wagtail = ratio("cold-home", "wagtail-home")
    fragment_home_vs_wagtail = ratio("ours-home", "wagtail-home")
    lists = {name: ratio(f"cold-{name}", "wagtail-home") for name in LIST_PAGES if name != "home"}
    publish_ratio = f"{publish_result['ratio']:.2f}" if publish_result else "nan"
    print()
    print(f"uncached article / Wagtail article: {article_vs_wagtail:.2f}  (target >= 3)")
    print(f"cached article / bare Django std:   {cached_vs_bare:.2f}  (target >= 0.9)")
    print(f"cold article / Wagtail article:     {cold_vs_wagtail:.2f}  (target >= 1.5)")
    print(f"cold home / Wagtail home:           {home_vs_wagtail:.2f}  (target >= 2)")
    print(f"uncached home / Wagtail home:       {fragment_home_vs_wagtail:.2f}  (fragments cached; "
          f"for information)")
    for name, value in lists.items():
        print(f"{f'cold {name} / Wagtail home:':36}{value:.2f}  (aim >= 2)")
    print(f"publishing p99 / steady p99:        {publish_ratio}  (target <= 2)")
    list_queries = max(queries[name]["warm"] for name in LIST_PAGES)
    print(f"BENCH article_vs_wagtail={article_vs_wagtail:.2f} cached_vs_bare={cached_vs_bare:.2f} "
          f"cold_vs_wagtail={cold_vs_wagtail:.2f} home_vs_wagtail={home_vs_wagtail:.2f} "
          f"publish_p99_ratio={publish_ratio} "
          f"article_queries={queries['article']['warm']} list_queries={list_queries} "
          + " ".join(f"{name}_vs_wagtail_home={value:.2f}" for name, value in lists.items()))
    log(f"done in {time.monotonic() - STARTED:.0f} s")
    if publish_error:
        sys.exit(1)


def publish_rounds():
    return os.environ.get("BENCH_PUBLISH_ROUNDS", "3")


def publish_scenario():
    """bench/publish.py against a server of its own (page cache on, purges on): (figures,
    None), or (None, the reason) if it could not run."""
    env = site_env(CACHE_KEY_PREFIX="magazine-bench-publish")
    server = Gunicorn("publish", PORT + 4, {**env, **publish.purge_env(PORT + 5)})
    try:
        if not wait_200(server.url + ARTICLE):
            return None, f"the publish scenario's server did not answer; see {server.log_path}"
        return publish.run(server.url, env, WORK, PORT + 5), None
    except (SystemExit, subprocess.CalledProcessError) as error:
        log(f"publish scenario: {error}")
        return None, str(error)
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            server.stop()


if __name__ == "__main__":
    main()
