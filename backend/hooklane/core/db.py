"""Prepared statements for the raw SQL of the hot paths (ingest, routing, delivery).

Django binds parameters on the client, so PostgreSQL plans every statement at every call;
for the few statements each webhook runs, planning cost more than running them (routing:
about 1 ms to plan, 0.2 ms to run). These run on Django's connection, in its current
transaction, as server-side prepared statements with one generic plan each (settings:
prepare_threshold, plan_cache_mode), so each is planned once per connection. A generic plan
knows no parameter values: write these statements to find rows by key from the parameters
themselves (`WHERE id = %(id)s`), not through a join the planner cannot see into.
"""

import psycopg
from django.db import connection


def fetchone_prepared(sql: str, params: dict | list | tuple) -> tuple | None:
    """Run one statement, prepared, and return its first row (None when it has none).
    Errors come out as Django's database exceptions, as from connection.cursor()."""
    # What Django's own cursor() does first: the health check (once per request or task)
    # replaces a connection that died with its server, then a connection is opened.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone() if cursor.description else None
