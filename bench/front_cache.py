#!/usr/bin/env python3
"""`make bench-front`: a cached article through the repo's nginx config, side by side with
nginx serving a static file (the shared benchmark's nginx on 8103, ../shared/bench).

Loads the peer's article (`manage.py bench_seed`, like `make bench`), serves it with gunicorn
(2 sync workers, the page cache on, purges to nginx on) behind deploy/nginx/magazine.conf
(2 nginx workers and no access log, as the shared nginx), checks that nginx answers it from its
cache (X-Cache-Status: HIT), starts or reuses the shared nginx (peer/bare_django.sh), then
measures both with wrk in interleaved rounds (-t2 -c8, as measure.sh) and prints the medians.
Requests carry `Accept-Encoding: gzip` as browsers do (the shared nginx does not compress; ours
sends the gzipped copy it keeps); the figure without it (nginx keeps a plain copy for such
clients) is printed too, and the ratio to the same static file served by the repo's nginx
itself (/static/, equal terms). The last line reads:

    FRONT_BENCH cached_article_rps=N nginx_static_rps=N ratio=R

Env: BENCH_ROUNDS (3), BENCH_DURATION (10s), FRONT_BENCH_PORT (8147: gunicorn; +1 nginx, +2
its purge location), BENCH_WORK (/tmp/magazine-bench-front), SHARED_BENCH (../shared/bench).
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("BENCH_WORK", "/tmp/magazine-bench-front")
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

import run_bench  # noqa: E402  (the site's preparation and gunicorn, shared with `make bench`)
from run_bench import ARTICLE, SHARED, WORK, Gunicorn, http_get, log, site_env  # noqa: E402

from tests.deploy.conftest import Nginx  # noqa: E402  (the repo's config, filled in)

PORT = int(os.environ.get("FRONT_BENCH_PORT", "8147"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
STATIC_BASE = "http://127.0.0.1:8103"
GZIP = "Accept-Encoding: gzip, deflate, br"


def wrk(url, header=None, duration=DURATION):
    command = ["wrk", "-t2", "-c8", f"-d{duration}", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url}: {errors[1]} non-2xx answers\n{out}")
    return rps


def static_reference():
    """The shared nginx's static page: reused if it answers, else started with its script."""
    for path in ("/article.html", "/fixed20k.html"):
        if http_get(STATIC_BASE + path)[0] == 200:
            log(f"reusing the shared nginx on 8103 ({path})")
            return STATIC_BASE + path, None
    log("starting the shared nginx on 8103 (peer/bare_django.sh)")
    script = str(SHARED / "peer/bare_django.sh")
    env = {**os.environ, "BARE_MIDDLEWARE": "std"}
    subprocess.run([script, "all"], env=env, check=True)
    for path in ("/article.html", "/fixed20k.html"):
        if http_get(STATIC_BASE + path)[0] == 200:
            return STATIC_BASE + path, [script, "stop"]
    sys.exit("the shared nginx on 8103 serves no static page")


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install -y {tool} libnginx-mod-http-cache-purge)")
    run_bench.prepare_site()
    nginx_dir = Path(tempfile.mkdtemp(prefix="front-nginx-", dir=WORK))
    os.chmod(WORK, 0o755)
    os.chmod(nginx_dir, 0o755)
    servers, stop_static = [], None
    try:
        app = Gunicorn("front", PORT, site_env(
            CACHE_KEY_PREFIX=os.environ.get("CACHE_KEY_PREFIX", "magazine-bench-front"),
            NGINX_PURGE_URL=f"http://127.0.0.1:{PORT + 2}/purge", TRUSTED_PROXY_COUNT="1"))
        servers.append(app)
        if not run_bench.wait_200(app.url + ARTICLE):
            sys.exit(f"gunicorn did not answer; see {app.log_path}")
        nginx = Nginx(nginx_dir, upstreams=[f"127.0.0.1:{PORT}"], port=PORT + 1,
                      purge_port=PORT + 2, static_root=WORK / "static",
                      media_root=WORK / "media", workers=2, access_log=False)
        servers.append(nginx)
        article = nginx.url + ARTICLE
        for _ in range(3):
            request = urllib.request.Request(article, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=10) as response:
                status, size = response.headers.get("X-Cache-Status"), len(response.read())
        if status != "HIT":
            sys.exit(f"nginx does not serve the article from its cache (X-Cache-Status: {status})")
        static, stop_static = static_reference()
        static_body = urllib.request.urlopen(static, timeout=10).read()
        static_size = len(static_body)
        # The same file from our own nginx's /static/ location: the two nginx compared on equal
        # terms too (same process, same machine load).
        (WORK / "static" / "bench-static.html").write_bytes(static_body)
        own_static = f"{nginx.url}/static/bench-static.html"
        log(f"article through nginx: {size} bytes gzipped; static page {static}: {static_size} "
            f"bytes; {ROUNDS} interleaved rounds of {DURATION}, wrk -t2 -c8")
        targets = [("cached-article", article, GZIP), ("nginx-static", static, GZIP),
                   ("cached-article-no-gzip", article, None),
                   ("same-nginx-static", own_static, None)]
        for _label, url, header in targets:
            wrk(url, header, duration="3s")  # warm-up, discarded
        results = {label: [] for label, _url, _header in targets}
        for round_ in range(ROUNDS):
            for label, url, header in targets:
                results[label].append(wrk(url, header))
                log(f"round {round_ + 1}/{ROUNDS} {label:24} {results[label][-1]:9.0f} req/s")
                time.sleep(0.5)
    finally:
        for server in reversed(servers):
            server.stop()
        if stop_static:
            subprocess.run(stop_static, capture_output=True)

    medians = {label: statistics.median(values) for label, values in results.items()}
    print()
    print(f"| target (wrk -t2 -c8, median of {ROUNDS} x {DURATION}) | req/s |")
    print("|---|---|")
    for label, value in medians.items():
        print(f"| {label} | {value:.0f} |")
    ratio = medians["cached-article"] / medians["nginx-static"]
    no_gzip = medians["cached-article-no-gzip"] / medians["nginx-static"]
    same = medians["cached-article"] / medians["same-nginx-static"]
    print()
    print(f"cached article through nginx / nginx static file: {ratio:.2f}  (target >= 0.5); "
          f"for a client without gzip: {no_gzip:.2f}; "
          f"/ the same file from the repo's nginx: {same:.2f}")
    print(f"FRONT_BENCH cached_article_rps={medians['cached-article']:.0f} "
          f"nginx_static_rps={medians['nginx-static']:.0f} ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
