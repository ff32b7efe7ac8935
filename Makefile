# Le Magazine — `make run` serves the demo magazine, `make test` runs the fast test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and feeds, and the origin readers' forms are checked against, follow the
# address served (`make run PORT=8002`), unless SITE_URL is given.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve check test install install-dev migrate demo messages clean backup restore bench bench-scale bench-memory bench-import bench-front loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Le Magazine : http://$(HOST):$(PORT)/"
	@echo "  Rédaction   : http://$(HOST):$(PORT)/admin/"
	@echo "  Comptes de démonstration (mot de passe magazine-demo) :"
	@echo "    journaliste  (journaliste)"
	@echo "    redacteur    (rédacteur en chef)"
	@echo "  (les e-mails s'affichent ici ; le travail de fond tourne à côté : db_worker)"
	@echo ""
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-like local server: DEBUG off, gunicorn, static files collected with hashed and
# compressed names served by whitenoise with long cache headers (what Lighthouse should measure).
# Uploads are served by Django here (SERVE_MEDIA=1); real production serves them from its web
# server or object storage. A throw-away SECRET_KEY unless one is set. A task worker runs beside.
SERVE_ENV = DEBUG=0 SITE_URL=$(SITE_URL) SERVE_MEDIA=1 SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS=$(HOST),localhost \
	SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"

serve: demo
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "  Le Magazine (production-like) : http://$(HOST):$(PORT)/"
	$(SERVE_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(SERVE_ENV) $(BIN)/gunicorn magazine.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - \
		--no-control-socket

# The import layers (lint-imports, pyproject.toml), then accessibility, HTML validity,
# Lighthouse and screenshots of the reader pages, measured on a
# production-like server started for the run (scripts/check_site.sh). Needs ../shared/acceptance.
check: install-dev
	$(BIN)/lint-imports
	scripts/check_site.sh

test: install-dev
	$(BIN)/python -m pytest -n 2

# Side-by-side benchmark against the Wagtail peer and bare Django (../shared/bench; needs wrk,
# nginx): our pages uncached, cold (no page nor fragment cache) and page-cached, then readers'
# p99 while an editor publishes every 2 s (bench/publish.py); about 8 minutes. PostgreSQL + Redis
# when DATABASE_URL / REDIS_URL are set. Last line: BENCH article_vs_wagtail=… cold_vs_wagtail=…
bench: install
	$(BIN)/python bench/run_bench.py

# 100 vs 100 000 articles on PostgreSQL (DATABASE_URL must point to a throw-away database).
bench-scale: install
	$(BIN)/python bench/run_bench.py --scale

# A cached article through the repo's nginx config (deploy/nginx/magazine.conf) against nginx
# serving a static file (../shared/bench's, on 8103), side by side. Needs nginx,
# libnginx-mod-http-cache-purge and wrk. Last line: FRONT_BENCH cached_article_rps=N ...
bench-front: install-dev
	$(BIN)/python bench/front_cache.py

# One gunicorn worker's memory over 10 000 mixed requests.
bench-memory: install
	$(BIN)/python bench/memory.py

# A WordPress export of 10 000 posts, 100 000 comments and 5 000 pictures imported, then again
# unchanged. Last line: IMPORT_BENCH posts_per_s=N peak_rss_mb=N ...
bench-import: install
	$(BIN)/python bench/wordpress_import.py

# Load and faults on PostgreSQL behind gunicorn (scripts/loadtest.py): 200 concurrent votes and
# comments, a PostgreSQL restart mid-load (restarts the machine's cluster!), Redis stopped.
# Prints the figures; `make loadtest ARGS=--short` is CI's version, ARGS=--no-restart skips
# the restart.
loadtest: install-dev
	$(BIN)/python scripts/loadtest.py $(ARGS)

# Refresh locale/*/django.po from the code and templates, then compile them.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests
	scripts/french_catalog.sh
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

# Database (pg_dump, or dumpdata on SQLite) and media into backups/<date>/.
backup: install
	$(BIN)/python manage.py backup

# Restore into an empty database: make restore BACKUP=backups/20261128-120000
restore: install
	@test -n "$(BACKUP)" || { echo "Usage : make restore BACKUP=backups/<dossier>"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
