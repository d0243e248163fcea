"""The hot paths' statements run prepared, on one generic plan, in Django's transaction."""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from hooklane.core.db import fetchone_prepared

pytestmark = pytest.mark.django_db

_LOOKUP = "SELECT id FROM probe WHERE id = %s"


@pytest.fixture
def row_id():
    """A row of a table of this test's own (core owns no table), gone with its transaction."""
    row = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE probe (id uuid PRIMARY KEY, name text)")
        cursor.execute("INSERT INTO probe (id, name) VALUES (%s, 'first')", [row])
    return row


def _prepared(statement: str) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = %s",
            [statement],
        )
        return cursor.fetchone()


def test_a_statement_is_prepared_once_and_runs_on_its_generic_plan(row_id):
    for _ in range(3):
        assert fetchone_prepared(_LOOKUP, [row_id]) == (row_id,)
    assert fetchone_prepared(_LOOKUP, [uuid.uuid4()]) is None

    # psycopg sends it as $1; PostgreSQL never made a plan for particular values.
    assert _prepared(_LOOKUP.replace("%s", "$1")) == (4, 0)


def test_it_runs_in_the_callers_transaction_and_raises_djangos_errors(row_id):
    with pytest.raises(IntegrityError), transaction.atomic():
        fetchone_prepared("UPDATE probe SET name = 'renamed' WHERE id = %s", [row_id])
        fetchone_prepared("INSERT INTO probe (id) VALUES (%s)", [row_id])

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM probe WHERE id = %s", [row_id])
        # rolled back with the transaction that failed
        assert cursor.fetchone() == ("first",)
