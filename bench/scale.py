#!/usr/bin/env python3
"""`make bench-scale` (`bench/run_bench.py --scale`): reader pages at 100 vs 100 000 articles.

PostgreSQL only, in a throw-away database (DATABASE_URL; it is filled, not emptied: use a
fresh one) and a sibling `<name>_small` it creates and drops. Each gets the bench article, then
`manage.py bench_scale` (COPY) tops it up: 100 published articles in the small one, 100 000 in
the other (10 ratings and 2 comments per article). Both sites run at once, each with its own
file cache (REDIS_URL is ignored): home, section, tag, author, article, search and feed pages on
an uncached gunicorn (PAGE_CACHE_SECONDS=0, 2 sync workers), and the oldest article of the most
common tag on one with no cache at all (LONG_TAIL). ../shared/bench/measure.sh measures them in
turns, each page at both sizes one after the other, so the ratios are side by side.

Env: SCALE_ARTICLES (100000), SCALE_ROUNDS (2), SCALE_DURATION (5s), BENCH_PORT (8016: the small
site, +1 its cold server, +2 and +3 the large one's).
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_bench  # noqa: E402

ARTICLES = int(os.environ.get("SCALE_ARTICLES", "100000"))
ROUNDS = os.environ.get("SCALE_ROUNDS", "2")
DURATION = os.environ.get("SCALE_DURATION", "5s")
PAGES = [
    ("home", "/"),
    ("section", "/rubrique/echelle-0/"),
    ("section-p40", "/rubrique/echelle-0/?page=40"),
    ("tag", "/mot-cle/echelle-theme-0/"),
    ("author", "/auteurs/echelle-auteur-0/"),
    ("article", run_bench.ARTICLE),
    ("search", "/recherche/?q=potager"),
    ("feed", "/flux/rss/"),
]


def measure(targets):
    """[(label, url)], measured in turns, ROUNDS times: the median req/s, p50 and p99 of each."""
    env = {**os.environ, "ROUNDS": ROUNDS, "DURATION": DURATION, "WARMUP": "2s"}
    result = subprocess.run([str(run_bench.SHARED / "measure.sh"),
                             *(f"{label}={url}" for label, url in targets)],
                            env=env, check=True, text=True, capture_output=True)
    sys.stderr.write(result.stdout)
    figures = {}
    for line in result.stdout.splitlines():
        match = run_bench.MEDIAN.match(line)
        if match:
            figures[match[1]] = tuple(float(v) for v in match.group(2, 3, 4))
    if not figures:  # one round: the per-run lines
        for line in result.stdout.splitlines():
            match = run_bench.RUN_LINE.match(line)
            if match:
                figures[match[1]] = tuple(float(v) for v in match.group(2, 3, 4))
    return figures


# The long tail crawlers read: the oldest article of the most common tag (tens of thousands of
# articles at full size), drawn from scratch on every request (fragment cache off too). Not
# the same article at both sizes: the same kind of page.
LONG_TAIL = "article-old"
OLDEST_IN_COMMON_TAG = (
    "from articles.models import Article; "
    "print(Article.objects.published().filter(tags__slug='echelle-theme-0')"
    ".order_by('published_at').first().get_absolute_url())")


class Site:
    """One size of the site: its own database, caches and media, and two servers: the page
    cache off (PAGES), and no cache at all (LONG_TAIL)."""

    def __init__(self, label, database_url, port):
        self.label, self.port = label, port
        work = run_bench.WORK / f"scale-{label}"
        self.env = run_bench.site_env(
            DATABASE_URL=database_url, MEDIA_ROOT=str(work / "media"),
            CACHE_DIR=f"{run_bench.site_env()['CACHE_DIR']}-scale-{label}")
        self.servers = []

    def fill(self, articles):
        run_bench.manage("migrate", "--noinput", "-v0", env=self.env)
        run_bench.manage("bench_seed", "--content",
                         str(run_bench.SHARED / "peer/wagtail_overlay/articles/content.py"),
                         env={**self.env, "TASKS_BACKEND": "immediate"})
        started = time.monotonic()
        run_bench.manage("bench_scale", f"--articles={articles}", f"--ratings={10 * articles}",
                         f"--comments={2 * articles}", env=self.env)
        run_bench.log(f"{self.label} articles: data ready in {time.monotonic() - started:.0f} s")
        found = run_bench.manage("shell", "-c", OLDEST_IN_COMMON_TAG,
                                 env={**self.env, "LOG_LEVEL": "ERROR"}, capture=True)
        self.pages = [*PAGES, (LONG_TAIL, found.stdout.strip().splitlines()[-1])]

    def start(self):
        self.uncached = run_bench.Gunicorn(f"scale-{self.label}", self.port,
                                           {**self.env, "PAGE_CACHE_SECONDS": "0"})
        self.cold = run_bench.Gunicorn(f"scale-{self.label}-cold", self.port + 1,
                                       {**self.env, "PAGE_CACHE_SECONDS": "0",
                                        "FRAGMENT_CACHE_SECONDS": "0"})
        self.servers = [self.uncached, self.cold]
        for server in self.servers:
            if not run_bench.wait_200(server.url + run_bench.ARTICLE, 120):
                sys.exit(f"server did not answer; see {server.log_path}")

    def server(self, name):
        return self.cold if name == LONG_TAIL else self.uncached

    def targets(self):
        return [(f"{self.label}:{name}", self.server(name).url + path) for name, path in self.pages]

    def check(self):
        """(HTTP status, queries with warm caches) of each page."""
        codes = {name: run_bench.http_get(self.server(name).url + path, timeout=30)[0]
                 for name, path in self.pages}
        queries = run_bench.our_queries(dict(PAGES), DATABASE_URL=self.env["DATABASE_URL"],
                                        CACHE_DIR=self.env["CACHE_DIR"])
        queries.update(run_bench.our_queries(
            {LONG_TAIL: self.pages[-1][1]}, DATABASE_URL=self.env["DATABASE_URL"],
            CACHE_DIR=self.env["CACHE_DIR"], FRAGMENT_CACHE_SECONDS="0"))
        return codes, queries

    def stop(self):
        for server in self.servers:
            server.stop()


def sibling_database(url, suffix, create=True):
    """A new, empty database next to `url`'s (dropped first if a run left it); dropped only
    with create=False."""
    import psycopg
    from psycopg import sql

    parsed = urlsplit(url)
    name = parsed.path.lstrip("/") + suffix
    with psycopg.connect(parsed._replace(scheme="postgresql").geturl(), autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parsed._replace(path=f"/{name}").geturl()


def main():
    url = run_bench.site_env()["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("--scale needs PostgreSQL: DATABASE_URL=postgres://…/a_throw_away_database")
    # Each size its own file cache (Site): a shared Redis would mix the two sites' fragments.
    os.environ.pop("REDIS_URL", None)
    run_bench.manage("collectstatic", "--noinput", "-v0")
    # Both sizes at once, each in its database, measured page by page in turns (small, large,
    # small, …): a slow minute of this machine falls on both, not on one side of the ratio.
    small = Site("100", sibling_database(url, "_small"), run_bench.PORT)
    large = Site(f"{ARTICLES}", url, run_bench.PORT + 2)
    small.fill(100)
    large.fill(ARTICLES)
    try:
        for site in (small, large):
            site.start()
        checks = {site.label: site.check() for site in (small, large)}
        targets = [target for (name, _path) in small.pages
                   for target in (small.targets() + large.targets())
                   if target[0].endswith(f":{name}")]
        figures = measure(targets)
    finally:
        small.stop()
        large.stop()
        sibling_database(url, "_small", create=False)
    print()
    print(f"| page | 100 articles req/s | p50 ms | {ARTICLES} articles req/s | p50 ms | "
          f"time ratio (p50) | HTTP | queries |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for (name, path), (_name, large_path) in zip(small.pages, large.pages):
        a = figures.get(f"{small.label}:{name}", (0, 0, 0))
        b = figures.get(f"{large.label}:{name}", (0, 0, 0))
        codes = (checks[small.label][0][name], checks[large.label][0][name])
        queries = (checks[small.label][1][name]["warm"], checks[large.label][1][name]["warm"])
        comparable = codes == (200, 200) and a[1]
        ratio = b[1] / a[1] if comparable else 0.0
        worst = max(worst, ratio)
        # A page that does not exist yet at 100 articles (a 404) has nothing to compare with.
        shown = f"{ratio:.2f}" if comparable else "n/a"
        where = path if path == large_path else f"{path} / {large_path}"
        print(f"| {name} `{where}` | {a[0]:.0f} | {a[1]:.1f} | {b[0]:.0f} | {b[1]:.1f} | "
              f"{shown} | {codes[0]}/{codes[1]} | {queries[0]}/{queries[1]} |")
    print(f"SCALE articles={ARTICLES} worst_p50_ratio={worst:.2f}")


if __name__ == "__main__":
    main()
