"""The issues API: members read, admins acknowledge and resolve; another tenant sees nothing."""

import pytest
from django.utils import timezone

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import Issue

from .helpers import make_destination

URL = "http://127.0.0.1:9/hook"


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def _issue(destination, kind="http_5xx", state="open", **fields) -> Issue:
    now = timezone.now()
    return Issue.objects.create(
        organization=destination.organization,
        destination=destination,
        kind=kind,
        state=state,
        first_seen_at=now,
        last_seen_at=now,
        **fields,
    )


@pytest.mark.django_db
def test_members_list_issues_by_state_kind_and_destination(api_client_for, member_a, admin_b):
    billing = make_destination(member_a.organization, URL, name="Billing")
    crm = make_destination(member_a.organization, URL, name="CRM")
    open_5xx = _issue(billing, count=7, last_status_code=503)
    _issue(billing, kind="timeout", state="resolved")
    crm_issue = _issue(crm, kind="connection")
    _issue(make_destination(admin_b.organization, URL), kind="connection")
    client = api_client_for(member_a)

    def ids(query=""):
        return {row["id"] for row in client.get(f"/api/v1/issues/{query}").json()["results"]}

    assert len(ids()) == 3
    assert ids("?state=open,acknowledged") == {str(open_5xx.id), str(crm_issue.id)}
    assert ids("?kind=connection") == {str(crm_issue.id)}
    assert ids(f"?destination={billing.id}&state=open") == {str(open_5xx.id)}
    row = client.get(f"/api/v1/issues/{open_5xx.id}/").json()
    assert row["destination_name"] == "Billing" and row["count"] == 7
    assert row["last_status_code"] == 503
    assert client.get("/api/v1/issues/?kind=bogus").status_code == 400


@pytest.mark.django_db
def test_an_admin_acknowledges_then_resolves(api_client_for, admin_a, member_a):
    issue = _issue(make_destination(admin_a.organization, URL))
    admin, member = api_client_for(admin_a), api_client_for(member_a)

    assert member.post(f"/api/v1/issues/{issue.id}/acknowledge/").status_code == 403
    acknowledged = admin.post(f"/api/v1/issues/{issue.id}/acknowledge/").json()
    again = admin.post(f"/api/v1/issues/{issue.id}/acknowledge/")
    resolved = admin.post(f"/api/v1/issues/{issue.id}/resolve/").json()

    assert acknowledged["state"] == "acknowledged"
    assert acknowledged["acknowledged_by"] == admin_a.email
    assert again.status_code == 409
    assert resolved["state"] == "resolved" and resolved["resolved_by"] == admin_a.email
    assert admin.post(f"/api/v1/issues/{issue.id}/resolve/").status_code == 409
    actions = set(
        AuditEvent.objects.filter(target_id=str(issue.id)).values_list("action", flat=True)
    )
    assert actions == {"issue.acknowledge", "issue.resolve"}


@pytest.mark.django_db
def test_another_organizations_issue_is_a_404(api_client_for, admin_a, admin_b):
    issue = _issue(make_destination(admin_a.organization, URL))
    outsider = api_client_for(admin_b)

    assert outsider.get(f"/api/v1/issues/{issue.id}/").status_code == 404
    assert outsider.post(f"/api/v1/issues/{issue.id}/resolve/").status_code == 404
    assert outsider.get("/api/v1/issues/").json()["results"] == []
    issue.refresh_from_db()
    assert issue.state == "open"
