"""The web UI in a real headless Chromium (Debian's, driven by Playwright; never downloaded).

Screenshots of each main page at desktop and phone size go to test-output/web/.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
HERE = Path(__file__).parent

_spec = importlib.util.spec_from_file_location("web_fixtures", HERE / "fixtures" / "web" / "build.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        return f"playwright is not installed: {e}"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _unavailable()
    if problem:
        if os.environ.get("CONTRACTWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app on 127.0.0.1 with a free port, in a thread, over a store of the fixture documents."""
    import uvicorn

    from contractwatch.api import create_app
    from contractwatch.store import Store

    store = Store(str(tmp_path_factory.mktemp("web") / "web.db"))
    ids = fixtures.build(store, filler=40)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "store": store, "ids": ids}
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture
def page(browser, site):
    ctx = browser.new_context(viewport=SIZES["desktop"], accept_downloads=True)
    pg = ctx.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(10_000)
    yield pg
    ctx.close()
    assert not dialogs, f"a script ran: {dialogs}"
    assert not errors, f"errors in the page: {errors}"


def test_screenshots_of_main_pages(browser, site, output_dir):
    ids = site["ids"]
    pages = {"overview": "/", "decisions": "/decisions", "document": f"/documents/{ids['somerset_award.txt']}",
             "buyer": "/buyers/bury-council", "provider": "/providers/allied-healthcare-group",
             "search": "/search?q=home+care", "organisations": "/organisations", "api": "/api/v1/docs"}
    out = output_dir / "web"
    out.mkdir(exist_ok=True)
    for size, viewport in SIZES.items():
        ctx = browser.new_context(viewport=viewport)
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        for name, path in pages.items():
            resp = pg.goto(site["base"] + path)
            assert resp.status == 200, path
            pg.screenshot(path=str(out / f"{size}-{name}.png"), full_page=True)
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {size} size"
        ctx.close()
        assert not errors, errors


def test_search_then_open_a_document_and_see_its_highlights(page, site):
    page.goto(site["base"] + "/")
    page.fill("#topq", "Virgin")
    page.press("#topq", "Enter")
    page.wait_for_url("**/search?q=Virgin")
    hit = page.locator("ol.hits li h2 a").first
    assert "Somerset" in hit.inner_text()
    assert page.locator("ol.hits mark").first.inner_text().lower() == "virgin"
    hit.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text().startswith("Somerset chooses Sirona")
    provider = page.locator("mark.hl.f-providers")
    assert provider.count() == 1 and provider.inner_text() == "Sirona care & health"
    assert "provider (event 1)" in provider.get_attribute("title")
    value = page.locator("mark.hl.f-value")
    assert value.inner_text() == "£1.2bn" and "value" in value.get_attribute("title")
    assert page.locator("mark.hl.f-bidders").count() == 2
    # the legend names each field; choosing one dims the others
    legend = page.locator(".legend .lg")
    assert {"kind", "provider", "bidder", "value", "term"} <= {t.split()[0] for t in legend.all_inner_texts()}
    page.locator(".legend .lg[data-field=providers]").click()
    assert page.locator("#doc-text.focusing").count() == 1
    assert page.locator("#doc-text mark.hl.on").count() == 1
    # the events sit beside the text (desktop) and link to their evidence
    card, text = page.locator(".event-card").first.bounding_box(), page.locator("#doc-text").bounding_box()
    assert card["x"] > text["x"] + text["width"] - 5
    page.locator(".event-card a.ev-link").first.click()
    assert page.evaluate("location.hash").startswith("#ev-1-")
    src = page.get_by_test_id("source-link")
    assert src.get_attribute("href") == "https://www.somerset.nhs.uk/news/community-health-contract"


def test_filter_sort_and_clear_decisions(page, site):
    from contractwatch.store import EventFilter

    store = site["store"]
    page.goto(site["base"] + "/decisions")
    total_all = int(page.get_by_test_id("total").inner_text().replace(",", ""))
    assert total_all == store.counts()["events"]
    page.locator("input[name=category][value=home_care]").check()  # submits the form by itself (JS)
    page.wait_for_url("**/decisions?*category=home_care*")
    expected = store.events(EventFilter(category=["home_care"]))[1]
    assert int(page.get_by_test_id("total").inner_text()) == expected
    page.locator("input[name=kind][value=end]").check()
    page.wait_for_url("**kind=end*")
    assert int(page.get_by_test_id("total").inner_text()) == store.events(
        EventFilter(kind=["end"], category=["home_care"]))[1] >= 1
    assert set(page.locator("table.events tbody td.k .badge").all_inner_texts()) == {"end"}
    # sort by value, then clear one filter with its chip
    page.locator("thead th a", has_text="Value").click()
    page.wait_for_url("**sort=value*")
    page.locator(".chips a", has_text="kind").click()
    page.wait_for_url(lambda url: "kind" not in url)
    assert int(page.get_by_test_id("total").inner_text()) == expected
    assert "sort=value" in page.url
    page.locator("a", has_text="Clear all").click()
    assert int(page.get_by_test_id("total").inner_text().replace(",", "")) == total_all


def test_follow_organisation_links(page, site):
    page.goto(site["base"] + f"/documents/{site['ids']['allied_end.txt']}")
    page.locator(".event-card a", has_text="Hampshire County Council").click()
    page.wait_for_url("**/buyers/hampshire-county-council")
    assert page.locator("h1").inner_text() == "Hampshire County Council"
    page.locator("table.plain a", has_text="Allied Healthcare Group").first.click()
    page.wait_for_url("**/providers/allied-healthcare-group")
    assert page.locator("h1").inner_text() == "Allied Healthcare Group"
    ended = page.locator("#ended")
    assert "Homecare" in ended.inner_text() and "2024-03-31" in ended.inner_text()


def test_download_csv_of_the_current_filter(page, site, tmp_path):
    from contractwatch.cli import CSV_COLUMNS
    from contractwatch.store import EventFilter

    page.goto(site["base"] + "/decisions?category=home_care")
    with page.expect_download() as dl:
        page.locator(".downloads a", has_text="CSV").click()
    path = tmp_path / "d.csv"
    dl.value.save_as(path)
    assert dl.value.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(path.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == site["store"].events(EventFilter(category=["home_care"]))[1]
    assert all("home_care" in r[CSV_COLUMNS.index("categories")] for r in rows[1:])


def test_markup_in_a_document_is_shown_never_run(page, site):
    page.goto(site["base"] + f"/documents/{site['ids']['script_injection.txt']}")
    text = page.locator("#doc-text").inner_text()
    assert '<script>alert("owned")</script>' in text and "<b>Acme & Sons Care</b> Ltd" in text
    assert '"<img src=x onerror=alert(1)>"' in text and "5 < 6 > 4" in text
    assert page.locator("#doc-text img, #doc-text script, #doc-text b").count() == 0
    assert page.locator("h1").inner_text() == "<script>alert('title')</script> Supported Living"
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(site["base"] + "/decisions?q=alert")
    assert page.locator("table.events b, table.events i, table.events script").count() == 0
    # (the page fixture fails the test if any dialog opened)


def test_readable_and_usable_without_javascript(browser, site):
    ctx = browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site["base"] + "/decisions")
    assert pg.locator("details.filter-box[open]").count() == 1  # open when no script closes it
    pg.locator("input[name=kind][value=insource]").check()
    pg.locator(".filters button[type=submit]").click()
    pg.wait_for_url("**kind=insource*")
    assert set(pg.locator("table.events td.k .badge").all_inner_texts()) == {"insource"}
    pg.goto(site["base"] + f"/documents/{site['ids']['wirral_insource.txt']}")
    assert pg.locator("mark.hl").count() >= 6 and pg.locator(".legend .lg").count() >= 6
    assert "in house" in "".join(pg.locator("mark.hl.f-kind").all_inner_texts())
    pg.goto(site["base"] + "/")
    assert pg.locator("svg.chart[role=img] title").count() >= 3
    ctx.close()
