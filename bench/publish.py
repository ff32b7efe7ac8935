#!/usr/bin/env python3
"""The publish scenario of `make bench`: what readers wait while the newsroom publishes.

8 clients (wrk -c8, a Lua script rotating over 20 published articles) read those articles from
a server with the page cache on; first with nothing changing (steady), then while an editor
publishes one of `manage.py bench_seed`'s drafts every 2 s (publishing), in alternate phases.
The editor is a separate process that logs into the admin of that same server and publishes
through its bulk action « Publier » (workflow.perform, as a click on a list of articles): each
publish is a request served by one of the readers' workers, and triggers the site's real
invalidation (the dependency counters of the article, its section's, tags' and authors' lists,
the home page; the purge of every address stored under them, sent to a stand-in for nginx's
purge location that answers 200). As in production, the purges are tasks: a `manage.py
db_worker` beside the server sends them, off the publishing request. The drafts share the tags
and authors of the articles read, so each publish changes some of their related-articles
blocks and the lists they link to.

    publish_p99_ratio = median over the rounds of (p99 while publishing / p99 of the steady
                        phase just before)   (target <= 2)

Each round's ratio compares phases a few seconds apart, so one disturbed phase (the machine
is shared and noisy) moves one round, not the figure.

wrk (4.x) corrects its latencies for coordinated omission: a response that took D ms also
counts as the responses that would have waited behind it, about D / (the mean interval
between requests on a connection) samples spread below D. So the p99 measures how long the
readers are held up around each publication (all workers busy, or one busy with the
editor's request while the others serve everyone), more than how many requests were slow.

run_bench.py calls run(); the same file is the editor (`publish.py editor`) and the list of
articles read (`publish.py urls`), both run with the site's environment.
Env: BENCH_PUBLISH_ROUNDS (3), BENCH_PUBLISH_DURATION (12s per phase), BENCH_PUBLISH_EVERY (2 s).
"""

import http.cookiejar
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
READ_ARTICLES = 20
CONNECTIONS = 8
DRAFT_PREFIX = "bench-brouillon-"
EDITOR = "bench-editeur"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# The Django side (run in a subprocess with the site's environment) --------------------------

def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    import django

    django.setup()


def read_paths():
    """The articles read: the bench section's published articles (the drafts left out), newest
    first (the main article with its 20 comments among them)."""
    from articles.models import Article

    return [article.get_absolute_url() for article in
            Article.objects.published().filter(section__slug="bench-ville")
            .exclude(slug__startswith=DRAFT_PREFIX).order_by("-published_at")[:READ_ARTICLES]]


class Editor:
    """Logs into the admin of `base` as bench_seed's editor (a password set for this run) and
    publishes drafts with the changelist's bulk action, as a person would."""

    def __init__(self, base):
        from django.conf import settings
        from django.contrib.auth import get_user_model

        self.base = base.rstrip("/")
        self.admin = "/" + settings.ADMIN_PATH.strip("/") + "/"
        self.csrf_cookie = settings.CSRF_COOKIE_NAME
        user = get_user_model().objects.get(username=EDITOR)
        password = os.urandom(12).hex()
        user.set_password(password)
        user.save(update_fields=["password"])
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())
        login = self.admin + "login/"
        self.get(login)
        status, location = self.post(login, {"username": EDITOR, "password": password,
                                             "next": self.admin})
        if status != 302:
            raise SystemExit(f"editor: admin login refused (HTTP {status})")

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == self.csrf_cookie)

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read()

    def post(self, path, data):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
        request = urllib.request.Request(self.base + path, data=body.encode(), headers={
            "Referer": self.base + path, "Origin": self.base})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")

    def publish(self, article_pk):
        changelist = self.admin + "articles/article/"
        status, _ = self.post(changelist, {"action": "publish_selected", "index": "0",
                                           "select_across": "0", "_selected_action": [article_pk]})
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def editor_main(base, every):
    """Wait for « go » on stdin, then publish a draft every `every` s until « stop » (or EOF).
    Prints one JSON line per publish (its slug, the request's ms, whether it is live)."""
    from articles.models import Article

    editor = Editor(base)
    drafts = list(Article.objects.filter(slug__startswith=DRAFT_PREFIX,
                                         status=Article.Status.DRAFT)
                  .order_by("slug").values_list("pk", "slug"))
    stop = threading.Event()
    print("READY", len(drafts), flush=True)
    if sys.stdin.readline().strip() != "go":
        return

    def watch():
        sys.stdin.readline()
        stop.set()

    threading.Thread(target=watch, daemon=True).start()
    start = time.monotonic()
    for n, (pk, slug) in enumerate(drafts):
        if stop.wait(max(0.0, start + n * every - time.monotonic())):
            break
        began = time.monotonic()
        status = editor.publish(pk)
        ms = (time.monotonic() - began) * 1000
        live = Article.objects.published().filter(pk=pk).exists()
        print(json.dumps({"slug": slug, "status": status, "ms": round(ms, 1), "live": live}),
              flush=True)
    else:
        print(json.dumps({"out_of_drafts": True}), flush=True)
        stop.wait()


# The orchestration (run_bench.py's process) -------------------------------------------------

LUA = """
local paths = %s
local offset = 0
local count = 0
setup = function(thread)
  thread:set("offset", offset)
  offset = offset + 7
end
init = function(args)
  count = tonumber(wrk.thread:get("offset")) or 0
end
request = function()
  count = count + 1
  return wrk.format("GET", paths[(count %% #paths) + 1])
end
"""


class PurgeStub:
    """Stands in for nginx's purge location (NGINX_PURGE_URL): answers 200, counts requests,
    and keeps the connection open between them as nginx does (HTTP/1.1 keep-alive), so the
    task's purges of one change go over one connection, not one each."""

    def __init__(self, port):
        stub = self
        self.count = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                stub.count += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def purge_env(port):
    """What the site's processes get for the scenario: purges on, towards the stub, queued
    for the task worker (TASKS_BACKEND left as production has it)."""
    return {"NGINX_PURGE_URL": f"http://127.0.0.1:{port}",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def task_worker(env):
    """The site's task worker (`manage.py db_worker`), as production runs one."""
    return subprocess.Popen([PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def django_run(env, *args, **kwargs):
    return subprocess.Popen([PYTHON, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env,
                            text=True, **kwargs)


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, script, duration):
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "-s",
                          str(script), url], check=True, text=True, capture_output=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for percent in ("50", "90", "99"):
        figures[f"p{percent}"] = to_ms(re.search(rf"^\s+{percent}%\s+(\S+)", out, re.M)[1])
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non2xx"] = int(non2xx[1]) if non2xx else 0
    return figures


def run(base, env, work, purge_port, rounds=None, duration=None, every=None):
    """The scenario against the server at `base` (started with `env` + purge_env(purge_port)).
    Returns the figures; prints nothing but log lines."""
    rounds = int(rounds or os.environ.get("BENCH_PUBLISH_ROUNDS", "3"))
    duration = duration or os.environ.get("BENCH_PUBLISH_DURATION", "12s")
    every = float(every or os.environ.get("BENCH_PUBLISH_EVERY", "2"))
    env = {**env, **purge_env(purge_port)}
    paths = json.loads(subprocess.run([PYTHON, str(Path(__file__).resolve()), "urls"], cwd=ROOT,
                                      env=env, check=True, text=True,
                                      capture_output=True).stdout)
    if len(paths) < READ_ARTICLES:
        raise SystemExit(f"only {len(paths)} published articles to read (manage.py bench_seed)")
    script = Path(work) / "publish_read.lua"
    script.write_text(LUA % ("{" + ", ".join(json.dumps(p) for p in paths) + "}"))
    url = base + paths[0]
    stub = PurgeStub(purge_port)
    worker = task_worker(env)
    steady, publishing, publishes = [], [], []
    try:
        log(f"publish scenario: {len(paths)} articles read by {CONNECTIONS} clients, "
            f"{rounds} x ({duration} steady, {duration} with a publish every {every:g} s)")
        wrk(url, script, "5s")  # every article in the page cache
        for number in range(1, rounds + 1):
            wrk(url, script, "3s")  # the last phase's publishes are redrawn, not measured
            steady.append(wrk(url, script, duration))
            log(f"  round {number} steady      {fmt(steady[-1])}")
            editor = django_run(env, "editor", base, str(every), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE)
            ready = editor.stdout.readline()
            if not ready.startswith("READY"):
                editor.kill()
                raise SystemExit("the editor did not start (see above)")
            if int(ready.split()[1]) * every < float(duration.rstrip("s")):
                log("  not enough drafts left for this phase (manage.py bench_seed --drafts)")
            editor.stdin.write("go\n")
            editor.stdin.flush()
            publishing.append(wrk(url, script, duration))
            editor.stdin.write("stop\n")
            editor.stdin.close()
            lines = editor.stdout.read().splitlines()
            editor.wait(timeout=60)
            done = [json.loads(line) for line in lines if line.startswith("{")]
            done = [entry for entry in done if "slug" in entry]
            publishes += done
            log(f"  round {number} publishing  {fmt(publishing[-1])}  "
                f"{len(done)} published")
        time.sleep(2 * every)  # the last purges sent
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        stub.stop()
    failed = [p for p in publishes if p["status"] != 302 or not p["live"]]
    if failed:
        raise SystemExit(f"{len(failed)} publishes failed: {failed[:3]}")

    def median(phase, key):
        return statistics.median(figures[key] for figures in phase)

    result = {
        "steady_p99": median(steady, "p99"), "publishing_p99": median(publishing, "p99"),
        "steady_p50": median(steady, "p50"), "publishing_p50": median(publishing, "p50"),
        "steady_rps": median(steady, "rps"), "publishing_rps": median(publishing, "rps"),
        "non2xx": sum(f["non2xx"] for f in steady + publishing),
        "publishes": len(publishes),
        "publish_ms": statistics.median(p["ms"] for p in publishes) if publishes else 0.0,
        "purge_requests": stub.count,
    }
    result["round_ratios"] = [p["p99"] / s["p99"] if s["p99"] else 0.0
                              for s, p in zip(steady, publishing)]
    result["ratio"] = statistics.median(result["round_ratios"])
    return result


def fmt(figures):
    return (f"req/s {figures['rps']:8.0f}  p50 {figures['p50']:7.2f} ms  p90 "
            f"{figures['p90']:7.2f} ms  p99 {figures['p99']:7.2f} ms  non2xx {figures['non2xx']}")


def report(result, rounds=None):
    rounds = rounds or os.environ.get("BENCH_PUBLISH_ROUNDS", "3")
    print(f"Publish scenario (page cache on, {CONNECTIONS} clients reading {READ_ARTICLES} "
          f"articles, median of {rounds}):")
    print(f"  steady      req/s {result['steady_rps']:.0f}  p50 {result['steady_p50']:.2f} ms  "
          f"p99 {result['steady_p99']:.2f} ms")
    print(f"  publishing  req/s {result['publishing_rps']:.0f}  p50 "
          f"{result['publishing_p50']:.2f} ms  p99 {result['publishing_p99']:.2f} ms  "
          f"({result['publishes']} publishes, {result['publish_ms']:.0f} ms each (median), "
          f"{result['purge_requests']} purge requests to nginx)")
    print(f"  non-2xx answers to readers: {result['non2xx']}")
    print("  p99 publishing / p99 steady, round by round: "
          + ", ".join(f"{ratio:.2f}" for ratio in result["round_ratios"]))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "urls":
        django_setup()
        print(json.dumps(read_paths()))
    elif command == "editor":
        django_setup()
        editor_main(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)
