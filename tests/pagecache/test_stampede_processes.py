"""Many readers at once, across processes: three gunicorn workers serve the site while another
process publishes and edits articles and, after each change, sends eight requests together for
each page it made stale (the home page, an article, its section; tests/pagecache/
stampede_driver.py). Each burst draws its page once, whichever worker gets which request
(the others wait for it, or come after it), and every reader gets the page as it is now: on
SQLite with the file cache, on PostgreSQL, and with Redis when REDIS_URL is set."""

import json
import subprocess

from .test_cache_equivalence_processes import PYTHON, ROOT, database, environment, served_site  # noqa: F401

READERS = 8
ROUNDS = 4


def test_a_burst_of_readers_after_each_change_draws_each_page_once(database, tmp_path):  # noqa: F811
    with served_site(database, tmp_path, workers=3) as site:
        driver = subprocess.run(
            [PYTHON, "-m", "tests.pagecache.stampede_driver", site, str(ROUNDS), str(READERS)],
            cwd=ROOT, env=environment(database, tmp_path, PAGE_CACHE_SECONDS="0",
                                      FRAGMENT_CACHE_SECONDS="0"),
            capture_output=True, text=True, timeout=600)
    assert driver.returncode == 0, driver.stderr[-3000:]
    bursts = json.loads(driver.stdout.strip().splitlines()[-1])["bursts"]
    assert [burst for burst in bursts if burst["wrong"]] == []
    assert [burst for burst in bursts if burst["answers"].count("miss") != 1] == []
    # Some did come at once.
    assert sum(burst["answers"].count("wait") for burst in bursts) > 0, bursts
