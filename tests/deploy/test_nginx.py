"""The repo's nginx config (deploy/nginx/magazine.conf) in a real nginx on loopback, in front of
the site in gunicorn (tests/deploy/conftest.py `front`): static files, uploads, gzip, headers,
X-Request-ID, the page cache with its bypasses, the purge location, and the app's purges of it
on publish and unpublish."""

import gzip
import http.client
import json
import socket
import textwrap

import pytest

from ..pagecache.test_front_purge import Recorder
from .conftest import HOST, PURGE_PORT, Nginx, manage

pytestmark = pytest.mark.deploy


def request(base, path, method="GET", headers=None, body=None, source=None):
    """(status, headers as a dict of lower-case names, body) of one HTTP request; `source`:
    the local address to connect from."""
    host, port = base.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30,
                                            source_address=(source, 0) if source else None)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def cache_status(front, path, **options):
    return request(front.url, path, **options)[1].get("x-cache-status")


def purge(front, path, source=None, copy=""):
    """Purge one copy of a page: the plain one, or copy="gzip/"."""
    return request(f"http://{HOST}:{PURGE_PORT}", f"/purge/{copy}http/{HOST}{path}",
                   source=source)[0]


def warm(front, path):
    """Requests until nginx holds the page (the first one may be stored by the app only)."""
    for _ in range(3):
        if cache_status(front, path) == "HIT":
            return
    raise AssertionError(f"{path} never a HIT")


def test_static_files_come_from_static_root_compressed_and_long_cached(front):
    manifest = json.loads((front.workdir / "static" / "staticfiles.json").read_text())
    name, hashed = next((k, v) for k, v in manifest["paths"].items() if k.endswith(".css"))
    status, headers, body = request(front.url, f"/static/{hashed}",
                                    headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"  # whitenoise's .gz, sent as is
    assert gzip.decompress(body) == (front.workdir / "static" / hashed).read_bytes()
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff"
    assert "x-cache-status" not in headers  # from the disk, not the app
    # A name without a hash may change: an hour.
    status, headers, _body = request(front.url, f"/static/{name}")
    assert status == 200 and headers["cache-control"] == "public, max-age=3600"
    assert "content-encoding" not in headers  # the client did not ask for gzip
    assert request(front.url, "/static/absent.css")[0] == 404


def test_uploads_come_from_media_root_renditions_long_cached(front):
    media = front.workdir / "media"
    (media / "renditions" / "couv.0123456789ab.webp").write_bytes(b"RIFF....WEBP")
    (media / "original.jpg").write_bytes(b"\xff\xd8\xff")
    status, headers, body = request(front.url, "/media/renditions/couv.0123456789ab.webp")
    assert (status, body) == (200, b"RIFF....WEBP")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"] == "image/webp"
    assert "sandbox" in headers["content-security-policy"]
    status, headers, _body = request(front.url, "/media/original.jpg")
    assert status == 200 and headers["cache-control"] == "public, max-age=3600"


def test_an_anonymous_article_is_served_from_nginx_gzipped_or_not(front):
    path = front.seed["article"]["path"]
    purge(front, path, copy="gzip/")
    purge(front, path)
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    first = request(front.url, path, headers=browser)
    second = request(front.url, path, headers=browser)
    assert first[0] == second[0] == 200
    assert first[1]["x-cache-status"] == "MISS" and second[1]["x-cache-status"] == "HIT"
    assert second[1]["content-encoding"] == "gzip"
    page = gzip.decompress(second[2])
    assert "Les toits potagers" in page.decode()
    assert gzip.decompress(first[2]) == page
    # A client that takes no gzip gets its own copy, the same page.
    plain = [request(front.url, path) for _ in range(2)]
    assert [p[1]["x-cache-status"] for p in plain] == ["MISS", "HIT"]
    assert "content-encoding" not in plain[1][1] and plain[1][2] == page
    # HEAD too; the app's headers are kept, no cookie.
    head = request(front.url, path, method="HEAD")
    assert head[1]["x-cache-status"] == "HIT" and head[2] == b""
    assert second[1]["cache-control"].startswith("public, max-age=0, s-maxage=")
    assert "set-cookie" not in second[1]
    # The app's own headers and those nginx adds.
    for name in ("content-security-policy", "x-frame-options", "referrer-policy",
                 "permissions-policy"):
        assert name in second[1], name
    assert second[1]["x-content-type-options"] == "nosniff"
    assert "server" not in second[1] or "nginx/" not in second[1]["server"]  # no version


def test_staff_posts_and_odd_query_strings_pass_through(front):
    path = front.seed["article"]["path"]
    warm(front, path)
    staff = request(front.url, path, headers={"Cookie": "sessionid=abc; lecteur=x"})
    assert staff[1]["x-cache-status"] == "BYPASS"
    assert "no-store" in staff[1]["cache-control"]  # the app's answer, fresh
    post = request(front.url, path, method="POST", body=b"x=1",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert post[1].get("x-cache-status") in (None, "BYPASS")  # to the app, never a copy
    assert post[0] in (403, 405)
    # Neither replaced the anonymous copy.
    assert cache_status(front, path) == "HIT"
    # A reader cookie needs no bypass: the page is the same.
    assert cache_status(front, path, headers={"Cookie": "lecteur=x"}) == "HIT"
    # A query string nginx could not purge goes to the app (whose page cache answers).
    assert cache_status(front, path + "?utm_source=lettre") == "BYPASS"
    assert cache_status(front, path + "?utm_source=lettre") == "BYPASS"
    # The lists' pages are kept, under the address the app names in its purges.
    warm(front, front.seed["section"] + "?page=1")


def test_the_admin_and_probes_are_never_cached(front):
    for _ in range(2):
        status, headers, _body = request(front.url, "/admin/login/")
        assert status == 200 and "x-cache-status" not in headers
    for _ in range(2):
        status, headers, _body = request(front.url, "/healthz")
        assert "x-cache-status" not in headers
    # Only the balancer and monitoring ask: readiness reads the database, cache and storage.
    assert request(front.url, "/readyz", source="127.0.0.2")[0] == 403
    assert request(front.url, "/readyz")[0] == 200


def test_the_purge_location_drops_exactly_one_key_for_allowed_clients_only(front):
    article, other = front.seed["article"]["path"], front.seed["other"]["path"]
    for path in (article, other, "/", front.seed["section"], front.seed["section"] + "?page=1"):
        warm(front, path)
    gzipped = {"Accept-Encoding": "gzip"}
    warm_gzip = [cache_status(front, article, headers=gzipped) for _ in range(2)]
    assert warm_gzip[-1] == "HIT"
    assert purge(front, article, source="127.0.0.2") == 403  # not an app server
    assert cache_status(front, article) == "HIT"
    assert purge(front, article) == 200
    assert purge(front, article) == 404  # nothing left under that key
    assert cache_status(front, article) == "MISS"
    assert cache_status(front, article, headers=gzipped) == "HIT"  # the other copy
    assert purge(front, article, copy="gzip/") == 200
    assert cache_status(front, article, headers=gzipped) == "MISS"
    for path in (other, "/", front.seed["section"] + "?page=1"):
        assert cache_status(front, path) == "HIT", path
    assert request(f"http://{HOST}:{PURGE_PORT}", "/purge/http/127.0.0.1" +
                   front.seed["section"] + "?page=1")[0] == 200
    assert cache_status(front, front.seed["section"] + "?page=1") == "MISS"
    assert cache_status(front, front.seed["section"]) == "HIT"  # another key
    # The purge port answers nothing else.
    assert request(f"http://{HOST}:{PURGE_PORT}", "/articles/")[0] == 404


def test_the_request_id_is_kept_or_made_and_goes_to_the_app_and_back(front, tmp_path):
    path = front.seed["article"]["path"]
    given = "balancer-42.abc"
    assert request(front.url, path, headers={"X-Request-ID": given})[1]["x-request-id"] == given
    made = request(front.url, path)[1]["x-request-id"]
    other = request(front.url, path)[1]["x-request-id"]
    assert len(made) == 32 and made != other  # one per request, even from the cache
    hostile = request(front.url, path, headers={"X-Request-ID": "a b\"<script>"})
    assert hostile[1]["x-request-id"] != "a b\"<script>" and len(hostile[1]["x-request-id"]) == 32
    assert request(front.url, "/static/absent.css",
                   headers={"X-Request-ID": given})[1]["x-request-id"] == given
    # What the app receives: nginx in front of a server that records the requests.
    app = Recorder()
    nginx = Nginx(tmp_path / "nginx", upstreams=[app.url.split("//")[1]], port=8143,
                  purge_port=8144, static_root=tmp_path, media_root=tmp_path)
    try:
        request(nginx.url, "/a/", headers={"X-Request-ID": given})
        answer = request(nginx.url, "/b/", headers={"X-Forwarded-Proto": "https",
                                                    "X-Forwarded-For": "203.0.113.9"})
        first, second = app.requests
        assert first["headers"]["X-Request-ID"] == given
        assert second["headers"]["X-Request-ID"] == answer[1]["x-request-id"]
        assert second["headers"]["X-Forwarded-Proto"] == "http"  # nginx's, never the client's
        assert second["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
        assert "Accept-Encoding" not in second["headers"]  # the client took no gzip
        request(nginx.url, "/c/", headers={"Accept-Encoding": "deflate, gzip;q=0.8, br"})
        assert app.requests[-1]["headers"]["Accept-Encoding"] == "gzip"  # all the cache keeps
        assert second["host"] == HOST
    finally:
        nginx.stop()
        app.close()


SET_STATUS = textwrap.dedent("""
    from django.utils import timezone
    from articles.models import Article
    article = Article.objects.get(pk={pk})
    article.status = "{status}"
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save()
""")


def test_publishing_and_unpublishing_in_the_app_purges_nginx(front):
    """The change is made in another process of the site (manage.py, like a worker or the
    admin); its purges reach nginx through the task (TASKS_BACKEND=immediate here)."""
    draft = front.seed["draft"]
    lists = ["/", front.seed["section"], front.seed["tag"], "/flux/rss/", "/en/"]
    for path in lists:
        warm(front, path)
    assert request(front.url, draft["path"])[0] == 404
    manage(front.env, "shell", "-c", SET_STATUS.format(pk=draft["id"], status="published"))
    for path in lists:
        status, headers, body = request(front.url, path)
        assert headers["x-cache-status"] == "MISS", path  # purged
        assert "Un brouillon" in body.decode(), path
    warm(front, draft["path"])
    warm(front, "/en" + draft["path"])
    manage(front.env, "shell", "-c", SET_STATUS.format(pk=draft["id"], status="draft"))
    for path in (draft["path"], "/en" + draft["path"]):
        status, headers, _body = request(front.url, path)
        assert status == 404 and headers.get("x-cache-status") != "HIT", path
    for path in lists:
        assert "Un brouillon" not in request(front.url, path)[2].decode(), path


def test_the_config_lists_several_app_servers(tmp_path):
    """A balancer: two upstreams, one failing over to the other."""
    apps = [Recorder(), Recorder()]
    down = socket.socket()
    down.bind((HOST, 0))  # a port nobody listens on
    nginx = Nginx(tmp_path / "nginx", port=8145, purge_port=8146, static_root=tmp_path,
                  media_root=tmp_path,
                  upstreams=[a.url.split("//")[1] for a in apps] + [
                      f"{HOST}:{down.getsockname()[1]}"])
    try:
        statuses = [request(nginx.url, f"/page-{n}/?utm=1")[0] for n in range(12)]
        assert statuses == [200] * 12
        assert all(len(a.requests) >= 3 for a in apps)
    finally:
        nginx.stop()
        down.close()
        for a in apps:
            a.close()
