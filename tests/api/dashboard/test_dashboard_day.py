"""Goal: the dashboard computes "as of" the county's day from the app's clock: at 07:59 in
Beijing on 1 December (23:59 UTC on 30 November) it reports as of 2026-12-01.

Method: the hand-built county, the real ASGI app with a clock standing at that instant, the
page's "截至" line read.
"""

from __future__ import annotations

import datetime as dt

import httpx

from api.http.app import create_app
from kit.clock import ManualClock
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support import indicators as fixture

BEIJING_MORNING = dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC)


async def test_dashboard_is_as_of_the_countys_day(database_url: str) -> None:
    engine = create_engine(database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        await fixture.build(session)
    await engine.dispose()
    app = create_app(Settings(), database_url, ManualClock(BEIJING_MORNING))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/dashboard")
    assert response.status_code == 200
    assert "截至 2026-12-01" in response.text
