"""On PostgreSQL, reader queries planned once per connection, not on every request.

Django's psycopg cursors bind parameters on the client: the values are written into the SQL
text, so PostgreSQL parses and plans every query again. For the reader pages' queries
(core/prepared.py runs the same SQL with new values) planning cost as much as running them:
the related articles' query under an article, 0.8 ms planned for 0.8 ms run. Here every new
connection gets a cursor that sends the values apart (server-side binding), so psycopg
prepares a statement once the connection has run it PREPARE_THRESHOLD times, and PostgreSQL
keeps its plan (a generic one when it costs no more than planning each time).

The protocol carries at most 65 535 values per statement: a query with more (a bulk insert of
thousands of rows, an IN over a long list of ids) is written out on the client as before.

DATABASE_PREPARED=0 turns this off, for a pooler in transaction mode that cannot carry
prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
"""

from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver

PREPARE_THRESHOLD = 5
MAX_BOUND_PARAMS = 65_535

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
    raw.prepare_threshold = PREPARE_THRESHOLD
