"""Goal: /dashboard is public HTML with one section per indicator (value, target, plan sentence),
a chart per indicator by township with its target line, and the ledger's points by month.

Method: the hand-built county plus a few POINTS transfers, fetched over the real ASGI app
(httpx, no browser: the browser test is ``test_dashboard_browser``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

import ledger
from api.http.app import create_app
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from ledger import TransferKind
from tests.ledger.factories import create_account, transfer
from tests.support import indicators as fixture


@pytest.fixture
async def http(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        await fixture.build(session)
        pool = await create_account(session, "scheme:1:pool")
        household = await create_account(session, "scheme:1:household:1")
        till = await create_account(session, "supermarket:1:till")
        await ledger.create_transfers(
            session,
            [
                transfer(pool, household, 50),
                transfer(pool, household, 20, kind=TransferKind.PENDING, timeout_seconds=3600),
                transfer(household, till, 15),
            ],
        )
    await engine.dispose()
    app = create_app(Settings(), database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_dashboard_shows_every_indicator_and_charts(http: httpx.AsyncClient) -> None:
    response = await http.get("/dashboard")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    keys = set(re.findall(r'data-indicator-key="([a-z_]+)"', page))
    assert keys == set(fixture.EXPECTED) | fixture.UNAVAILABLE
    assert "每月至少对一起重大信访案件进行听证和会商" in page
    # One chart per indicator ranked by township (not the 2 county-level ones) + the ledger.
    assert page.count("<svg") == len(fixture.EXPECTED) - 1 + 1
    assert "甲镇" in page
    assert "stroke-dasharray" in page  # target lines
    for flow in ("ISSUED", "PENDING", "REDEEMED"):
        assert flow in page, flow
    assert "RETURNED" not in page  # no flow without transfers
    assert 'name="viewport"' in page


async def test_dashboard_for_a_township_and_bad_codes(http: httpx.AsyncClient) -> None:
    township = await http.get("/dashboard", params={"region": fixture.T1})
    assert township.status_code == 200
    assert "三社区" in township.text
    assert (await http.get("/dashboard", params={"region": "12ab"})).status_code == 400
    assert (await http.get("/dashboard", params={"region": "999999"})).status_code == 404
