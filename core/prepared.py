"""Queries built and compiled once per process, then run again with new values.

Building a Django queryset with subqueries, unions and annotations, and compiling it to SQL,
costs milliseconds of Python on every request (the related articles under an article: about
10 ms), while the database runs the SQL in well under one. A `PreparedQuery` builds its queryset
once per *shape* (whatever changes the SQL text: how many tags, whether there is a section) with
marker values, finds where each value lands among the SQL parameters, and from then on only puts
the new values in their places and runs the same SQL, through Django's own iterables: model
instances, `select_related`, annotations, `values()` and `prefetch_related` work as usual.

    related = PreparedQuery(Article, build_related)   # build(shape, **values) -> QuerySet
    articles = related.run(limit, article_id=7, now=timezone.now(), tag_ids=[1, 2, 3])

`build` gets the shape (anything hashable: flags, a LIMIT) and marker values in place of the
values. Values are ints, strings, datetimes or lists of them (a list's length is part of the
shape by itself).
The queryset is built twice with two different sets of markers: a parameter that differs
between the two builds but is none of the values (a `timezone.now()` read inside the build, say)
would be frozen at its first value forever, so it is refused (ImproperlyConfigured) at once.
Per process, per database alias and per shape: nothing is shared between processes, and the
plan stays the database's business.
"""

import itertools
from datetime import datetime, timedelta, timezone as dt_timezone

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router

from . import postgresql

# Shapes kept per prepared query and process.
MAX_SHAPES = 64

_FIRST = {"int": -730_000_001, "datetime": datetime(1971, 3, 5, 7, 11, 13, 170000, dt_timezone.utc)}
_SECOND = {"int": -740_000_001, "datetime": datetime(1973, 4, 6, 8, 12, 14, 190000, dt_timezone.utc)}


class _Markers:
    """Marker values for one build: every value (and list item) gets its own."""

    def __init__(self, values, base):
        self.counter = itertools.count()
        self.base = base
        self.markers = {}  # (name, index or None) -> marker
        self.values = {name: self._mark(name, value) for name, value in values.items()}

    def _one(self, key, value):
        n = next(self.counter)
        if isinstance(value, bool):
            raise ImproperlyConfigured("PreparedQuery: a bool belongs to the shape, not the values")
        if isinstance(value, int):
            marker = self.base["int"] - n
        elif isinstance(value, datetime):
            marker = self.base["datetime"] + timedelta(microseconds=n)
            if value.tzinfo is None:
                marker = marker.replace(tzinfo=None)
        elif isinstance(value, str):
            marker = f"\x1fprepared-{self.base['int']}-{n}"
        else:
            raise ImproperlyConfigured(f"PreparedQuery: unsupported value {value!r}")
        self.markers[key] = marker
        return marker

    def _mark(self, name, value):
        if isinstance(value, (list, tuple)):
            return [self._one((name, i), item) for i, item in enumerate(value)]
        return self._one((name, None), value)


def _adapters(connection):
    ops = connection.ops
    return (
        lambda value: value,
        lambda value: ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else None,
    )


class _Entry:
    """One shape: the compiled SQL, its constant parameters and where each value goes, and the
    converters of its columns (for the connection that last ran it)."""

    def __init__(self, queryset, sql, params, slots, compiler):
        self.queryset, self.sql, self.params, self.slots = queryset, sql, params, slots
        self.compiler = compiler
        self.converters = None  # (connection, the columns, their converters)

    def get_converters(self, compiler, expressions):
        """compiler.get_converters(expressions), worked out once per connection: the same
        columns of the same SQL always get the same converters (Django finds them again for
        every row set, about 60 µs for the related articles' 26 columns)."""
        columns = tuple(map(id, expressions))
        known = self.converters
        if known is not None and known[0] is compiler.connection and known[1] == columns:
            return known[2]
        converters = type(compiler).get_converters(compiler, expressions)
        self.converters = (compiler.connection, columns, converters)
        return converters


class _BoundQuery:
    """The built query as Django's iterables see it, whose compiler runs the stored SQL."""

    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


def _shallow(obj):
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


class PreparedQuery:
    def __init__(self, model, build, plan_once=False):
        """`plan_once`: on PostgreSQL, the statement is prepared on each connection and its
        plan kept (core/postgresql.py); only for a query whose best plan does not depend on
        its values."""
        self.model, self.build, self.plan_once = model, build, plan_once
        self._entries = {}

    def run(self, shape, **values):
        """The queryset's results (a list) for these values; `shape` must name everything
        that changes the SQL text apart from the values themselves. Read from the database the
        routers choose for reading `model`, as the queryset itself would."""
        using = router.db_for_read(self.model)
        key = (using, shape, *((name, len(v) if isinstance(v, (list, tuple)) else None)
                               for name, v in sorted(values.items())))
        entry = self._entries.get(key)
        if entry is None:
            if len(self._entries) >= MAX_SHAPES:
                # Shapes a request chooses (a page number) must not grow this without end:
                # past the limit a rare shape is simply built and run as usual.
                return list(self.build(shape, **values).using(using))
            entry = self._entries[key] = self._prepare(shape, values, using)
        if entry.sql is None:
            return []
        params = list(entry.params)
        for position, (name, index), adapt in entry.slots:
            value = values[name] if index is None else values[name][index]
            params[position] = adapt(value)
        # Shallow copies (copy.copy would evaluate a QuerySet): what was built is shared and
        # only read; the copies get this thread's connection and these parameters.
        compiler = _shallow(entry.compiler)
        compiler.connection = connections[using]
        sql = entry.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        compiler.get_converters = lambda expressions: entry.get_converters(compiler, expressions)
        queryset = _shallow(entry.queryset)
        queryset._result_cache = None
        queryset._prefetch_done = False
        queryset._query = _BoundQuery(entry.queryset.query, compiler)
        return list(queryset)

    def _compile(self, shape, values, using, base):
        markers = _Markers(values, base)
        queryset = self.build(shape, **markers.values).using(using)
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        return queryset, compiler, sql, list(params), markers.markers

    def _prepare(self, shape, values, using):
        first = self._compile(shape, values, using, _FIRST)
        second = self._compile(shape, values, using, _SECOND)
        queryset, compiler, sql, params, markers = first
        if sql != second[2] or len(params) != len(second[3]):
            raise ImproperlyConfigured("PreparedQuery: the SQL depends on the values; put what "
                                       "changes it in the shape")
        if sql is None:
            return _Entry(queryset, None, (), (), compiler)
        adapters = _adapters(connections[using])
        slots = []
        for position, (a, b) in enumerate(zip(params, second[3])):
            found = None
            for name, marker in markers.items():
                for adapt in adapters:
                    if adapt(marker) == a and adapt(second[4][name]) == b:
                        found = (position, name, adapt)
                        break
                if found:
                    break
            if found is not None:
                slots.append(found)
            elif a != b:
                raise ImproperlyConfigured(
                    f"PreparedQuery: parameter {position} ({a!r}) changes between builds but is "
                    "none of the values (a clock read inside the build?)")
        if self.plan_once:
            postgresql.plan_once(sql)
        return _Entry(queryset, sql, tuple(params), tuple(slots), compiler)
