"""The API docs work under the Content-Security-Policy and load nothing from elsewhere."""

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect


def test_the_api_docs_render_from_hooklanes_own_files(page: Page, stack, no_csp_violations):
    origins: set[str] = set()
    page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))

    response = page.goto("/api/docs/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Hooklane API")).to_be_visible()
    expect(page.get_by_text("/api/v1/logs/", exact=True).first).to_be_visible()
    assert origins == {urlsplit(stack.url).netloc}
