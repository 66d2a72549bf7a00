"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: Chromium is /usr/bin/chromium (Debian package `chromium`, which
`make system-deps` installs), or the path in GONGZHI_CHROMIUM. Without it these tests fail
with a clear message; only an explicit SKIP_BROWSER=1 (`make test SKIP_BROWSER=1`) skips
them, and the run's summary then says they were left out (tests/conftest.py).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.inflight import wait_idle

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# build their world are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("GONGZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


SKIP_BROWSER = bool(os.environ.get("SKIP_BROWSER"))


def _unavailable(reason: str):
    pytest.fail(
        f"Browser tests cannot run: {reason}. Install Debian's `chromium` package "
        "(make system-deps, or apt-get install chromium) or set GONGZHI_CHROMIUM; "
        "to run the suite without them: make test SKIP_BROWSER=1.",
        pytrace=False,
    )


def pytest_collection_modifyitems(config, items):
    if SKIP_BROWSER:
        skip = pytest.mark.skip(reason="left out on request (SKIP_BROWSER=1)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _unavailable("the playwright package is not installed")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as exc:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=DESKTOP, locale="zh-CN") → a Page in a fresh context (own cookies).
    The browser asks for Chinese (Accept-Language), as a street office's computers do."""
    contexts = []

    def make(viewport=None, locale="zh-CN"):
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            base_url=live_server.url,
            locale=locale,
            # Our pages answer "no-store": keep the test off any network outside the server.
            service_workers="block",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        return page

    yield make
    for context in contexts:
        context.close()
    # A request the test did not wait for must end before the database is flushed.
    wait_idle()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def browser_users(transactional_db, users):
    """The conftest's `users` (one per role), built in a transactional database so the live
    server's thread sees them."""
    return users


def path_of(page) -> str:
    from urllib.parse import urlparse

    return urlparse(page.url).path


def log_in(page, username, password, totp_key: str | None = None):
    """Fill the log-in form; pass the TOTP step when the role needs it."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form[action='/accounts/login/'] [type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    if totp_key is not None:
        from django_otp.oath import totp

        page.wait_for_url("**/accounts/otp/**")
        page.fill("input[name=code]", f"{totp(bytes.fromhex(totp_key)):06d}")
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state("domcontentloaded")
