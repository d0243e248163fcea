"""Stored XSS: a webhook whose payload is full of markup is shown as text and runs nothing."""

import pytest
from playwright.sync_api import Page, expect

from helpers import STRIPE_SECRET, post_stripe_webhook, stripe_event

HOSTILE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture
def admin_with_stripe_provider(stack):
    """An organization with an admin and a Stripe provider, made by the real services."""
    from hooklane.accounts.models import User
    from hooklane.accounts.services import organization_create
    from hooklane.webhooks.services import provider_create

    organization = organization_create(name="Hostile Senders Inc")
    admin = User.objects.create_user(
        "admin@hostile.example", organization=organization, role=User.Role.ADMIN
    )
    provider = provider_create(
        organization=organization,
        provider_name="stripe",
        display_name="Stripe",
        signing_secret=STRIPE_SECRET,
    )
    return admin, provider


@pytest.mark.django_db(transaction=True)
def test_a_hostile_payload_shows_as_text(
    page: Page, stack, admin_with_stripe_provider, shoot, no_dialogs
):
    from hooklane.accounts.services import magic_link_issue, magic_link_url

    admin, provider = admin_with_stripe_provider
    post_stripe_webhook(
        provider.ingest_url,
        stripe_event("evt_hostile", "customer.updated", {"note": HOSTILE, "name": HOSTILE}),
    )

    page.goto(magic_link_url(magic_link_issue(user=admin)))
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    page.goto("/logs?q=evt_hostile")
    page.get_by_role("link", name="customer.updated").click()

    pretty = page.get_by_label("Payload (pretty)")
    expect(pretty).to_contain_text("<script>window.__xss = 1</script>")
    page.get_by_role("tab", name="Raw").click()
    expect(page.get_by_label("Payload (raw)")).to_contain_text('onerror=\\"window.__xss = 2\\"')
    assert page.evaluate("window.__xss") is None
    assert page.locator("main script, main img").count() == 0
    shoot("log-detail-hostile-payload")
