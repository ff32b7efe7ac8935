"""On PostgreSQL, reader queries planned once per connection, not on every request.

Django's psycopg cursors bind parameters on the client: the values are written into the SQL
text, so PostgreSQL parses and plans every query again. For the reader pages' queries
(core/prepared.py runs the same SQL with new values) planning cost as much as running them:
the related articles' query under an article, 0.8 ms planned for 0.8 ms run. Here the values
travel apart from the text (Django's `server_side_binding`, set in magazine/settings.py), and
every new connection gets a cursor that prepares the statements registered with plan_once()
(`PreparedQuery(..., plan_once=True)`): PostgreSQL then keeps their plan, a generic one when
it costs no more than planning each time. Django's test suite lists a few queries that fail
with server-side binding (a value both selected and grouped by, #34255); ours passes whole.

Only queries whose best plan does not depend on their values are registered: the article
and its parts, the home, the menu, bylines, cards by id. A list read by section, tag or
author is planned each time: with 100 000 articles a generic plan for an author's page took
85 ms where planning it for her took 15 (`make bench-scale`).

The protocol carries at most 65 535 values per statement: a query with more (a bulk insert of
thousands of rows, an IN over a long list of ids) is written out on the client as before.

A prepared statement belongs to its connection: after a migration that changes a column a
prepared query reads, a worker still running on the old connection may get PostgreSQL's
"cached plan must not change result type" until it reconnects; the release steps (README)
migrate, then reload the workers, which opens new connections.

DATABASE_PREPARED=0 turns this off, for a pooler in transaction mode that cannot carry
prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
"""

from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver

MAX_BOUND_PARAMS = 65_535
NEVER_BY_ITSELF = 2**31 - 1

_planned_once = set()  # SQL texts (str objects keep their hash: a set lookup is cheap)


def plan_once(sql):
    """Prepare `sql` on every PostgreSQL connection that runs it (see above)."""
    _planned_once.add(sql)


_cursor_class = None


def _preparing_cursor():
    """The cursor class, made on first use: the psycopg backend is imported only on PostgreSQL."""
    global _cursor_class
    if _cursor_class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor
        from psycopg import ClientCursor

        class PreparingCursor(ServerBindingCursor):
            def execute(self, query, params=None, *, prepare=None, binary=None):
                if params is not None and len(params) > MAX_BOUND_PARAMS:
                    # Too many values to send apart: written into the text, as Django does.
                    query, params = ClientCursor(self.connection).mogrify(query, params), None
                elif prepare is None and query in _planned_once:
                    prepare = True
                return super().execute(query, params, prepare=prepare, binary=binary)

        _cursor_class = PreparingCursor
    return _cursor_class


@receiver(connection_created)
def prepare_reader_queries(sender, connection, **kwargs):
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED:
        return
    raw = connection.connection
    if not hasattr(raw, "prepare_threshold"):  # psycopg 2: nothing to prepare
        return
    raw.cursor_factory = _preparing_cursor()
    # Only what is registered (prepare=True above): psycopg would prepare any query run this
    # many times, and None would turn preparing off altogether.
    raw.prepare_threshold = NEVER_BY_ITSELF
