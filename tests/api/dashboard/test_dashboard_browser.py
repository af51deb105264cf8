"""Goal: the dashboard works in a real browser at phone width: every indicator is on the page,
charts render as SVG, the demo's morality-bank chart has its value axis, and screenshots are
kept as test artifacts (artifacts/dashboard.png, artifacts/dashboard-morality-bank.png).

Method: the whole demo at a tiny scale (it takes one snapshot), served by uvicorn on a free
127.0.0.1 port in a thread; Debian's headless Chromium driven by Selenium. Not skipped: when
Chromium is missing the test fails and says how to install it (CI installs it, .ci/run).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from api.http.app import create_app
from governance.indicators import repository
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
SERVER_START_SECONDS_MAX = 20
PAGE_LOAD_SECONDS_MAX = 30
PHONE_WIDTH_PX, PAGE_HEIGHT_PX = 412, 2400
WIDEST = """return Array.from(document.querySelectorAll('*'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"""
CHROMIUM_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(people_database_url: str) -> Iterator[str]:
    """The app on 127.0.0.1:<free port> in a thread, stopped after the test."""
    port = _free_port()
    app = create_app(Settings(), people_database_url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS_MAX
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=SERVER_START_SECONDS_MAX)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            "Chromium is missing: `apt-get install -y chromium chromium-driver` "
            "(.ci/run installs it before the tests)."
        )
    profile = tempfile.mkdtemp(prefix="grassroots-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (*CHROMIUM_ARGUMENTS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    # A phone's viewport (Chrome keeps desktop windows wider than a phone).
    metrics = {"width": PHONE_WIDTH_PX, "height": PAGE_HEIGHT_PX, "pixelRatio": 1}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS_MAX)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _indicator_keys(database_url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(database_url, Settings())
        try:
            async with session_scope(create_session_factory(engine)) as session:
                return {row.key for row in await repository.definitions(session)}
        finally:
            await engine.dispose()

    return asyncio.run(read())


@pytest.mark.slow
def test_dashboard_in_headless_chromium(
    people_database_url: str, served: str, browser: webdriver.Chrome
) -> None:
    keys = _indicator_keys(people_database_url)
    browser.get(f"{served}/dashboard")
    sections = browser.find_elements(By.CSS_SELECTOR, "section.indicator")
    found = {section.get_attribute("data-indicator-key") for section in sections}
    assert found == keys
    assert all(section.is_displayed() for section in sections)
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert charts
    viewport_width = browser.execute_script("return document.documentElement.clientWidth")
    assert viewport_width == PHONE_WIDTH_PX
    assert charts[0].size["width"] <= PHONE_WIDTH_PX  # fits the phone's width
    assert "丰宁" in browser.title
    # No horizontal scrolling at phone width.
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    wide = browser.execute_script(WIDEST)
    assert page_width <= PHONE_WIDTH_PX, wide
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "dashboard.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 0
    bank = browser.find_element(By.ID, "morality-bank")
    browser.execute_script("arguments[0].scrollIntoView()", bank)
    assert bank.find_elements(By.CSS_SELECTOR, "svg.chart text.tick"), "no value axis"
    assert bank.size["width"] <= PHONE_WIDTH_PX
    assert bank.screenshot(str(ARTIFACTS / "dashboard-morality-bank.png"))
