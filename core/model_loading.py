"""Model instances made from database rows without Django's general-purpose constructor.

A reader page drawn from scratch loads dozens of instances (its articles, their sections,
bylines and authors, its comments). Django's `Model.from_db` lays the row out over every
concrete field (DEFERRED where not loaded), then `Model.__init__` walks all of them again
through their descriptors: for a card's 14 columns of a 40-column article, that walk is most
of the cost of an instance. `QuickFromDb.from_db` puts the loaded values straight into the
instance's `__dict__`, which is what those descriptors' `__set__` does on a new instance
(nothing is cached on it yet), and sends `post_init` as Django does (an ImageField's
dimensions). Models with their own `__init__`, or a `pre_init` receiver, load the usual way.

    class Article(QuickFromDb, models.Model): ...

tests/core/test_model_loading.py compares the instances with Django's, loaded whole and
deferred, and checks that no field of these models has a descriptor this would bypass.
"""

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickFromDb:
    @classmethod
    def from_db(cls, db, field_names, values):
        if cls.__init__ is not models.Model.__init__ or pre_init.has_listeners(cls):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        new._state = state
        # The attnames of the loaded columns, in the row's order (Django's init_list).
        new.__dict__.update(zip(field_names, values))
        post_init.send(sender=cls, instance=new)
        return new
