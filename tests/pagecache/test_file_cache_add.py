"""The project's file cache (core.cache_backends.FileCache): `add` has one winner even when
processes and threads race for a key (the page cache claims renders with it,
pagecache/stampede.py), and an expired entry gives way."""

import threading

import pytest

from core.cache_backends import FileCache


@pytest.fixture
def files(tmp_path):
    return FileCache(str(tmp_path / "cache"), {})


def test_one_add_wins_among_many_at_once(files):
    keys = [f"rendu:{n}" for n in range(30)]
    winners = {key: [] for key in keys}
    start = threading.Barrier(8)

    def racer(name):
        start.wait()
        for key in keys:
            if files.add(key, name, timeout=60):
                winners[key].append(name)

    threads = [threading.Thread(target=racer, args=(f"lecteur {n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(len(names) == 1 for names in winners.values()), winners
    assert all(files.get(key) == names[0] for key, names in winners.items())


def test_an_expired_entry_gives_way_a_live_one_does_not(files):
    assert files.add("rendu", "ancien", timeout=0)  # expired at once
    assert files.add("rendu", "nouveau", timeout=60)
    assert not files.add("rendu", "troisième", timeout=60)
    assert files.get("rendu") == "nouveau"
