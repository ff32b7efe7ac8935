#!/usr/bin/env python3
"""`make bench-scale` (`bench/run_bench.py --scale`): reader pages at 100 vs 100 000 articles.

PostgreSQL only, in a throw-away database (DATABASE_URL; it is filled, not emptied: use a
fresh one). Loads the bench article, tops the database up to 100 published articles (10 ratings
and 2 comments per article, as below), measures home, section, tag, author, article, search and
feed pages on an uncached gunicorn (PAGE_CACHE_SECONDS=0, 2 sync workers) with
../shared/bench/measure.sh, and the oldest article of the most common tag with no cache at all
(LONG_TAIL), then tops up to 100 000 articles, 1 000 000 ratings and 200 000 comments
(`manage.py bench_scale`, COPY) and measures the same pages again.

Env: SCALE_ARTICLES (100000), SCALE_ROUNDS (2), SCALE_DURATION (5s), BENCH_PORT (8016).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

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


def measure(server, pages=PAGES):
    env = {**os.environ, "ROUNDS": ROUNDS, "DURATION": DURATION, "WARMUP": "2s"}
    targets = [f"{name}={server.url}{path}" for name, path in pages]
    result = subprocess.run([str(run_bench.SHARED / "measure.sh"), *targets], env=env, check=True,
                            text=True, capture_output=True)
    sys.stderr.write(result.stdout)
    figures = {}
    for line in result.stdout.splitlines():
        match = run_bench.MEDIAN.match(line)
        if match:
            figures[match[1]] = tuple(float(v) for v in match.group(2, 3, 4))
    if not figures:  # one round: the per-run lines
        import re
        for line in result.stdout.splitlines():
            match = re.match(r"^(\S+)\s+round \d+/\d+\s+req/s\s+(\S+)\s+p50\s+(\S+) ms\s+p99\s+(\S+) ms", line)
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


def statuses(server, pages=PAGES):
    return {name: run_bench.http_get(server.url + path, timeout=30)[0] for name, path in pages}


def measure_cold_long_tail(env):
    """(figures, statuses, queries, path) of LONG_TAIL on a server with no cache at all."""
    path = run_bench.manage("shell", "-c", OLDEST_IN_COMMON_TAG, env={**env, "LOG_LEVEL": "ERROR"},
                            capture=True).stdout.strip().splitlines()[-1]
    pages = [(LONG_TAIL, path)]
    server = run_bench.Gunicorn("scale-cold", run_bench.PORT + 1, run_bench.site_env(
        PAGE_CACHE_SECONDS="0", FRAGMENT_CACHE_SECONDS="0"))
    try:
        if not run_bench.wait_200(server.url + path, 120):
            sys.exit(f"server did not answer; see {server.log_path}")
        return measure(server, pages), statuses(server, pages), run_bench.our_queries(dict(pages)), path
    finally:
        server.stop()


def phase(label, articles, ratings, comments):
    env = run_bench.site_env()
    started = time.monotonic()
    run_bench.manage("bench_scale", f"--articles={articles}", f"--ratings={ratings}",
                     f"--comments={comments}", env=env)
    run_bench.log(f"{label}: data ready in {time.monotonic() - started:.0f} s")
    server = run_bench.Gunicorn(f"scale-{label}", run_bench.PORT, run_bench.site_env(PAGE_CACHE_SECONDS="0"))
    try:
        if not run_bench.wait_200(server.url + run_bench.ARTICLE, 120):
            sys.exit(f"server did not answer; see {server.log_path}")
        codes = statuses(server)
        queries = run_bench.our_queries({name: path for name, path in PAGES})
        figures = measure(server)
    finally:
        server.stop()
    cold, cold_codes, cold_queries, path = measure_cold_long_tail(env)
    return {**figures, **cold}, {**codes, **cold_codes}, {**queries, **cold_queries}, path


def main():
    if not run_bench.site_env()["DATABASE_URL"].startswith("postgres"):
        sys.exit("--scale needs PostgreSQL: DATABASE_URL=postgres://…/a_throw_away_database")
    run_bench.prepare_site()
    small = phase("100", 100, 1_000, 200)
    large = phase(f"{ARTICLES}", ARTICLES, 10 * ARTICLES, 2 * ARTICLES)
    print()
    print(f"| page | 100 articles req/s | p50 ms | {ARTICLES} articles req/s | p50 ms | "
          f"time ratio (p50) | HTTP | queries |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for name, path in [*PAGES, (LONG_TAIL, f"{small[3]} / {large[3]}")]:
        a, b = small[0].get(name, (0, 0, 0)), large[0].get(name, (0, 0, 0))
        comparable = small[1][name] == large[1][name] == 200 and a[1]
        ratio = b[1] / a[1] if comparable else 0.0
        worst = max(worst, ratio)
        # A page that does not exist yet at 100 articles (a 404) has nothing to compare with.
        shown = f"{ratio:.2f}" if comparable else "n/a"
        print(f"| {name} `{path}` | {a[0]:.0f} | {a[1]:.1f} | {b[0]:.0f} | {b[1]:.1f} | "
              f"{shown} | {small[1][name]}/{large[1][name]} | "
              f"{small[2][name]['warm']}/{large[2][name]['warm']} |")
    print(f"SCALE articles={ARTICLES} worst_p50_ratio={worst:.2f}")


if __name__ == "__main__":
    main()
