"""Steps the journey repeats: logging in from an email, posting signed webhooks."""

import json
import time
import urllib.error
import urllib.request

import stripe
from playwright.sync_api import Page, expect

STRIPE_SECRET = "whsec_e2e_journey_secret_0123456789"


def post_stripe_webhook(
    ingest_url: str, event: dict, secret: str = STRIPE_SECRET, expect_status: int = 200
) -> dict:
    """POST `event` to the ingest URL signed by the stripe library, as Stripe would."""
    body = json.dumps(event)
    signature = stripe.WebhookSignature.generate_signature_header(
        body, secret, timestamp=int(time.time())
    )
    return post_webhook(
        ingest_url, body.encode(), {"Stripe-Signature": signature}, expect_status=expect_status
    )


def post_webhook(ingest_url: str, body: bytes, headers: dict, expect_status: int = 200) -> dict:
    """POST a JSON `body` with `headers` to the ingest URL; the answer must be `expect_status`."""
    request = urllib.request.Request(  # noqa: S310 - the live server's http URL on 127.0.0.1
        ingest_url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        response = urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as refused:
        response = refused
    with response:
        assert response.status == expect_status
        return json.loads(response.read())


def stripe_event(event_id: str, event_type: str, data: dict) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {"object": data},
    }


def log_in_from_email(page: Page, link: str) -> None:
    """Open the emailed link and land on the dashboard, logged in."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def open_section(page: Page, name: str) -> None:
    """Follow a link of the main navigation (opening the drawer first at phone width)."""
    navigation = page.get_by_role("navigation", name="Main navigation")
    burger = page.get_by_role("button", name="Open navigation")
    if burger.is_visible():
        burger.click()
    navigation.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def pick_sender(page: Page, label: str) -> None:
    """Choose `label` in the new-provider dialog's Sender list (typed, then clicked)."""
    dialog = page.get_by_role("dialog", name="New provider")
    dialog.get_by_role("combobox", name="Sender").fill(label)
    page.get_by_role("listbox", name="Sender").get_by_role("option", name=label, exact=True).click()
