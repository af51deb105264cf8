"""``GET /dashboard[?region=CODE]``: public, server-rendered, no script.

Only aggregates appear (shares and counts per region), never a person, so no sign-in is asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.dashboard.page import render
from governance.indicators import activity, repository, service
from governance.regions.codes import RegionLevel, is_code
from kit.clock import Clock, local_day
from kit.replicas import DatabaseRouter

LEVELS = (
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
)
HEADERS = {
    "Cache-Control": "public, max-age=60",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}


def dashboard(router: DatabaseRouter, clock: Clock) -> Callable[[Request], Awaitable[Response]]:
    """The page, read on a replica when one is usable (``kit.replicas``)."""

    async def handle(request: Request) -> Response:
        code = request.query_params.get("region")
        if code is not None and not is_code(code, *LEVELS):
            return HTMLResponse("<p>region: a 2, 4, 6, 9 or 12 digit code</p>", 400, HEADERS)
        as_of = local_day(clock.now())
        html = await router.read(lambda session: _page(session, code, as_of), user_id=None)
        if html is None:
            return HTMLResponse("<p>No such region.</p>", 404, HEADERS)
        return HTMLResponse(html, headers=HEADERS)

    return handle


async def _page(session: AsyncSession, code: str | None, as_of: dt.date) -> str | None:
    if code is None:
        counties = await repository.top_regions(session)
        region = counties[0] if counties else None
    else:
        region = await service.region_by_code(session, code)
    if region is None:
        return None
    evaluations = await service.evaluate(session, region, as_of)
    points = await activity.points_by_month(session, region.code, as_of)
    return render(region, evaluations, points, as_of)
