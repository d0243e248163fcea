"""The real stack for the browser journey: Django's live server serving the built SPA and the
API, a real Celery worker on the throwaway Redis, and the emails it sends captured as files."""

import importlib.util
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
    # Playwright cannot download its own browsers here; Debian's chromium is installed.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@dataclass
class Stack:
    url: str
    email_dir: Path

    def emails(self) -> list[str]:
        """Every email sent so far, oldest first, as the raw text the file backend wrote."""
        files = sorted(self.email_dir.glob("*.log"), key=lambda path: path.stat().st_mtime_ns)
        return [path.read_text() for path in files]


@pytest.fixture(scope="session")
def stack(live_server, request, tmp_path_factory):
    """The live server's URL becomes PUBLIC_BASE_URL, so the links in emails and the ingest
    URLs the dashboard shows point at it; the worker starts only once that URL is known."""
    if not DIST_INDEX.is_file():
        pytest.exit(f"{DIST_INDEX} is missing: build the SPA first (make test-e2e does).", 2)
    from django.conf import settings
    from django.test import override_settings

    if settings.WHITENOISE_ROOT is None:
        pytest.exit("WHITENOISE_ROOT is unset: frontend/dist did not exist at start-up.", 2)

    url = live_server.url
    email_dir = tmp_path_factory.mktemp("emails")
    overrides = {
        "PUBLIC_BASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(email_dir),
    }
    # The worker is a separate process: it reads these from its environment at start-up.
    os.environ.update(overrides)
    with override_settings(**overrides):
        request.getfixturevalue("celery_worker")
        yield Stack(url=url, email_dir=email_dir)


@pytest.fixture(scope="session")
def base_url(stack):
    """Relative `page.goto("/login")` calls resolve against the live server."""
    return stack.url


@pytest.fixture
def shoot(page):
    """`shoot("providers")` saves artifacts/screenshots/NN-providers.png of the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def capture(name: str, target=None) -> Path:
        path = SCREENSHOTS / f"{next(counter):02d}-{name}.png"
        (target or page).screenshot(path=path, full_page=True)
        return path

    return capture
