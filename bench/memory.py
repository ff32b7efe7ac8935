#!/usr/bin/env python3
"""`make bench-memory`: one gunicorn worker's memory over 10 000 mixed requests.

Starts the project (DEBUG=0, page cache off so every request renders, the bench article
loaded as for `make bench`) under gunicorn with ONE sync worker, fires MEMORY_REQUESTS (10 000)
requests cycling through article, home, section, tag, author, search, feeds, sitemap, 404 and
comment pages (with and without a reader cookie, as votes and comments bring), and prints the
worker's resident memory (RSS, from /proc) every 1 000 requests. Target: <= 100 MB and flat.

Env: MEMORY_REQUESTS (10000), MEMORY_CACHE=1 (measure with the page cache on), BENCH_PORT+3.
"""

import http.client
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_bench  # noqa: E402

REQUESTS = int(os.environ.get("MEMORY_REQUESTS", "10000"))
PORT = run_bench.PORT + 3
PATHS = [
    run_bench.ARTICLE, "/", "/rubrique/bench-ville/", "/mot-cle/jardinage/",
    "/auteurs/camille-delorme/", "/recherche/?q=potager", "/flux/rss/", "/flux/atom/",
    "/sitemap.xml", "/articles/n-existe-pas/", run_bench.ARTICLE + "?avis=2",
    "/en/", "/recherche/?q=toit+jardin&page=1", "/auteurs/", "/les-mieux-notes/",
]


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pid(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return int(children[0])


def main():
    run_bench.prepare_site()
    cache = "600" if os.environ.get("MEMORY_CACHE") == "1" else "0"
    server = run_bench.Gunicorn("memory", PORT, run_bench.site_env(PAGE_CACHE_SECONDS=cache),
                                workers=1)
    try:
        if not run_bench.wait_200(server.url + run_bench.ARTICLE):
            sys.exit(f"server did not answer; see {server.log_path}")
        pid = worker_pid(server.process.pid)
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        statuses = {}
        print(f"worker pid {pid}, page cache {'on' if cache != '0' else 'off'}")
        print(f"{'requests':>8}  {'RSS MB':>7}")
        print(f"{0:>8}  {rss_mb(pid):7.1f}")
        samples = []
        started = time.monotonic()
        for i in range(1, REQUESTS + 1):
            path = PATHS[i % len(PATHS)]
            # Every third request carries a reader cookie (a reader who voted or commented).
            headers = {"Cookie": f"lecteur=bench-{i % 50}"} if i % 3 == 0 else {}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if i % 1000 == 0:
                samples.append(rss_mb(pid))
                print(f"{i:>8}  {samples[-1]:7.1f}")
        elapsed = time.monotonic() - started
        growth = samples[-1] - samples[len(samples) // 2] if len(samples) > 1 else 0.0
        print(f"statuses {dict(sorted(statuses.items()))}, {REQUESTS / elapsed:.0f} req/s")
        print(f"MEMORY requests={REQUESTS} rss_max_mb={max(samples):.1f} "
              f"rss_last_mb={samples[-1]:.1f} growth_second_half_mb={growth:.1f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
