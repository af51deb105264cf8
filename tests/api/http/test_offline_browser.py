"""Goal: with the network cut off, as in a village office without internet, GraphiQL loads in a
real browser and runs a query, and the printed notice page renders — its QR codes drawn, no
script, laid out on A4 — and its code checks out on the verification form.

Method: the demo (with its 花石社区 announcement) served by uvicorn on 127.0.0.1; Debian's
headless Chromium with every other host unreachable (host-resolver rules and a dead proxy,
tests/support/browser.py), which a fetch of the CDN address strawberry's page used to load
proves; the notice printed to PDF by Chromium itself (Page.printToPDF, the page's own @page
size) and its page size read from the PDF. Screenshots go to artifacts/.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api.http.app import create_app
from kit.settings import Settings
from tests.support.browser import PAGE_LOAD_SECONDS_MAX, chromium, serving

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
CDN_SCRIPT = "https://unpkg.com/react@18.2.0/umd/react.production.min.js"
QUERY = '{ regionByCode(code: "130826") { name } }'
A4_POINTS = (595.28, 841.89)
POINTS_TOLERANCE = 2.0
SCREENSHOT_WIDTH_PX = 900
PRINTABLE_WIDTH_PX = 186 / 25.4 * 96  # A4 less the @page margins, in CSS pixels
FETCH = """const done = arguments[arguments.length - 1];
fetch(arguments[0], {mode: 'no-cors'}).then(() => done('reached'), () => done('blocked'));"""
RESOURCES = "return performance.getEntriesByType('resource').map(entry => entry.name)"


@pytest.fixture
def served(people_database_url: str) -> Iterator[str]:
    with serving(create_app(Settings(), people_database_url)) as url:
        yield url


@pytest.fixture
def offline_browser() -> Iterator[webdriver.Chrome]:
    with chromium(offline=True) as driver:
        yield driver


def _wait(browser: webdriver.Chrome, script: str) -> None:
    WebDriverWait(browser, PAGE_LOAD_SECONDS_MAX).until(lambda b: b.execute_script(script))


@pytest.mark.slow
def test_graphiql_runs_a_query_offline(served: str, offline_browser: webdriver.Chrome) -> None:
    browser = offline_browser
    browser.get(f"{served}/graphql?q={quote(QUERY)}")
    _wait(browser, "return document.querySelector('.graphiql-execute-button') !== null")
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    _wait(
        browser,
        "const r = document.querySelector('.graphiql-response');"
        "return r !== null && r.innerText.includes('丰宁满族自治县')",
    )
    loaded = browser.execute_script(RESOURCES)
    assert any(name.endswith("graphiql@3.8.3.min.js") for name in loaded)
    assert all(name.startswith(served) for name in loaded), loaded
    # The control: what strawberry's own page loads cannot be reached from this browser.
    assert browser.execute_async_script(FETCH, CDN_SCRIPT) == "blocked", "the network is cut"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "graphiql-offline.png"))


def _notice_path(served: str) -> str:
    query = '{ pointsAnnouncements(regionCode: "130826001001") { nodes { noticePagePath } } }'
    response = httpx.post(f"{served}/graphql", json={"query": query})
    [first, *_] = response.json()["data"]["pointsAnnouncements"]["nodes"]
    return str(first["noticePagePath"])


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


@pytest.mark.slow
def test_the_notice_page_prints_on_a4_offline(
    served: str, offline_browser: webdriver.Chrome
) -> None:
    browser = offline_browser
    browser.get(f"{served}{_notice_path(served)}")
    assert browser.execute_async_script(FETCH, CDN_SCRIPT) == "blocked", "the network is cut"
    assert "积分公示" in browser.title
    assert browser.find_elements(By.CSS_SELECTOR, "script") == []
    rows = browser.find_elements(By.CSS_SELECTOR, "table.lines tbody tr")
    cards = browser.find_elements(By.CSS_SELECTOR, ".holder")
    assert rows
    assert 1 <= len(cards) <= len(rows)
    for card in cards:
        qr = card.find_element(By.CSS_SELECTOR, "svg")
        assert qr.size["width"] > 40, "the QR code is drawn (about 20 mm)"
    head = browser.find_element(By.ID, "chain-head").get_attribute("data-hash")
    assert head is not None
    assert re.fullmatch("[0-9a-f]{64}", head)
    width = browser.execute_script("return document.body.scrollWidth")
    assert width <= PRINTABLE_WIDTH_PX + 1, "the page is as wide as A4's printable area"

    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    sizes = _page_sizes(base64.b64decode(printed["data"]))
    assert sizes, "a PDF with pages"
    for page_width, page_height in sizes:
        assert abs(page_width - A4_POINTS[0]) < POINTS_TOLERANCE, sizes
        assert abs(page_height - A4_POINTS[1]) < POINTS_TOLERANCE, sizes
    ARTIFACTS.mkdir(exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(SCREENSHOT_WIDTH_PX, height + 120)  # the whole notice
    assert browser.save_screenshot(str(ARTIFACTS / "notice-offline.png"))

    code = cards[0].get_attribute("data-code")
    assert code
    browser.get(f"{served}/notice/verify")
    browser.find_element(By.NAME, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait(browser, "return document.querySelector('[data-result]') !== null")
    verdict = browser.find_element(By.CSS_SELECTOR, "[data-result]")
    assert verdict.get_attribute("data-result") == "valid"
    assert "有效" in verdict.text
