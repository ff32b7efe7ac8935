"""Upgrading from the previous release keeps every row, relation and permission.

The previous release builds and seeds a fresh database with its own code (subprocesses in a
`git archive` export), this checkout migrates the same database, then the data is checked
with raw SQL and with this checkout's ORM. SQLite always; PostgreSQL too when the suite runs
on it, in a database of its own. No pytest-django database: everything goes through
subprocesses, each on the code it belongs to.
"""

import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

PREVIOUS_RELEASE = "2fa2790860702ebf97a3135e62dd42b4111730c1"
# Where the comment model lives in this checkout: the only line a move of the model changes.
COMMENT_LABEL = "comments.Comment"
# The table keeps its name whatever app the model moves to.
COMMENT_TABLE = "ratings_comment"
VOTE_TABLE = "ratings_rating"
JOURNALIST_GROUP = "Journaliste"
SEED_SCRIPT = Path(__file__).with_name("upgrade_seed.py")
SEED_MARKER = "UPGRADE_SEED_JSON:"
CHECK_MARKER = "UPGRADE_CHECK_JSON:"
TIMEOUT = 120


def _repo_root():
    found = subprocess.run(["git", "-C", str(Path(__file__).resolve().parent), "rev-parse",
                            "--show-toplevel"], capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def _suite_postgres():
    """The suite's PostgreSQL settings, or None when it runs on something else."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return None
    parsed = dj_database_url.parse(url)
    return (url, parsed) if parsed["ENGINE"] == "django.db.backends.postgresql" else None


# PostgreSQL only when the suite has one: an SQLite-only run shows no skipped case.
BACKENDS = ["sqlite"] + (["postgresql"] if _suite_postgres() else [])


def _with_database(url, name):
    """`url` naming database `name` (libpq reads the URL: its own scheme, same query)."""
    return urlsplit(url)._replace(scheme="postgresql", path=f"/{name}").geturl()


def _pg_connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@contextmanager
def _pg_server_connection(url, parsed):
    """A connection to the suite's server outside any database the test creates."""
    errors = []
    for dbname in ("postgres", "template1", parsed["NAME"]):
        try:
            connection = _pg_connect(_with_database(url, dbname))
            break
        except Exception as error:  # no such database, or no right to it: try the next one
            errors.append(f"{dbname}: {error}")
    else:
        raise AssertionError("cannot reach the PostgreSQL server:\n" + "\n".join(errors))
    with closing(connection):
        yield connection


@pytest.fixture
def database_url(request, tmp_path):
    """A throwaway database's URL: an SQLite file, or a PostgreSQL database created for this
    test and dropped after it (never the one the suite's DATABASE_URL names)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    from psycopg import sql

    suite_url, parsed = _suite_postgres()
    name = f"magazine_upgrade_{secrets.token_hex(4)}"
    assert name != parsed["NAME"]
    with _pg_server_connection(suite_url, parsed) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(suite_url, name)
    finally:
        with _pg_server_connection(suite_url, parsed) as server:
            # FORCE: a subprocess killed by a timeout may have left a connection behind.
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(name)))


def _export_previous_release(root, destination):
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", PREVIOUS_RELEASE],
                             capture_output=True)
    assert archive.returncode == 0, (
        f"cannot export {PREVIOUS_RELEASE} (the test needs the full git history):\n"
        f"{archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def _env(code_dir, database_url, scratch):
    """The environment of one release's manage.py: the test's database, a file cache of its
    own, nothing from the suite's Redis, replicas or import path."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "REDIS_URL", "CACHE_URL", "DATABASE_REPLICA_URL",
                 "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(DEBUG="1", DATABASE_URL=database_url, CACHE_DIR=str(scratch / "cache"),
               MEDIA_ROOT=str(scratch / "media"), PYTHONDONTWRITEBYTECODE="1")
    settings = code_dir / "magazine" / "settings.py"
    if settings.is_file() and "PAGE_CACHE_LISTEN" in settings.read_text():
        # One process per command: nothing to LISTEN for, and no connection left open.
        env["PAGE_CACHE_LISTEN"] = "0"
    return env


def _run(args, cwd, env):
    """Run `python *args` in `cwd`; its output in full if it fails."""
    command = [sys.executable, *map(str, args)]
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{command[1:3]} in {cwd} took over {TIMEOUT} s\n"
                    f"--- stdout ---\n{error.stdout}\n--- stderr ---\n{error.stderr}")
    shown = " ".join(arg if len(arg) < 100 else "<script>" for arg in command[1:])
    assert done.returncode == 0, (
        f"{shown} in {cwd} failed (exit {done.returncode})\n"
        f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}")
    return done.stdout


def _marked_json(stdout, marker):
    for line in reversed(stdout.splitlines()):
        if line.startswith(marker):
            return json.loads(line[len(marker):])
    pytest.fail(f"no {marker} line in the output:\n{stdout}")


@contextmanager
def _cursor(database_url):
    """A DB-API cursor on the test's database, independent of either release's code."""
    parsed = dj_database_url.parse(database_url)
    if parsed["ENGINE"] == "django.db.backends.sqlite3":
        connection = sqlite3.connect(parsed["NAME"])
        tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        connection = _pg_connect(_with_database(database_url, parsed["NAME"]))
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    with closing(connection):
        cursor = connection.cursor()
        cursor.execute(tables)
        yield cursor, sorted(name for (name,) in cursor.fetchall())


def _raw_snapshot(database_url):
    """Row counts of every table, and exact rows: comments, votes, revisions, group
    memberships, and the content types named 'comment'."""
    with _cursor(database_url) as (cursor, tables):
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        rows = {}
        for key, query in {
            "comments": "SELECT id, parent_id, article_id, body, status, email "
                        f"FROM {COMMENT_TABLE}",
            "votes": f"SELECT id, article_id, reader_id, ip_hash, score FROM {VOTE_TABLE}",
            "revisions": "SELECT id, user_id, comment FROM reversion_revision",
            "memberships": "SELECT user_id, group_id FROM auth_user_groups",
            "comment_types": "SELECT app_label FROM django_content_type WHERE model = 'comment'",
        }.items():
            cursor.execute(query)
            rows[key] = sorted(tuple(row) for row in cursor.fetchall())
    return counts, rows


# Run by this checkout's `manage.py shell -c`: what its ORM finds after the upgrade.
CHECK = """
import json, os
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

params = json.loads(os.environ["UPGRADE_CHECK"])
Comment = apps.get_model(params["comment_label"])
app_label = Comment._meta.app_label
# get_by_natural_key, not get_for_model: a missing content type must not be created here.
comment_type = ContentType.objects.get_by_natural_key(app_label, Comment._meta.model_name)
comments = Comment._default_manager.select_related("parent")
users = {role: get_user_model().objects.get(username=name)
         for role, name in params["users"].items()}
Article = apps.get_model("articles", "Article")
unreadable = []
for version in Version.objects.get_for_model(Article):
    try:
        version.field_dict["title"]
    except Exception as error:
        unreadable.append(f"{version.pk}: {error!r}")
print(params["marker"], json.dumps({
    "app_label": app_label,
    "parents": {c.pk: c.parent.pk if c.parent else None for c in comments},
    "replies": {c.pk: sorted(Comment._default_manager.filter(parent=c).values_list("pk", flat=True))
                for c in comments},
    "group_comment_permissions": {
        group.name: sorted(group.permissions.filter(content_type=comment_type)
                           .values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=params["groups"])},
    "user_permissions": {role: sorted(codename for codename in params["codenames"]
                                      if user.has_perm(f"{app_label}.{codename}"))
                         for role, user in users.items()},
    "revisions": Version.objects.get_for_model(Article).count(),
    "unreadable_revisions": unreadable,
    # What each tagging and byline of a published article must have learnt of its publication
    # time, and those of the others must not have.
    **{name: sorted([str(getattr(row, article).published_at), str(row.published_at)]
                    for row in apps.get_model("articles", model).objects.filter(
                        **{f"{article}__status": "published"}).select_related(article))
       for name, model, article in (("taggings", "TaggedArticle", "content_object"),
                                    ("bylines", "ArticleAuthor", "article"))},
    "unpublished_with_time": sum(
        apps.get_model("articles", model).objects.exclude(**{f"{article}__status": "published"})
        .exclude(published_at=None).count()
        for model, article in (("TaggedArticle", "content_object"), ("ArticleAuthor", "article"))),
}))
"""


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_upgrade_from_previous_release_keeps_data(database_url, tmp_path):
    root = _repo_root()
    old = _export_previous_release(root, tmp_path / "previous")
    old_env = _env(old, database_url, tmp_path)

    # 1. The previous release builds and seeds the database with its own code.
    _run(["manage.py", "migrate", "--noinput"], old, old_env)
    seeded = _marked_json(
        _run([SEED_SCRIPT], old, {**old_env, "DJANGO_SETTINGS_MODULE": "magazine.settings"}),
        SEED_MARKER)
    # 2. What was there, read with raw SQL.
    counts_before, rows_before = _raw_snapshot(database_url)
    assert rows_before["comments"] and rows_before["votes"]
    assert seeded["revisions"] > 0

    # 3. This checkout migrates the same database.
    new_env = _env(root, database_url, tmp_path)
    _run(["manage.py", "migrate", "--noinput"], root, new_env)

    # 4. Raw SQL first (the ORM check must not be able to repair anything before it is seen).
    counts_after, rows_after = _raw_snapshot(database_url)
    shrunk = {table: (before, counts_after.get(table)) for table, before in counts_before.items()
              if counts_after.get(table) is None or counts_after[table] < before}
    assert not shrunk, f"tables that lost rows or vanished (before, after): {shrunk}"
    for key in ("comments", "votes", "revisions", "memberships"):
        lost = set(rows_before[key]) - set(rows_after[key])
        assert not lost, f"{key} rows lost or changed by the upgrade: {sorted(lost)}"
    app_label = COMMENT_LABEL.split(".")[0]
    assert rows_after["comment_types"] == [(app_label,)], (
        f"content types named 'comment', by app: {rows_after['comment_types']}; expected one, "
        f"of {app_label!r} (a stale or duplicated type splits the comment permissions; "
        f"if the model moved on purpose, COMMENT_LABEL must follow)")

    # Then this checkout's ORM.
    groups = seeded["group_comment_permissions"]
    check_env = {**new_env, "UPGRADE_CHECK": json.dumps({
        "marker": CHECK_MARKER, "comment_label": COMMENT_LABEL, "users": seeded["users"],
        "groups": sorted(groups), "codenames": seeded["comment_codenames"]})}
    found = _marked_json(_run(["manage.py", "shell", "-c", CHECK], root, check_env),
                         CHECK_MARKER)
    assert found["app_label"] == app_label
    expected_parents = {str(id_): parent for id_, parent, *_rest in rows_before["comments"]}
    assert found["parents"] == expected_parents
    expected_replies = {id_: sorted(int(child) for child, parent in expected_parents.items()
                                    if parent == int(id_)) for id_ in expected_parents}
    assert found["replies"] == expected_replies
    assert any(found["replies"].values()), "the seed must include replies"

    for group, codenames in groups.items():
        missing = set(codenames) - set(found["group_comment_permissions"].get(group, []))
        assert not missing, f"group {group!r} lost comment permissions {sorted(missing)}"
    assert "change_comment" in found["user_permissions"]["editor"], (
        f"the editor may no longer change comments ({app_label}.change_comment)")
    assert set(groups[JOURNALIST_GROUP]) <= set(found["user_permissions"]["journalist"]), (
        f"the journalist's comment permissions: {found['user_permissions']['journalist']}, "
        f"before: {groups[JOURNALIST_GROUP]}")

    assert found["unreadable_revisions"] == [], "article revisions the current code cannot read"
    assert found["revisions"] == seeded["revisions"]
    # The tag and author lists and the related articles (Article.listed_at): each tagging and
    # byline of a published article got its publication time, the others none.
    for name in ("taggings", "bylines"):
        assert found[name], f"the seed must include {name} of published articles"
        assert all(article == row for article, row in found[name]), found[name]
    assert found["unpublished_with_time"] == 0
