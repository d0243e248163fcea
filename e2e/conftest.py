"""The real stack for the browser journey: Django's live server serving the built SPA and the
API, a real Celery worker on the throwaway Redis, and the emails it sends captured as files."""

import importlib.util
import itertools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
DIST_INDEX = REPO / "frontend" / "dist" / "index.html"
SCREENSHOTS = REPO / "artifacts" / "screenshots"

# Playwright's sync API keeps an event loop running in the test's thread, so Django would
# refuse the ORM calls the test makes between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _load_backend_fixtures() -> str:
    """backend/conftest.py is not above e2e/, so pytest would not find its fixtures (the
    real `celery_worker`, the Redis clean-up); load it under a name of its own instead."""
    name = "hooklane_backend_conftest"
    spec = importlib.util.spec_from_file_location(name, BACKEND / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return name


pytest_plugins = [_load_backend_fixtures()]

# The machine has no network beyond loopback: without the last four, Chromium keeps trying
# Google's services and fills the log with refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browsers here: `make test-e2e` unpacks a Chromium
    from the npm registry and names it in CHROMIUM_PATH."""
    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not chromium.is_file():
        pytest.exit(f"No Chromium at {chromium}: run `make test-e2e`, which provides one.", 2)
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium),
        "args": CHROMIUM_ARGS,
    }


@dataclass
class Stack:
    url: str


@pytest.fixture(scope="session")
def public_base_url(live_server):
    """The live server's URL becomes PUBLIC_BASE_URL, so the links in emails and the ingest
    URLs the dashboard shows point at it."""
    if not DIST_INDEX.is_file():
        pytest.exit(f"{DIST_INDEX} is missing: build the SPA first (make test-e2e does).", 2)
    from django.conf import settings
    from django.test import override_settings

    if settings.WHITENOISE_ROOT is None:
        pytest.exit("WHITENOISE_ROOT is unset: frontend/dist did not exist at start-up.", 2)

    url = live_server.url
    # The worker is a separate process and reads these from its environment at start-up.
    os.environ.update({"PUBLIC_BASE_URL": url, "DELIVERY_ALLOW_PRIVATE_DESTINATIONS": "true"})
    # The journey's destination is a local receiver on 127.0.0.1.
    with override_settings(PUBLIC_BASE_URL=url, DELIVERY_ALLOW_PRIVATE_DESTINATIONS=True):
        yield url


@pytest.fixture(scope="session")
def celery_worker_process(public_base_url, celery_worker_process):
    """The backend's real worker, started only once PUBLIC_BASE_URL is known."""
    return celery_worker_process


@pytest.fixture(scope="session")
def stack(public_base_url, celery_worker_process):
    """Server and worker up; the worker's emails are read with the backend's `mailbox`."""
    return Stack(url=public_base_url)


@pytest.fixture(scope="session")
def base_url(stack):
    """Relative `page.goto("/login")` calls resolve against the live server."""
    return stack.url


_shot_numbers = itertools.count(1)


@pytest.fixture
def shoot(page):
    """`shoot("providers")` saves artifacts/screenshots/NN-providers.png of the whole page;
    numbered across the run, so the files sort in the order the journey took."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def capture(name: str, target=None) -> Path:
        path = SCREENSHOTS / f"{next(_shot_numbers):02d}-{name}.png"
        (target or page).screenshot(path=path, full_page=True)
        return path

    return capture


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """The journey's receiving service listens on IPv4 loopback, where the worker forwards."""
    return ("127.0.0.1", 0)


@pytest.fixture
def no_dialogs(page):
    """Any alert/confirm/prompt would mean a payload ran as script: fail loudly."""
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    yield
    assert opened == []


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every page of every test runs under Hooklane's Content-Security-Policy: anything it
    blocks (a script, a style, an image, a request) fails the test that loaded it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    yield
    assert blocked == [], "\n".join(blocked)
