"""The dashboard's whole journey in headless Chromium against the real stack: sign up from an
emailed link, receive a signed Stripe webhook, read it, forward and replay it to a local
receiver, invite a member, and see the member's read-only view."""

import hashlib
import hmac
import re

import pytest
from playwright.sync_api import Page, expect

from helpers import (
    STRIPE_SECRET,
    log_in_from_email,
    open_section,
    pick_sender,
    post_stripe_webhook,
    post_webhook,
    stripe_event,
)

ADMIN = "owner@acme.example"
MEMBER = "reader@acme.example"
CUSTOM_SECRET = "e2e-custom-recipe-secret"  # noqa: S105 - a test fixture


@pytest.mark.django_db(transaction=True)
def test_the_whole_journey(page: Page, browser, stack, mailbox, httpserver, shoot):
    # Sign up; the link arrives by email and logs the new admin in.
    page.goto("/")
    shoot("landing")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Work email").fill(ADMIN)
    page.get_by_label("Organization name").fill("Acme")
    shoot("signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Check your inbox")
    shoot("signup-check-inbox")

    link = mailbox.wait_for(ADMIN).link
    assert link.startswith(f"{stack.url}/login/verify?token=")
    log_in_from_email(page, link)
    shoot("dashboard-empty")

    # A link works once; opening it again explains that and offers a new one.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("no longer works")
    expect(page.get_by_role("button", name="Email me a new link")).to_be_visible()
    shoot("login-link-used")

    # A Stripe provider, picked from the registry's senders, and its ingest URL.
    page.goto("/dashboard")
    open_section(page, "Providers")
    expect(page.get_by_role("heading", name="No providers yet")).to_be_visible()
    page.get_by_role("button", name="New provider").first.click()
    dialog = page.get_by_role("dialog", name="New provider")
    pick_sender(page, "Stripe")
    expect(dialog.get_by_role("region", name="About Stripe")).to_contain_text("Signed")
    dialog.get_by_role("textbox", name="Name", exact=True).fill("Stripe live")
    dialog.get_by_label(re.compile("signing secret", re.IGNORECASE)).fill(STRIPE_SECRET)
    shoot("provider-create")
    dialog.get_by_role("button", name="Create provider").click()
    expect(page.get_by_text("Stripe live is ready")).to_be_visible()
    ingest_url = page.get_by_test_id("ingest-url").first.inner_text()
    assert ingest_url.startswith(f"{stack.url}/in/")
    shoot("providers")

    # A webhook signed by the stripe library reaches the list (live refresh) and opens.
    post_stripe_webhook(
        ingest_url,
        stripe_event("evt_journey_1", "invoice.paid", {"id": "in_1", "amount_paid": 4200}),
    )
    open_section(page, "Logs")
    page.get_by_role("link", name="invoice.paid").click()
    expect(page.get_by_role("heading", level=1, name="invoice.paid")).to_be_visible()
    log_url = page.url
    expect(page.get_by_text("evt_journey_1").first).to_be_visible()
    expect(page.get_by_role("rowheader", name="stripe-signature")).to_be_visible()
    expect(page.get_by_label("Payload (pretty)")).to_contain_text('"amount_paid": 4200')
    shoot("log-detail")
    page.get_by_role("tab", name="Raw").click()
    expect(page.get_by_label("Payload (raw)")).to_contain_text('"id": "evt_journey_1"')

    # A request signed with another secret is refused, kept, and says why in words.
    post_stripe_webhook(
        ingest_url,
        stripe_event("evt_forged", "invoice.forged", {"id": "in_2"}),
        secret="whsec_not_the_endpoints_secret",
        expect_status=401,
    )
    page.goto("/logs?verification=failed")
    # Refused before its body is trusted, so it has no event type.
    rejected = page.get_by_role("row", name=re.compile("Failed: wrong signature"))
    expect(rejected).to_contain_text("Rejected")
    rejected.get_by_role("link", name="(no event type)").click()
    verification = page.get_by_role("region", name="Verification")
    expect(verification).to_contain_text("does not match the body and the secret")
    verification.get_by_role("button", name="Re-verify").click()
    expect(verification).to_contain_text("Still refused")
    shoot("log-rejected-reason")

    # A sender with no type of its own: a custom recipe, tried on a sample in the console
    # before the provider exists, then verifying what the sender posts.
    sample = b'{"id": "ord_1", "kind": "order.created"}'
    signature = hmac.new(CUSTOM_SECRET.encode(), sample, hashlib.sha256).hexdigest()
    open_section(page, "Providers")
    page.get_by_role("button", name="New provider").first.click()
    dialog = page.get_by_role("dialog", name="New provider")
    pick_sender(page, "Custom recipe")
    dialog.get_by_role("textbox", name="Name", exact=True).fill("Acme ERP")
    dialog.get_by_label("Signing secret", exact=True).fill(CUSTOM_SECRET)
    dialog.get_by_role("textbox", name="Event id", exact=True).fill("body:id")
    dialog.get_by_role("textbox", name="Event type", exact=True).fill("body:kind")
    console = dialog.get_by_role("region", name="Recipe console")
    console.get_by_role("textbox", name="Headers").fill(f"X-Signature: {signature}")
    console.get_by_role("textbox", name="Body").fill(sample.decode())
    console.get_by_role("button", name="Check this request").click()
    expect(console.get_by_role("alert")).to_contain_text("ord_1")
    expect(console.get_by_role("list", name="Steps")).to_be_visible()
    shoot("recipe-console")
    dialog.get_by_role("button", name="Create provider").click()
    expect(page.get_by_text("Acme ERP is ready")).to_be_visible()
    custom_url = page.get_by_test_id("ingest-url").first.inner_text()
    post_webhook(custom_url, sample, {"X-Signature": signature})
    page.goto("/logs?verification=verified")
    expect(page.get_by_role("row", name=re.compile("order.created"))).to_contain_text("Verified")

    # A destination pointing at a local receiver; its signing secret is shown once.
    httpserver.expect_request("/hooks", method="POST").respond_with_data("thanks", status=200)
    open_section(page, "Destinations")
    page.get_by_role("button", name="New destination").first.click()
    dialog = page.get_by_role("dialog", name="New destination")
    dialog.get_by_role("textbox", name="Name", exact=True).fill("Billing service")
    dialog.get_by_role("textbox", name="URL", exact=True).fill(httpserver.url_for("/hooks"))
    shoot("destination-create")
    dialog.get_by_role("button", name="Create destination").click()
    expect(dialog.get_by_label("Signing secret", exact=True)).to_contain_text("whsec_")
    shoot("destination-secret-once")
    dialog.get_by_role("button", name="Done").click()
    page.get_by_role("link", name="Billing service").click()
    expect(page.get_by_role("heading", name="Nothing sent yet")).to_be_visible()

    # Replay the first webhook; the receiver answers 200 and the attempt shows it.
    page.goto(log_url)
    page.get_by_role("button", name="Replay").click()
    page.get_by_role("menuitem", name="To every matching destination").click()
    expect(page.get_by_text("1 delivery on the way.")).to_be_visible()
    timeline = page.get_by_label("Attempt timeline")
    expect(timeline).to_contain_text("Billing service", timeout=30_000)
    expect(timeline).to_contain_text("Succeeded · 200")
    shoot("log-attempt-timeline")
    open_section(page, "Destinations")
    page.get_by_role("link", name="Billing service").click()
    attempts = page.get_by_role("table", name="Delivery attempts")
    expect(attempts.get_by_role("row").nth(1)).to_contain_text("Succeeded")
    expect(attempts.get_by_role("row").nth(1)).to_contain_text("200")
    shoot("destination-attempts")
    forwarded, _ = httpserver.log[0]
    assert forwarded.get_json()["id"] == "evt_journey_1"
    assert forwarded.headers["webhook-signature"].startswith("v1,")

    # Bulk replay from the list's filters: a dry-run count, then a job with a progress bar.
    open_section(page, "Logs")
    page.get_by_label("Event type").fill("invoice.*")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"event_type=invoice"))
    shoot("logs")
    page.get_by_role("button", name="Replay all matching").click()
    dialog = page.get_by_role("dialog", name="Bulk replay")
    expect(dialog).to_contain_text("1 webhook matches")
    shoot("bulk-replay-count")
    dialog.get_by_role("button", name="Replay 1 webhook").click()
    expect(dialog.get_by_role("progressbar", name="Replay progress")).to_be_visible()
    expect(dialog).to_contain_text("Done.", timeout=30_000)
    shoot("bulk-replay-done")
    dialog.get_by_role("button", name="Close").click()

    # The dashboard charts what came in; the key, settings and audit screens work.
    open_section(page, "Dashboard")
    expect(page.get_by_role("heading", name="Volume over time")).to_be_visible()
    shoot("dashboard")
    open_section(page, "API keys")
    page.get_by_role("button", name="New API key").click()
    dialog = page.get_by_role("dialog", name="New API key")
    dialog.get_by_role("textbox", name="Name", exact=True).fill("nightly export")
    dialog.get_by_role("button", name="Create key").click()
    expect(dialog.get_by_label("API key", exact=True)).to_contain_text("hlk_")
    shoot("api-key-secret-once")
    dialog.get_by_role("button", name="Done").click()
    open_section(page, "Organization")
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Acme")
    shoot("organization")
    open_section(page, "Audit log")
    audit = page.get_by_role("table", name="Audit events")
    expect(audit).to_contain_text("Created a provider")
    expect(audit).to_contain_text("Started a bulk replay")
    shoot("audit-log")

    # At phone width the navigation is a drawer behind a button; the keyboard reaches it all.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/logs")
    expect(page.get_by_role("heading", level=1, name="Logs")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.get_by_role("button", name="Open navigation").click()
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    shoot("phone-navigation")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Logs").click()
    # Following a link closes the drawer; wait until it has slid off the screen.
    # (An assertion, not a string for the page to evaluate: the CSP forbids eval.)
    expect(page.get_by_role("navigation", name="Main navigation")).not_to_be_in_viewport()
    shoot("phone-logs")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Invite a member: pending until the invitation email's link makes them a user.
    open_section(page, "Users")
    page.get_by_role("button", name="Invite user").click()
    dialog = page.get_by_role("dialog", name="Invite a user")
    dialog.get_by_label("Email").fill(MEMBER)
    dialog.get_by_role("button", name="Send invitation").click()
    pending = page.get_by_role("table", name="Pending invitations")
    users = page.get_by_role("table", name="Users")
    expect(pending.get_by_role("cell", name=MEMBER)).to_be_visible()
    expect(users.get_by_role("cell", name=MEMBER)).to_have_count(0)
    shoot("users")

    member_context = browser.new_context(base_url=stack.url)
    try:
        member = member_context.new_page()
        log_in_from_email(member, mailbox.wait_for(MEMBER).link)
        page.reload()
        expect(users.get_by_role("cell", name=MEMBER)).to_be_visible()
        expect(pending).to_have_count(0)
        # Members read everything and change nothing.
        open_section(member, "Providers")
        expect(member.get_by_role("heading", name="Stripe live")).to_be_visible()
        for action in ("New provider", "Pause", "Rotate secret", "Delete"):
            expect(member.get_by_role("button", name=action)).to_have_count(0)
        shoot("member-providers", member)
        open_section(member, "Logs")
        member.get_by_role("link", name="invoice.paid").click()
        expect(member.get_by_label("Attempt timeline")).to_contain_text("Billing service")
        expect(member.get_by_role("button", name="Replay")).to_have_count(0)
        expect(member.get_by_role("button", name="Replay all matching")).to_have_count(0)
        open_section(member, "Users")
        expect(member.get_by_role("button", name="Invite user")).to_have_count(0)
        expect(member.get_by_role("combobox", name=f"Role of {ADMIN}")).to_have_count(0)
        open_section(member, "API keys")
        expect(member.get_by_role("button", name="New API key")).to_have_count(0)
        navigation = member.get_by_role("navigation", name="Main navigation")
        expect(navigation.get_by_role("link", name="Audit log")).to_have_count(0)
        shoot("member-api-keys", member)
    finally:
        member_context.close()
