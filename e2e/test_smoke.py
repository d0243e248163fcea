"""The built SPA is served by Django on the live server."""

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.django_db(transaction=True)
def test_it_serves_the_dashboard_from_django(page: Page, stack, shoot):
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Hooklane")).to_be_visible()
    shoot("landing")
