#!/usr/bin/env python3
"""Benchmark of the vote endpoint: votes per second behind gunicorn, totals checked exactly.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mag_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 CACHE_KEY_PREFIX=bench \\
    .venv/bin/python bench/votes.py --votes 2000 --concurrency 8 --port 8012

What it does, and nothing more:
1. migrates the database named by DATABASE_URL (PostgreSQL: the point is row locks under
   concurrency; SQLite works too but serializes every vote) and creates one published article;
2. collects static files (production settings need the manifest to render the article page);
3. starts gunicorn with 2 sync workers and production settings (DEBUG off), raising the vote
   limits for the run (RATINGS_VOTES_PER_HOUR, RATINGS_MAX_READERS_PER_IP=0: every vote comes
   from 127.0.0.1), SECURE_COOKIES=0 and SECURE_SSL_REDIRECT=0 (plain http on the loopback);
   --url instead uses a server you started yourself (with those settings, on the same database);
4. fetches the article once for the rating form's address, then sends --votes POSTs from
   --concurrency threads, each saying it comes from the site's own page (Sec-Fetch-Site, as
   browsers do; no token). No request carries a reader cookie, so each vote is a new reader:
   the full path (rate limit, per-IP cap, INSERT, summary UPDATE with F(), the page cache's
   counters, commit). --accept json (default) is what rating.js does (a JSON body);
   --accept html is the JavaScript-off form (302);
5. prints votes/s and latency percentiles, stops gunicorn, and checks in the database that the
   article has exactly as many ratings as votes accepted, that the summary's count, total and
   distribution equal them, and that the total equals the sum of the scores sent. Exit status 1
   if anything differs. The article stays in the database for inspection.

The machine is shared: votes/s moves with the load of other jobs (printed); gunicorn's CPU time
per vote does much less.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=2000, help="votes to send (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--port", type=int, default=8012, help="gunicorn port (default 8012)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--accept", choices=["json", "html"], default="json",
                        help="json: what rating.js sends; html: the JavaScript-off form")
    parser.add_argument("--url", help="an article URL on a server already running (skips 2-3)")
    return parser.parse_args()


def setup_django(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    import django

    django.setup()


def server_env(args):
    return {
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "RATINGS_VOTES_PER_HOUR": str(max(1000, args.votes * 10)),
        "RATINGS_MAX_READERS_PER_IP": "0",
        "LOG_LEVEL": "WARNING",
    }


def make_article():
    from django.utils import timezone

    from articles.models import Article

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Article.objects.create(
        title=f"Banc d'essai des votes {stamp}", status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=1),
        body="<p>Un article pour mesurer les votes.</p>",
    )


def start_gunicorn(args, env):
    command = [str(ROOT / ".venv/bin/gunicorn"), "magazine.wsgi", "--workers", str(args.workers),
               "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning", "--no-control-socket"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=1)
            connection.request("GET", "/static/css/site.css")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    sys.exit("gunicorn did not answer within 20 s")


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def cpu_seconds(process):
    """CPU time (user + system) used so far by gunicorn's master and workers: a figure the
    other jobs on a shared machine do not distort, unlike votes/s."""
    if process is None:
        return None
    ticks, tick_rate = 0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[2] is the process group (gunicorn runs in its own session and group).
        if int(fields[2]) == process.pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / tick_rate


def form_action(host, port, path):
    """The rating form's address, as a browser finds it in the article page."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        sys.exit(f"GET {path} answered {response.status}")
    return re.search(r'<form class="rating__form" method="post" action="([^"]+)"', body).group(1)


def fire(args, host, port, action):
    """Send the votes; returns (seconds, latencies in ms, statuses, accepted scores). Each
    comes from the site's own page, as a browser says (Sec-Fetch-Site): JSON as rating.js
    sends it, or the form as a browser without JavaScript does."""
    scores = [random.Random(n).randint(1, 5) for n in range(args.votes)]
    json_votes = args.accept == "json"
    headers = {"Sec-Fetch-Site": "same-origin",
               "Content-Type": "application/json" if json_votes else "application/x-www-form-urlencoded",
               "Accept": "application/json" if json_votes else "text/html"}
    next_vote = iter(range(args.votes))
    lock = threading.Lock()
    latencies, statuses, accepted = [], Counter(), []

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while True:
            with lock:
                n = next(next_vote, None)
            if n is None:
                break
            body = f'{{"score": {scores[n]}}}' if json_votes else f"score={scores[n]}"
            started = time.perf_counter()
            try:
                connection.request("POST", action, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                status = type(error).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if status in (200, 302):
                    accepted.append(scores[n])

    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses, accepted


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def check_database(article_id, accepted):
    from django.db.models import Count, Q, Sum

    from ratings.models import Rating, RatingSummary

    rows = Rating.objects.filter(article_id=article_id).aggregate(
        count=Count("pk"), total=Sum("score", default=0),
        **{f"count_{s}": Count("pk", filter=Q(score=s)) for s in range(1, 6)})
    summary = RatingSummary.objects.filter(pk=article_id).values(*rows).first() or {}
    expected = {"count": len(accepted), "total": sum(accepted),
                **{f"count_{s}": accepted.count(s) for s in range(1, 6)}}
    print(f"database: {rows['count']} ratings, summary count {summary.get('count')} "
          f"total {summary.get('total')}; votes accepted {expected['count']}, "
          f"stars sent {expected['total']}")
    exact = rows == expected and summary == expected
    print("exact: " + ("yes, count, total and distribution match" if exact else
                       f"NO\n  rows     {rows}\n  summary  {summary}\n  expected {expected}"))
    return exact


def main():
    args = parse_args()
    env = server_env(args)
    setup_django(env)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    print(f"# {connection.vendor} {settings.DATABASES['default'].get('NAME')}, "
          f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
          f"{args.workers} gunicorn sync workers, {args.concurrency} client threads, "
          f"{args.votes} votes, Accept {args.accept}, {os.cpu_count()} CPUs")
    process = None
    try:
        if args.url:
            parts = urlsplit(args.url)
            host, port, path = parts.hostname, parts.port or 80, parts.path
            from articles.models import Article

            article_id = Article.objects.get(slug=path.rstrip("/").rsplit("/", 1)[-1]).pk
        else:
            call_command("migrate", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
            article = make_article()
            article_id, host, port = article.pk, "127.0.0.1", args.port
            path = article.get_absolute_url()
            process = start_gunicorn(args, env)
        action = form_action(host, port, path)
        cpu_before = cpu_seconds(process)
        seconds, latencies, statuses, accepted = fire(args, host, port, action)
        cpu_used = None if process is None else cpu_seconds(process) - cpu_before
        load = os.getloadavg()[0]
    finally:
        stop(process)
        connection.close()

    print(f"sent {args.votes} votes in {seconds:.2f} s: {args.votes / seconds:.1f} votes/s; "
          f"latency p50 {percentile(latencies, .5):.1f} ms, p90 {percentile(latencies, .9):.1f} ms, "
          f"p99 {percentile(latencies, .99):.1f} ms, mean {statistics.mean(latencies):.1f} ms")
    if cpu_used is not None:
        print(f"gunicorn CPU: {cpu_used * 1000 / args.votes:.1f} ms per vote "
              f"(app side only; PostgreSQL and Redis not included); load average {load:.1f}")
    print("statuses: " + ", ".join(f"{status}×{n}" for status, n in sorted(statuses.items(), key=str)))
    sys.exit(0 if check_database(article_id, accepted) else 1)


if __name__ == "__main__":
    main()
