"""The dashboard at scale: a tenant with 1,000 providers and a webhook with a 1 MiB JSON body.
The providers page finds one of the thousand without drawing them all, the dashboard charts
the busiest ten, and the 1 MiB log shows its first part with the rest a click away."""

import json
import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from helpers import STRIPE_SECRET, post_stripe_webhook, stripe_event

PROVIDERS = 1_000
PROVIDER_TYPES = ["stripe", "github", "shopify", "slack", "standard_webhooks", "none"]
# Under INGEST_MAX_BODY_BYTES (1 MiB), with room for the event's envelope.
BODY_BYTES = 1_040_000
LAST_LINE = "THE-LAST-LINE-ITEM"
# The pretty JSON is about 1.3 MB; the raw body 1,015 KB.
HIDDEN_NOTE = re.compile(r"^Showing the first 6\d\.\d KB of [\d.]+ [KM]B; [\d.]+ [KM]B hidden\.$")


@pytest.fixture
def big_tenant(stack, httpserver):
    """An admin whose organization has 1,000 providers (bulk-inserted: the services would
    take minutes), logs spread over 30 of them for the charts, one real Stripe provider and
    a destination that accepts what is forwarded."""
    from django.utils import timezone
    from hooklane.accounts.models import User
    from hooklane.accounts.services import organization_create
    from hooklane.delivery.services import destination_create
    from hooklane.webhooks.models import WebhookLog, WebhookProvider
    from hooklane.webhooks.services import provider_create

    organization = organization_create(name="Thousand Senders Ltd")
    admin = User.objects.create_user(
        "admin@thousand.example", organization=organization, role=User.Role.ADMIN
    )
    providers = WebhookProvider.objects.bulk_create(
        WebhookProvider(
            organization=organization,
            provider_name=PROVIDER_TYPES[n % len(PROVIDER_TYPES)],
            display_name=f"Shop {n:04d}",
            signing_secret="" if PROVIDER_TYPES[n % len(PROVIDER_TYPES)] == "none" else "s3cret",
        )
        for n in range(PROVIDERS)
    )
    now = timezone.now()
    # Provider n of the first 30 gets 30 - n logs: ten are charted, twenty are "Others".
    WebhookLog.objects.bulk_create(
        WebhookLog(
            organization=organization,
            provider=provider,
            status=WebhookLog.Status.FAILED if i % 7 == 0 else WebhookLog.Status.DELIVERED,
            event_type=f"order.event_{i % 15}",
            body=b"{}",
            payload={},
            content_type="application/json",
            size_bytes=2,
            received_at=now - timedelta(minutes=i + 1),
        )
        for n, provider in enumerate(providers[:30])
        for i in range(30 - n)
    )
    stripe = provider_create(
        organization=organization,
        provider_name="stripe",
        display_name="Stripe live",
        signing_secret=STRIPE_SECRET,
    )
    httpserver.expect_request("/hooks", method="POST").respond_with_data("thanks", status=200)
    destination_create(
        organization=organization, name="Warehouse", url=httpserver.url_for("/hooks")
    )
    return admin, stripe


def big_event() -> dict:
    """A Stripe event whose JSON body is just under 1 MiB; its last line item is marked."""
    line = {"object": "line_item", "description": "a blue widget, boxed", "quantity": 3}
    event = stripe_event("evt_big_1", "invoice.finalized", {"object": "invoice", "lines": []})
    lines = event["data"]["object"]["lines"]
    step = len(json.dumps(line)) + 2
    lines.extend([line] * ((BODY_BYTES - len(json.dumps(event))) // step))
    lines.append({**line, "description": LAST_LINE})
    return event


def page_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.django_db(transaction=True)
def test_a_thousand_providers_and_a_megabyte_payload(page: Page, big_tenant, shoot, no_dialogs):
    from hooklane.accounts.services import magic_link_issue, magic_link_url
    from hooklane.webhooks.models import WebhookLog

    admin, stripe = big_tenant
    event = big_event()
    assert 1_000_000 < len(json.dumps(event)) < 1024 * 1024
    post_stripe_webhook(stripe.ingest_url, event)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(magic_link_url(magic_link_issue(user=admin)))
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()

    # The providers page shows a page of 50, not 1,001 cards, and finds one by name.
    started = time.perf_counter()
    page.goto("/providers")
    providers = page.get_by_role("article")
    expect(providers).to_have_count(50)
    providers_seconds = time.perf_counter() - started
    expect(page.get_by_text("Showing the first 50 providers")).to_be_visible()
    expect(page.get_by_role("button", name="Load more")).to_be_visible()
    providers_height = page_height(page)
    assert providers_height < 6_000
    shoot("providers-1000")

    page.get_by_role("textbox", name="Search").fill("shop 0777")
    expect(page).to_have_url(re.compile(r"search=shop\+0777"))
    expect(providers).to_have_count(1)
    shop = page.get_by_role("article", name="Shop 0777")
    expect(shop).to_contain_text("/in/")
    for action in ("Copy ingest URL", "Pause", "Rotate secret", "Delete"):
        expect(shop.get_by_role("button", name=action)).to_be_visible()
    shoot("providers-search")
    page.get_by_role("button", name="Load more").wait_for(state="detached")

    page.get_by_role("textbox", name="Search").fill("")
    page.get_by_role("combobox", name="Type").click()
    page.get_by_role("option", name="Slack").click()
    expect(page).to_have_url(re.compile(r"type=slack"))
    expect(providers.first).to_contain_text("Slack")
    expect(providers.filter(has_text="Stripe")).to_have_count(0)
    page.get_by_role("button", name="Load more").click()
    # 1,000 / 6 types: 167 Slack providers, two pages of 50 loaded now.
    expect(providers).to_have_count(100)

    # The dashboard charts the ten busiest providers and event types, and one Others bar each.
    page.goto("/dashboard")
    by_provider = page.get_by_role("region", name="By provider")
    expect(by_provider).to_contain_text("The 10 busiest; Others adds up the other 21 providers.")
    # The bars' labels, as drawn in the chart's SVG.
    provider_labels = by_provider.locator("svg text").filter(
        has_text=re.compile(r"^(Shop \d{4}|Stripe live|Others)$")
    )
    expect(provider_labels).to_have_count(11)
    expect(provider_labels.last).to_have_text("Others")
    event_types = page.get_by_role("region", name="Top event types")
    event_type_labels = event_types.locator("svg text").filter(
        has_text=re.compile(r"^(order\.event_\d+|invoice\.finalized|Others)$")
    )
    expect(event_type_labels).to_have_count(11)
    expect(event_type_labels.last).to_have_text("Others")
    assert page_height(page) < 2_500
    shoot("dashboard-1000-providers")

    # The 1 MiB log: its first 64 KB, what is hidden, Show all; attempts and headers in reach.
    log = WebhookLog.objects.get(provider=stripe, external_id="evt_big_1")
    started = time.perf_counter()
    page.goto(f"/logs/{log.id}")
    pretty = page.get_by_label("Payload (pretty)")
    expect(pretty).to_contain_text('"description": "a blue widget, boxed"')
    page.wait_for_load_state("networkidle")
    log_seconds = time.perf_counter() - started
    expect(page.get_by_text(HIDDEN_NOTE)).to_be_visible()
    expect(pretty).not_to_contain_text(LAST_LINE)
    expect(page.get_by_role("link", name="Download raw body")).to_have_attribute(
        "href", f"/api/v1/logs/{log.id}/raw/"
    )
    timeline = page.get_by_label("Attempt timeline")
    expect(timeline).to_contain_text("Warehouse", timeout=30_000)
    expect(timeline).to_contain_text("Succeeded · 200", timeout=30_000)
    expect(page.get_by_role("rowheader", name="stripe-signature")).to_be_visible()
    log_height = page_height(page)
    assert log_height < 3_000
    shoot("log-detail-1mib")

    started = time.perf_counter()
    page.get_by_role("button", name="Show all").click()
    expect(pretty).to_contain_text(LAST_LINE)
    show_all_seconds = time.perf_counter() - started
    expect(page.get_by_text(re.compile(r"^Showing all 1\.\d MB\.$"))).to_be_visible()
    # The whole body scrolls inside its box; the page around it stays the same height.
    assert page_height(page) < 3_000
    timeline.scroll_into_view_if_needed()
    expect(timeline).to_be_in_viewport()
    shoot("log-detail-1mib-show-all")

    page.get_by_role("tab", name="Raw").click()
    expect(page.get_by_label("Payload (raw)")).to_contain_text('"id": "evt_big_1"')
    expect(page.get_by_text(HIDDEN_NOTE)).to_be_visible()

    print(  # the figures this run measured, for the record (pytest -s)
        f"\nproviders page: {providers_seconds:.2f} s to 50 rows, {providers_height} px tall;"
        f" 1 MiB log: {log_seconds:.2f} s to network idle, {log_height} px tall;"
        f" Show all: {show_all_seconds:.2f} s"
    )
