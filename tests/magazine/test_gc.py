"""magazine/gc.py: a server process freezes what its first requests loaded, once."""

import gc

import pytest
from django.core.signals import request_finished

from magazine.gc import freeze_after_warm_up


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    request_finished.disconnect(dispatch_uid="magazine.gc.freeze_after_warm_up")


@pytest.mark.django_db
def test_what_the_first_requests_loaded_is_frozen_once(client, unfrozen):
    freeze_after_warm_up(requests=3)
    client.get("/")
    client.get("/")
    assert gc.get_freeze_count() == 0
    client.get("/")
    frozen = gc.get_freeze_count()
    assert frozen > 0
    # Then it stops counting: later requests freeze nothing more.
    gc.unfreeze()
    client.get("/")
    client.get("/")
    assert gc.get_freeze_count() == 0
