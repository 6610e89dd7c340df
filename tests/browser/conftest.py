"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
`live_server`. We never download a browser; without /usr/bin/chromium the tests skip."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test's thread (its calls
# switch into that loop through greenlets), so Django's async-safety guard sees "a running event
# loop" and raises SynchronousOnlyOperation on every ORM call a test makes, although the test is
# plain synchronous code and never shares a connection with a coroutine. The loop lives as long
# as the session-scoped browser, so the guard must stay off for the rest of the process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Tall enough that the admin's drag-and-drop never reaches the edge that scrolls the page.
VIEWPORT = {"width": 1280, "height": 1600}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts (fresh cookies and storage) on the live server; closed after."""
    contexts = []

    def open_context(**options):
        options = {"locale": "en-GB", "timezone_id": "Europe/London", "viewport": VIEWPORT, **options}
        context = browser.new_context(base_url=live_server.url, **options)
        # Fail in seconds, not Playwright's default 30 s, when something is missing.
        context.set_default_timeout(5_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot to /tmp/browser-NAME.png, for a person to look at."""

    def take(page, name):
        page.screenshot(path=f"/tmp/browser-{name}.png", full_page=True)

    return take


@pytest.fixture
def log_in(live_server):
    """Sign in through the portal's own sign-in form, then go to `next_path`."""

    def sign_in(page, user, next_path, password="correct-horse-battery"):
        page.goto(f"/accounts/login/?next={next_path}")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}{next_path}")

    return sign_in
