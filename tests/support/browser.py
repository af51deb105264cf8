"""A real server and a real browser for tests: the app under uvicorn on a free 127.0.0.1 port
in a thread, and Debian's headless Chromium driven by Selenium — optionally with the network
cut off, everything but the loopback address unreachable (village offices without internet).

Not skipped: when Chromium is missing the test fails and says how to install it (CI installs
it, .ci/run).
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from starlette.applications import Starlette

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SERVER_START_SECONDS_MAX = 20
PAGE_LOAD_SECONDS_MAX = 60
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
# No name resolves but the loopback address, and whatever escapes that (an address literal)
# goes to a proxy on a closed port: `<-loopback>` keeps 127.0.0.1 direct and nothing else.
OFFLINE_ARGUMENTS = (
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """``app`` on http://127.0.0.1:<free port> in a thread, stopped on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS_MAX
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=SERVER_START_SECONDS_MAX)


@contextmanager
def chromium(*, offline: bool) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile; ``offline``: only 127.0.0.1 is reachable."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            "Chromium is missing: `apt-get install -y chromium chromium-driver` "
            "(.ci/run installs it before the tests)."
        )
    profile = tempfile.mkdtemp(prefix="grassroots-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    arguments = (*CHROMIUM_ARGUMENTS, *(OFFLINE_ARGUMENTS if offline else ()))
    for argument in (*arguments, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS_MAX)
    driver.set_script_timeout(PAGE_LOAD_SECONDS_MAX)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
