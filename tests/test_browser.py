"""The built site in headless Chromium: the journeys a maintainer takes, without errors.

Drives Debian's Chromium with Playwright (no browser download). Without a Chromium the
tests are skipped, unless SCRAPERSKY_REQUIRE_BROWSER=1 (set by CI), when they fail.
Every visited page is saved as a screenshot in test-artifacts/browser/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading

import pytest
from conftest import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts" / "browser"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str | None:
    configured = os.environ.get("SCRAPERSKY_CHROMIUM")
    if configured:
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        if os.environ.get("SCRAPERSKY_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium found, and SCRAPERSKY_REQUIRE_BROWSER=1")
        pytest.skip("no Chromium on this machine (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(built_site):
    """The built site served on a free localhost port."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Visit:
    """A browser page that records JavaScript errors and saves a screenshot of each page."""

    def __init__(self, browser, name: str) -> None:
        self.page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.name = re.sub(r"[^\w.-]+", "_", name).strip("_")
        self.shots = 0
        self.page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss())
        )

    def shot(self) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.shots}.png"), full_page=True)

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.shot()

    def close(self) -> None:
        self.page.close()
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs


@pytest.fixture()
def visit(browser, request):
    session = Visit(browser, request.node.name)
    yield session
    session.close()


def test_landing_card_leads_to_the_services_index(visit, site):
    visit.goto(f"{site}/index.html")
    cards = visit.page.locator(".sd-card")
    assert cards.count() == 4
    visit.page.locator(".sd-card", has_text="background services").first.click()
    visit.page.wait_for_load_state("networkidle")
    visit.shot()
    assert visit.page.url.endswith("/generated/services/index.html")
    assert visit.page.locator("h1").first.inner_text().startswith("Services")
    assert (
        visit.page.locator("table.scrapersky-table a", has_text="process_pending_domains").count()
        == 1
    )


def test_import_chain_diagram_links_to_module_pages(visit, site):
    page_url = (
        f"{site}/generated/services/src.services.domain_scheduler.process_pending_domains.html"
    )
    visit.goto(page_url)
    diagram = visit.page.locator("section[id$='-imports'] object").first
    diagram.scroll_into_view_if_needed()
    assert diagram.is_visible()
    svg_url = diagram.get_attribute("data")
    frame = next(
        frame for frame in visit.page.frames if frame.url.endswith(svg_url.rsplit("/", 1)[1])
    )
    hrefs = frame.evaluate(
        "[...document.querySelectorAll('a')].map(a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || a.getAttribute('href')).filter(Boolean)"
    )
    assert len(hrefs) >= 5
    assert all(href.endswith(".html") or ".html#" in href for href in hrefs)
    # click the node of the metadata extractor: the whole page opens that module's API page
    node = frame.locator("g.node", has_text="metadata_extractor").first
    node.click()
    visit.page.wait_for_load_state("networkidle")
    visit.shot()
    assert visit.page.url.endswith("/apidocs/src/src.scraper.metadata_extractor.html"), (
        svg_url,
        visit.page.url,
    )
    assert "src.scraper.metadata_extractor" in visit.page.locator("h1").first.inner_text()


def test_finding_link_from_a_work_order(visit, site):
    visit.goto(f"{site}/backend/work-orders/background-services-audit.html")
    visit.page.locator("table a", has_text="FLOW4-BBAA6829").first.click()
    visit.page.wait_for_load_state("networkidle")
    visit.shot()
    assert re.search(r"/generated/findings/FLOW4\.html#FLOW4-BBAA6829$", visit.page.url)
    need = visit.page.locator("#FLOW4-BBAA6829")
    assert need.is_visible()
    assert "planned" in visit.page.locator("body").inner_text()


def test_search_reaches_a_service_page(visit, site):
    visit.goto(f"{site}/index.html")
    box = visit.page.locator("input[name='q']").first
    box.fill("process_pending_domains")
    box.press("Enter")
    visit.page.wait_for_url(re.compile(r"search\.html"))
    visit.page.locator("#search-results a", has_text="process_pending_domains").first.wait_for()
    visit.shot()
    visit.page.locator("#search-results a", has_text="process_pending_domains").first.click()
    visit.page.wait_for_load_state("networkidle")
    visit.shot()
    assert "process_pending_domains" in visit.page.url


def test_search_reaches_an_api_page(visit, site):
    """The API pages come from a build of their own; their words are in the site's search."""
    visit.goto(f"{site}/search.html?q=UUIDPrimaryKeyMixin")
    result = visit.page.locator("#search-results a", has_text="src.models.base").first
    result.wait_for()
    visit.shot()
    result.click()
    visit.page.wait_for_load_state("networkidle")
    visit.shot()
    assert re.search(r"/apidocs/src/src\.models\.base\.html", visit.page.url)
    assert visit.page.locator("text=UUIDPrimaryKeyMixin").first.is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "backend/guide.html",
        "generated/status-flow.html",
        "generated/routers.html",
        "architecture/background-services.html",
        "audit/index.html",
        "generated/findings/index.html",
        "reference/configuration.html",
    ],
)
def test_pages_load_without_javascript_errors(visit, site, path):
    visit.goto(f"{site}/{path}")
    assert visit.page.locator("h1").count() >= 1
