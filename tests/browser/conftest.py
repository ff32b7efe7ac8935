"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a downloaded
browser. Everything under tests/browser/ is marked `browser`: `make test` leaves them out,
`.ci/run` runs them (`pytest -m browser`)."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
    # tests themselves are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Factory of pages in fresh browser contexts (separate cookies), French locale."""
    contexts = []

    def make(java_script_enabled=True, **options):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                      java_script_enabled=java_script_enabled, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


# Runs in every watched page before its own scripts (through the DevTools protocol, which the
# page's CSP does not govern): turns each violation event into a console message.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


class PageWatch:
    """What a page did: every request, every CSP violation, every other console error and
    every uncaught exception."""

    def __init__(self, page):
        self.requests, self.violations, self.errors = [], [], []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("request", lambda request: self.requests.append(request))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message):
        if "CSP-VIOLATION" in message.text or "Content Security Policy" in message.text:
            self.violations.append(message.text)
        elif message.type == "error":
            self.errors.append(message.text)

    def to(self, path_part, method=None):
        """The requests whose URL contains `path_part` (and of that method)."""
        return [request for request in self.requests
                if path_part in request.url and method in (None, request.method)]


@pytest.fixture
def watch():
    """watch(page) -> PageWatch, to call before the page's first navigation."""
    return PageWatch
