"""Run by tests/pagecache/test_stampede_processes.py in a process of its own: publishes and
edits articles (as the admin would, from another process than the site's), and after each
change sends many requests at once for the pages it made stale to the site's gunicorn
workers. Prints one JSON line: for each burst, the X-Page-Cache answers, and whether every
reader got the page this process renders with every cache off.

    python -m tests.pagecache.stampede_driver <site address> <rounds> <readers>
"""

import json
import os
import sys
import threading
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402
from tests.pagecache import cache_equivalence as magazine  # noqa: E402


def burst(site, url, count):
    """`count` requests for `url`, sent together; (status, X-Page-Cache, body) of each."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def read(index):
        barrier.wait(timeout=30)
        with urllib.request.urlopen(site + url, timeout=60) as response:
            results[index] = (response.status, response.headers.get("X-Page-Cache"),
                              response.read())

    threads = [threading.Thread(target=read, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main(site, rounds, count):
    setup_test_environment()
    fresh = Client(HTTP_HOST=site.split("//", 1)[1])
    magazine.build()
    watched = Article.objects.order_by("pk").first()
    urls = ["/", watched.get_absolute_url(), watched.section.get_absolute_url()]
    bursts = []
    for step in range(rounds + 1):
        if step % 2:  # a publication in the watched article's section: all three are stale
            change = magazine.publish_new(list(magazine.Section.objects.order_by("pk")).index(
                watched.section))
        elif step:  # the watched article retitled
            watched.title = f"{watched.title.split(' (')[0]} (v{step})"
            watched.save()
            change = f"retitle {watched.pk}"
        else:
            change = "none"
        expected = {url: fresh.get(url).content for url in urls}
        for url in urls:
            results = burst(site, url, count)
            bursts.append({
                "after": change, "url": url,
                "answers": [cache for _status, cache, _body in results],
                "wrong": sum((status, body) != (200, expected[url])
                             for status, _cache, body in results)})
    print(json.dumps({"bursts": bursts}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
