"""Goal: /dashboard is public HTML with one section per indicator (value, target, plan sentence),
a chart per indicator by township with its target line, and the ledger's points by month.

Method: the hand-built county plus a few POINTS transfers, fetched over the real ASGI app
(httpx, no browser: the browser test is ``test_dashboard_browser``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from api.http.app import create_app
from governance.bank.accounts import household_wallet_code
from governance.bank.models import Holder, HolderKind, NameDisplay, Scheme
from governance.people.models import Household
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from ledger import TransferKind
from tests.ledger.factories import create_account, post, transfer, void
from tests.support import indicators as fixture


async def _holder(session: AsyncSession, scheme: Scheme, number: str, village: str) -> int:
    """A household holder in ``village`` with its wallet; returns the wallet's account id."""
    household = Household(number=number, region_code=village)
    session.add(household)
    await session.flush()
    wallet = await create_account(session, household_wallet_code(scheme.id, household.id))
    session.add(
        Holder(
            scheme_id=scheme.id,
            household_id=household.id,
            region_code=village,
            points_account_id=wallet,
        )
    )
    return wallet


async def _points(session: AsyncSession) -> None:
    """Awards in 一村 (V11, township 甲镇): 50 posted at once, 20 announced then posted at the
    deadline, 7 still announced, 3 announced then voided, 4 deducted; 15 redeemed. In 四村 (V21,
    township 乙乡): 1000 posted. Amounts are distinct so each sum names its transfers."""
    pool = await create_account(session, "scheme:1:pool")
    expiry = await create_account(session, "scheme:1:expired")
    scheme = Scheme(
        region_code=fixture.COUNTY,
        name="测试积分",
        holder_kind=HolderKind.HOUSEHOLD,
        announcement_days=7,
        name_display=NameDisplay.MASKED,
        points_per_volunteer_hour=0,
        pool_account_id=pool,
        expiry_account_id=expiry,
    )
    session.add(scheme)
    await session.flush()
    near = await _holder(session, scheme, "HH-DASH-1", fixture.V11)
    far = await _holder(session, scheme, "HH-DASH-2", fixture.V21)
    till = await create_account(session, "supermarket:1:till")
    announced, still_announced, voided = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    hour = {"kind": TransferKind.PENDING, "timeout_seconds": 3600}
    await ledger.create_transfers(
        session,
        [
            transfer(pool, near, 50),
            transfer(pool, near, 20, id=announced, **hour),
            transfer(pool, near, 7, id=still_announced, **hour),
            transfer(pool, near, 3, id=voided, **hour),
            transfer(pool, far, 1000),
        ],
    )
    await ledger.create_transfers(
        session,
        [post(announced), void(voided), transfer(near, pool, 4), transfer(near, till, 15)],
    )


@pytest.fixture
async def http(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        await fixture.build(session)
        await _points(session)
    await engine.dispose()
    app = create_app(Settings(), database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def _points_by_flow(page: str) -> dict[str, int]:
    """The morality-bank chart's columns: flow label -> points (this month's column)."""
    chart = page[page.index('id="morality-bank"') :]
    found = re.findall(r"<title>\d{4}-\d{2} ([^<:]+): (\d+)</title>", chart)
    return {label.split()[-1]: int(points) for label, points in found if int(points)}


def _ticks(page: str) -> list[int]:
    chart = page[page.index('id="morality-bank"') :]
    return [
        int(t.replace(",", "")) for t in re.findall(r'<text class="tick"[^>]*>([\d,]+)<', chart)
    ]


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
    assert "OTHER" not in page
    assert 'name="viewport"' in page


async def test_dashboard_for_a_township_and_bad_codes(http: httpx.AsyncClient) -> None:
    township = await http.get("/dashboard", params={"region": fixture.T1})
    assert township.status_code == 200
    assert "三社区" in township.text
    assert (await http.get("/dashboard", params={"region": "12ab"})).status_code == 400
    assert (await http.get("/dashboard", params={"region": "999999"})).status_code == 404


async def test_morality_bank_chart_counts_posted_awards_as_issued(http: httpx.AsyncClient) -> None:
    """Defect 8: an award posted at the end of its announcement was filed under OTHER."""
    page = (await http.get("/dashboard")).text
    assert _points_by_flow(page) == {
        "ISSUED": 50 + 20 + 1000,
        "PENDING": 7,
        "DEDUCTED": 4,
        "REDEEMED": 15,
    }


async def test_morality_bank_chart_follows_the_region(http: httpx.AsyncClient) -> None:
    """Defect 8: ``?region=`` showed the county's points on a township's or a village's page."""
    township = (await http.get("/dashboard", params={"region": fixture.T1})).text
    assert _points_by_flow(township) == {"ISSUED": 70, "PENDING": 7, "DEDUCTED": 4, "REDEEMED": 15}
    village = (await http.get("/dashboard", params={"region": fixture.V21})).text
    assert _points_by_flow(village) == {"ISSUED": 1000}
    empty = (await http.get("/dashboard", params={"region": fixture.V12})).text
    assert "no points transfers yet" in empty


async def test_morality_bank_chart_has_a_value_axis(http: httpx.AsyncClient) -> None:
    """Defect 8: the columns had no scale; the axis's ticks are round and reach the top."""
    county = (await http.get("/dashboard")).text
    assert _ticks(county) == [0, 500, 1000, 1500]
    township = (await http.get("/dashboard", params={"region": fixture.T1})).text
    assert _ticks(township) == [0, 20, 40, 60, 80]
    assert "积分 points" in township
