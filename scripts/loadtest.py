#!/usr/bin/env python3
"""Load and fault test: the magazine on PostgreSQL behind gunicorn, on 127.0.0.1 only.

    make loadtest            # 200 concurrent votes + 200 concurrent comments, then the faults
    make loadtest ARGS=--short   # what CI runs: fewer requests, the same three phases

1. Concurrency: N readers (distinct reader cookies, each with its own CSRF cookie and token from
   a GET of the article) vote and N others comment on ONE article, all at once. Every
   acknowledged vote and comment must be in the database, the RatingSummary counters exact,
   and no answer a 5xx.
2. PostgreSQL restarted in the middle of a stream of votes and comments: requests during the
   outage must fail cleanly (503, the French page, no traceback), the site must recover by
   itself, and every write acknowledged before, during or after must survive.
   This restarts the machine's PostgreSQL cluster: other databases on it (other developers'
   test runs) see their connections dropped too. --no-restart skips it.
3. Redis: the site runs with REDIS_URL on a PRIVATE redis-server (port 6390, started and
   stopped by this script, never the shared one); it is stopped while readers read, vote and
   comment: pages must still be 200, writes acknowledged and stored, and rate limits must still
   limit (each worker counting on its own).

Its own database (mag_loadtest, dropped and recreated), its own port (8020) and Redis port
(6390). Rate limits are raised through the environment so that the test measures the site,
not the limiter (except where phase 3 checks the limiter). Exits non-zero on any failure.
"""

import argparse
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
FRENCH_503 = "Le Magazine revient dans un instant"
FAILURES = []


def fail(message):
    FAILURES.append(message)
    print(f"  ÉCHEC : {message}", flush=True)


def log(message=""):
    print(message, flush=True)


# --- Setup ------------------------------------------------------------------------------------

class Site:
    """A gunicorn serving the magazine from its own PostgreSQL database."""

    def __init__(self, args):
        self.args = args
        self.db = args.database
        self.url = f"http://127.0.0.1:{args.port}"
        self.static = Path(tempfile.mkdtemp(prefix="magazine-loadtest-static-"))
        self.media = Path(tempfile.mkdtemp(prefix="magazine-loadtest-media-"))
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL", "DEBUG")},
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.db}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0", "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(self.static), "MEDIA_ROOT": str(self.media),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "ERROR",
            # The limits are not what this measures (phase 3 checks the limiter on its own).
            "COMMENTS_RATE_LIMIT": "1000000", "RATINGS_VOTES_PER_HOUR": "1000000",
            "RATINGS_MAX_READERS_PER_IP": "0", "COMMENTS_MIN_FILL_SECONDS": "0",
            "COMMENTS_DUPLICATE_WINDOW": "1",
        }
        self.process = None

    def manage(self, *command, env=None):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env or self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def create(self):
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.db}"')
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        seed = (
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from articles.models import Article, ArticleAuthor, Section\n"
            "from authors.models import Author\n"
            "s = Section.objects.create(name='Société', position=1)\n"
            "a = Author.objects.create(name='Ana Lys', email='ana@example.org', short_bio='Bio.')\n"
            "art = Article.objects.create(title='Charge et pannes', standfirst='Un article.',\n"
            "    body='<p>Texte.</p>', section=s, status=Article.Status.PUBLISHED,\n"
            "    published_at=timezone.now() - timedelta(hours=1))\n"
            "ArticleAuthor.objects.create(article=art, author=a, position=0)\n"
        )
        self.manage("shell", "-c", seed)
        self.slug, self.article_id = "charge-et-pannes", self.query_one(
            "SELECT id FROM articles_article WHERE slug = %s", ("charge-et-pannes",))[0]

    def start(self, extra_env=None):
        env = {**self.env, **(extra_env or {})}
        self.log_file = open(Path(tempfile.gettempdir()) / "magazine-loadtest-gunicorn.log", "ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "magazine.wsgi", "--bind", f"127.0.0.1:{self.args.port}",
             "--worker-class", "gthread", "--workers", str(self.args.workers), "--threads", "8",
             "--timeout", "30", "--graceful-timeout", "5", "--backlog", "1024",
             "--no-control-socket"],
            cwd=ROOT, env=env, start_new_session=True, stdout=self.log_file, stderr=self.log_file)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/robots.txt", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.log_file.close()
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.static, ignore_errors=True)
        shutil.rmtree(self.media, ignore_errors=True)
        if not self.args.keep_database:
            try:
                with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
            except psycopg.Error as error:
                log(f"  (base {self.db} non supprimée : {error})")

    def query(self, sql, params=()):
        with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{self.db}") as connection:
            return connection.execute(sql, params).fetchall()

    def query_one(self, sql, params=()):
        return self.query(sql, params)[0]


# --- Readers ----------------------------------------------------------------------------------

class Reader:
    """One browser: its own cookies (the reader cookie once it has voted or commented). Like
    every current browser it says where its forms come from (Sec-Fetch-Site), and like the
    site's scripts it sends JSON and fetches the comment form's token."""

    def __init__(self, site, n):
        self.site, self.n = site, n
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "magazine-loadtest"
        self.session.headers["Sec-Fetch-Site"] = "same-origin"

    def prepare(self):
        """GET the article (the same page for everyone), then the comment form's token."""
        page = self.session.get(f"{self.site.url}/articles/{self.site.slug}/", timeout=30)
        page.raise_for_status()
        token = self.session.get(f"{self.site.url}/articles/{self.site.slug}/avis/jeton/",
                                 headers={"Accept": "application/json"}, timeout=30)
        token.raise_for_status()
        self.jeton = token.json()["jeton"]
        # Its votes and comments come seconds later (phase 2 spreads them over the restart),
        # on a new connection, as a browser's after a pause: gunicorn closes an idle keep-alive
        # connection after 2 s, and a POST sent on one just as it closes is lost in transit
        # (requests never sends a POST again), which is neither the site's nor the outage's doing.
        self.session.close()
        return self

    def vote(self, score):
        response = self.session.post(
            f"{self.site.url}/articles/{self.site.slug}/noter/", json={"score": score},
            headers={"Accept": "application/json"}, timeout=60, allow_redirects=False)
        reader = None
        if response.status_code == 200:
            cookie = (response.cookies.get("lecteur") or "").strip('"')  # this answer's own
            reader = cookie.rsplit(":", 2)[0] if cookie else None
        return response, reader

    def comment(self, body):
        response = self.session.post(
            f"{self.site.url}/articles/{self.site.slug}/avis/",
            json={"name": f"Lecteur {self.n}", "email": f"lecteur{self.n}@example.org", "body": body,
                  "jeton": self.jeton, "site_web": ""},
            headers={"Accept": "application/json"}, timeout=60, allow_redirects=False)
        comment_id = response.json().get("id") if response.status_code == 200 else None
        return response, comment_id


class Ledger:
    """What the site acknowledged, and every status it answered."""

    def __init__(self):
        self.lock = threading.Lock()
        self.votes = {}  # reader id -> score
        self.comments = {}  # comment id -> body
        self.statuses = Counter()
        self.errors = Counter()
        self.bad_503 = 0

    def record(self, response):
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code == 503:
                text = response.text
                if FRENCH_503 not in text or "Traceback" in text:
                    self.bad_503 += 1

    def vote(self, reader, score):
        try:
            response, reader_id = reader.vote(score)
        except requests.RequestException as error:
            with self.lock:
                self.errors[type(error).__name__] += 1
            return
        self.record(response)
        if response.status_code == 200 and reader_id:
            with self.lock:
                self.votes[reader_id] = score

    def comment(self, reader, body):
        try:
            response, comment_id = reader.comment(body)
        except requests.RequestException as error:
            with self.lock:
                self.errors[type(error).__name__] += 1
            return
        self.record(response)
        if response.status_code == 200 and comment_id:
            with self.lock:
                self.comments[comment_id] = body

    def server_errors(self, allowed=()):
        return sum(n for status, n in self.statuses.items() if status >= 500 and status not in allowed)


def prepare_readers(site, count, start=0):
    with ThreadPoolExecutor(max_workers=32) as pool:
        return list(pool.map(lambda n: Reader(site, n).prepare(), range(start, start + count)))


def verify(site, ledger, label):
    """Every acknowledged vote and comment is stored; the summary counts are exact."""
    stored_votes = dict(site.query("SELECT reader_id, score FROM ratings_rating WHERE article_id = %s",
                                   (site.article_id,)))
    missing_votes = [r for r, score in ledger.votes.items() if stored_votes.get(r) != score]
    stored_comments = dict(site.query("SELECT id, body FROM ratings_comment WHERE article_id = %s",
                                      (site.article_id,)))
    missing_comments = [c for c, body in ledger.comments.items() if stored_comments.get(c) != body]
    summary = site.query_one(
        "SELECT count, total, count_1, count_2, count_3, count_4, count_5 FROM ratings_ratingsummary "
        "WHERE article_id = %s", (site.article_id,))
    scores = Counter(stored_votes.values())
    expected = (len(stored_votes), sum(stored_votes.values()), *(scores[s] for s in range(1, 6)))
    log(f"  {label} : votes acquittés {len(ledger.votes)}, retrouvés {len(ledger.votes) - len(missing_votes)}"
        f" ; avis acquittés {len(ledger.comments)}, retrouvés {len(ledger.comments) - len(missing_comments)}")
    log(f"  {label} : résumé des notes {summary[0]} votes / {summary[1]} étoiles, "
        f"votes en base {expected[0]} / {expected[1]} étoiles")
    if missing_votes:
        fail(f"{len(missing_votes)} vote(s) acquitté(s) introuvable(s)")
    if missing_comments:
        fail(f"{len(missing_comments)} avis acquitté(s) introuvable(s)")
    if tuple(summary) != expected:
        fail(f"résumé des notes inexact : {tuple(summary)} au lieu de {expected}")
    if len(stored_votes) != len(ledger.votes):
        log(f"  (votes en base non acquittés : {len(stored_votes) - len(ledger.votes)})")


# --- Phases -----------------------------------------------------------------------------------

def phase_concurrency(site, ledger, n):
    log(f"== 1/3 {n} votes et {n} avis simultanés sur un article")
    voters, commenters = prepare_readers(site, n), prepare_readers(site, n, start=n)
    scores = [random.randint(1, 5) for _ in range(n)]
    barrier = threading.Barrier(2 * n)

    def vote(i):
        barrier.wait()
        ledger.vote(voters[i], scores[i])

    def comment(i):
        barrier.wait()
        ledger.comment(commenters[i], f"Avis simultané numéro {i} : {secrets.token_hex(4)}")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2 * n) as pool:
        for i in range(n):
            pool.submit(vote, i)
            pool.submit(comment, i)
    elapsed = time.monotonic() - started
    log(f"  {2 * n} POST en {elapsed:.1f} s ; réponses {dict(sorted(ledger.statuses.items()))}"
        f"{' ; erreurs réseau ' + str(dict(ledger.errors)) if ledger.errors else ''}")
    if ledger.server_errors():
        fail(f"{ledger.server_errors()} réponse(s) 5xx sous charge")
    if ledger.errors:
        fail(f"erreurs réseau sous charge : {dict(ledger.errors)}")
    verify(site, ledger, "phase 1")


def restart_postgresql():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def phase_database_restart(site, ledger, n):
    log(f"== 2/3 PostgreSQL redémarré au milieu de {n} votes et {n} avis")
    voters, commenters = prepare_readers(site, n, start=10_000), prepare_readers(site, n, start=20_000)
    phase = Ledger()
    probes = []  # (time, status) of a database-backed page, polled during the test
    done = threading.Event()
    restart_window = {}

    def probe():
        while not done.is_set():
            try:
                status = requests.get(f"{site.url}/recherche/", params={"q": secrets.token_hex(3)},
                                      timeout=10).status_code
            except requests.RequestException:
                status = 0
            probes.append((time.monotonic(), status))
            time.sleep(0.1)

    def restart():
        time.sleep(1.0)
        restart_window["start"] = time.monotonic()
        restart_postgresql()
        restart_window["end"] = time.monotonic()

    prober = threading.Thread(target=probe)
    restarter = threading.Thread(target=restart)
    prober.start()
    restarter.start()
    duration = max(6.0, n / 25)  # the stream lasts a few seconds on each side of the restart
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=32) as pool:
        for i in range(n):
            at = started + duration * i / n
            pool.submit(lambda i=i, at=at: (time.sleep(max(0, at - time.monotonic())),
                                            phase.vote(voters[i], random.randint(1, 5))))
            pool.submit(lambda i=i, at=at: (time.sleep(max(0, at - time.monotonic())),
                                            phase.comment(commenters[i], f"Avis pendant la panne {i}")))
    restarter.join()
    # Recovery: the first database-backed answer after the restart began.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            t > restart_window["start"] and s == 200 for t, s in probes):
        time.sleep(0.2)
    done.set()
    prober.join()
    # The outage as a reader sees it: from the first failed probe after the restart began to
    # the first success after the last failure.
    after = [(t, s) for t, s in probes if t > restart_window["start"]]
    failed = [t for t, s in after if s != 200]
    recovered = None
    if failed:
        recovered = next((t for t, s in after if t > failed[-1] and s == 200), None)
    elif after:
        recovered = after[0][0]
    outage = Counter(s for t, s in after if failed and failed[0] <= t <= failed[-1])
    log(f"  redémarrage de PostgreSQL : {restart_window['end'] - restart_window['start']:.1f} s")
    log(f"  réponses {dict(sorted(phase.statuses.items()))}"
        f"{' ; erreurs réseau ' + str(dict(phase.errors)) if phase.errors else ''}")
    log(f"  503 pendant la panne : {phase.statuses.get(503, 0)} (page française, sans trace : "
        f"{phase.statuses.get(503, 0) - phase.bad_503}) ; sondes (toutes les 0,1 s) pendant la "
        f"panne : {dict(outage)}")
    if recovered is None:
        fail("le site ne s'est pas rétabli dans la minute")
    elif failed:
        log(f"  panne vue des lecteurs : {recovered - failed[0]:.1f} s ; site rétabli de lui-même "
            f"{recovered - restart_window['start']:.1f} s après le début du redémarrage "
            f"({recovered - restart_window['end']:+.1f} s après sa fin)")
    else:
        log("  aucune sonde n'a vu la panne")
    if phase.server_errors(allowed=(503,)):
        fail(f"{phase.server_errors(allowed=(503,))} réponse(s) 5xx autres que 503")
    if phase.bad_503:
        fail(f"{phase.bad_503} page(s) 503 sans le message français ou avec une trace")
    if phase.errors:
        fail(f"erreurs réseau pendant la panne : {dict(phase.errors)}")
    # Every write acknowledged in phase 1 and in this phase survives.
    ledger.votes.update(phase.votes)
    ledger.comments.update(phase.comments)
    ledger.statuses.update(phase.statuses)
    verify(site, ledger, "après la panne")
    # Readers write again afterwards.
    for voter, commenter in zip(prepare_readers(site, 5, start=30_000), prepare_readers(site, 5, start=35_000)):
        ledger.vote(voter, 4)
        ledger.comment(commenter, f"Après la panne {commenter.n}")
    verify(site, ledger, "après rétablissement")


def phase_redis(site, ledger, n, redis_port):
    log(f"== 3/3 Redis arrêté pendant que le site tourne (REDIS_URL, redis-server privé sur {redis_port})")
    pidfile = Path(tempfile.gettempdir()) / f"magazine-loadtest-redis-{redis_port}.pid"
    redis_command = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--daemonize", "yes", "--pidfile", str(pidfile),
                     "--logfile", str(Path(tempfile.gettempdir()) / "magazine-loadtest-redis.log")]
    subprocess.run(redis_command, check=True)
    stop_redis = ["redis-cli", "-p", str(redis_port), "shutdown", "nosave"]
    try:
        time.sleep(0.5)
        site.stop()
        site.start({"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "CACHE_KEY_PREFIX": "loadtest"})
        pages = ["/", f"/articles/{site.slug}/", "/rubrique/societe/", "/auteurs/ana-lys/",
                 "/recherche/?q=charge", "/flux/rss/"]

        def read_all(label, rounds):
            statuses, slowest = Counter(), 0.0
            for _ in range(rounds):
                for page in pages:
                    t = time.monotonic()
                    statuses[requests.get(site.url + page, timeout=30).status_code] += 1
                    slowest = max(slowest, time.monotonic() - t)
            log(f"  {label} : pages {dict(statuses)}, la plus lente {slowest * 1000:.0f} ms")
            if set(statuses) != {200}:
                fail(f"{label} : pages non servies {dict(statuses)}")

        read_all("Redis en marche", 3)
        subprocess.run(stop_redis, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        read_all("Redis arrêté", 5)
        phase = Ledger()
        voters, commenters = prepare_readers(site, n, start=40_000), prepare_readers(site, n, start=45_000)
        with ThreadPoolExecutor(max_workers=16) as pool:
            for voter, commenter in zip(voters, commenters):
                pool.submit(phase.vote, voter, random.randint(1, 5))
                pool.submit(phase.comment, commenter, f"Avis sans Redis {commenter.n}")
        log(f"  Redis arrêté : votes et avis {dict(sorted(phase.statuses.items()))}")
        if phase.server_errors() or phase.errors:
            fail(f"Redis arrêté : 5xx ou erreurs réseau {dict(phase.statuses)} {dict(phase.errors)}")
        ledger.votes.update(phase.votes)
        ledger.comments.update(phase.comments)
        # The limiter still limits, exactly: revealing an author's address is allowed 20 times
        # an hour per IP hash; without Redis every worker counts in the database's table.
        contact = Reader(site, 50_000)
        reveals = Counter(contact.session.post(f"{site.url}/auteurs/ana-lys/contact/",
                                               timeout=30).status_code
                          for _ in range(40 * site.args.workers))
        log(f"  limite « adresse d'un auteur » (20/h) sans Redis, {site.args.workers} workers : "
            f"{dict(reveals)} sur {sum(reveals.values())} demandes")
        if reveals.get(429, 0) == 0 or reveals.get(200, 0) > 20:
            fail(f"la limite ne limite plus sans Redis : {dict(reveals)}")
        if set(reveals) - {200, 429}:
            fail(f"réponses inattendues du formulaire de contact : {dict(reveals)}")
        subprocess.run(redis_command, check=True)
        time.sleep(0.5)
        read_all("Redis revenu", 2)
        verify(site, ledger, "phase 3")
    finally:
        subprocess.run(stop_redis, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="CI: 50 + 50 writes, shorter phases")
    parser.add_argument("--concurrent", type=int, help="votes (and comments) at once in phase 1")
    parser.add_argument("--no-restart", action="store_true", help="skip the PostgreSQL restart")
    parser.add_argument("--port", type=int, default=8020)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="mag_loadtest")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    n = args.concurrent or (50 if args.short else 200)
    site = Site(args)
    started = time.monotonic()
    try:
        log(f"Base {args.database}, gunicorn sur 127.0.0.1:{args.port} ({args.workers} workers × 8 threads)")
        site.create()
        site.start()
        ledger = Ledger()
        phase_concurrency(site, ledger, n)
        if args.no_restart:
            log("== 2/3 redémarrage de PostgreSQL sauté (--no-restart)")
        else:
            phase_database_restart(site, ledger, n // 2 if args.short else n)
        phase_redis(site, ledger, 10 if args.short else 40, args.redis_port)
    finally:
        site.cleanup()
    log(f"Durée totale : {time.monotonic() - started:.0f} s")
    if FAILURES:
        log(f"ÉCHEC : {len(FAILURES)} problème(s)")
        for failure in FAILURES:
            log(f"  - {failure}")
        return 1
    log("OK : aucune écriture acquittée perdue, aucun 5xx hors panne, pannes tenues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
