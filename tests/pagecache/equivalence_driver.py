"""Run by tests/pagecache/test_cache_equivalence_processes.py in a process of its own: makes
changes to the magazine's database (as the admin, a task or the shell would, from another process than the
site's) and compares every reader page served by the site's gunicorn workers with the page this
process renders with every cache off. Prints one JSON line with the figures and the mismatches.

    python -m tests.pagecache.equivalence_driver <site address> <steps> <seed>
"""

import json
import os
import random
import sys
import urllib.error
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.pagecache import cache_equivalence as magazine  # noqa: E402


def served(site, url):
    try:
        with urllib.request.urlopen(site + url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("X-Page-Cache")


def main(site, steps, seed):
    setup_test_environment()
    host = site.split("//", 1)[1]
    fresh = Client(HTTP_HOST=host)
    chance = random.Random(seed)
    magazine.build()
    figures = {"steps": 0, "pages": 0, "hits": 0, "changes": [], "mismatches": []}
    for step in range(steps + 1):
        if step:
            change = chance.choice(magazine.CHANGES)
            figures["changes"].append(change(chance.randrange(10_000)))
        for url in magazine.reader_urls():
            for _attempt in range(2):  # a second read: a copy stored by the first is served
                status, body, cache = served(site, url)
                expected = fresh.get(url)
                figures["pages"] += 1
                figures["hits"] += cache == "hit"
                if (status, body) != (expected.status_code, expected.content):
                    want = expected.content
                    at = next((i for i, (a, b) in enumerate(zip(body, want)) if a != b),
                              min(len(body), len(want)))
                    figures["mismatches"].append(
                        {"after": figures["changes"][-3:], "url": url, "status": status,
                         "expected_status": expected.status_code, "cache": cache,
                         "served": body[max(0, at - 100):at + 60].decode(errors="replace"),
                         "expected": want[max(0, at - 100):at + 60].decode(errors="replace")})
        figures["steps"] = step
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
