"""The check that finds a dependency between apps hidden from lint-imports."""

import pytest

from scripts.check_boundaries import app_layers, module_violations, tables_by_app, violations

LAYERS = ["stream", "delivery", "webhooks", "accounts", "core"]
TABLES = {
    "deliveries": "delivery",
    "delivery_attempts": "delivery",
    "destinations_providers": "delivery",
    "webhook_logs": "webhooks",
    "organizations": "accounts",
}


def found(source: str, app: str = "webhooks") -> list[str]:
    return [
        v.message
        for v in module_violations(
            source, path=f"{app}/module.py", app=app, layers=LAYERS, tables=TABLES
        )
    ]


def test_the_layers_are_the_import_contracts():
    assert app_layers() == LAYERS


def test_it_knows_every_apps_tables_link_tables_included():
    tables = tables_by_app()
    assert tables["deliveries"] == "delivery"
    assert tables["destinations_providers"] == "delivery"
    assert tables["webhook_logs"] == "webhooks"
    assert tables["users"] == "accounts"


def test_it_catches_get_model_of_an_app_above():
    source = 'attempt = apps.get_model("delivery", "DeliveryAttempt")\n'
    assert found(source) == ["get_model reaches app 'delivery'"]


def test_it_catches_a_dotted_get_model_label():
    assert found('apps.get_model("delivery.Destination")\n') == ["get_model reaches app 'delivery'"]


def test_it_catches_another_apps_table_in_sql():
    source = 'SQL = """SELECT id FROM webhook_logs WHERE NOT EXISTS (SELECT 1 FROM deliveries)"""\n'
    assert found(source) == ["SQL names table 'deliveries' of app 'delivery'"]


def test_it_catches_a_quoted_table_and_any_case():
    assert found("SQL = 'update \"delivery_attempts\" set x = 1'\n") == [
        "SQL names table 'delivery_attempts' of app 'delivery'"
    ]


def test_it_catches_a_lazy_model_reference():
    source = 'destination = models.ForeignKey("delivery.Destination", on_delete=models.CASCADE)\n'
    assert found(source) == ["lazy model reference 'delivery.Destination'"]


def test_core_may_name_no_apps_table():
    assert found('SQL = "SELECT id FROM organizations"\n', app="core") == [
        "SQL names table 'organizations' of app 'accounts'"
    ]


def test_an_app_may_use_its_own_tables_and_those_below_it():
    source = (
        'SQL = "UPDATE webhook_logs SET status = 1 FROM deliveries JOIN organizations ON true"\n'
        'apps.get_model("webhooks", "WebhookLog")\n'
        'models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)\n'
    )
    assert found(source, app="delivery") == []


@pytest.mark.parametrize(
    "source",
    [
        '"""Routing opens the deliveries of a log from deliveries_reopen."""\n',
        "# SELECT 1 FROM deliveries, in a comment\n",
        'MESSAGE = "the log\'s deliveries are queued"\n',
    ],
)
def test_prose_about_another_app_is_not_a_dependency(source):
    assert found(source) == []


def test_the_tree_has_no_hidden_cross_app_references():
    assert [str(v) for v in violations()] == []
