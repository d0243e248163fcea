"""The hot paths' statements run prepared, on one generic plan, in Django's transaction."""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from hooklane.core.db import fetchone_prepared

pytestmark = pytest.mark.django_db

_LOOKUP = "SELECT id FROM organizations WHERE id = %s"


def _prepared(statement: str) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = %s",
            [statement],
        )
        return cursor.fetchone()


def test_a_statement_is_prepared_once_and_runs_on_its_generic_plan(org_a):
    for _ in range(3):
        assert fetchone_prepared(_LOOKUP, [org_a.id]) == (org_a.id,)
    assert fetchone_prepared(_LOOKUP, [uuid.uuid4()]) is None

    # psycopg sends it as $1; PostgreSQL never made a plan for particular values.
    assert _prepared(_LOOKUP.replace("%s", "$1")) == (4, 0)


def test_it_runs_in_the_callers_transaction_and_raises_djangos_errors(org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        fetchone_prepared("UPDATE organizations SET name = 'renamed' WHERE id = %s", [org_a.id])
        fetchone_prepared("INSERT INTO organizations (id) VALUES (%s)", [org_a.id])

    org_a.refresh_from_db()
    assert org_a.name != "renamed"  # rolled back with the transaction that failed
