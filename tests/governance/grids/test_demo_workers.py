"""Goal: the demo follows the plan: every one of the 797 grids has at least one active worker,
officials and cadres in the townships, volunteers (with a source) in the subdistrict.

Method: load the demo at the smallest scale into a fresh database and check with SQL.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.demo import SCALE_MIN, load_demo


async def test_every_grid_has_a_worker(session: AsyncSession) -> None:
    counts = await load_demo(session, scale=SCALE_MIN)
    assert counts["regions"] == 1148
    unstaffed = await session.scalar(
        text(
            "SELECT count(*) FROM regions r WHERE r.level = 'GRID' AND NOT EXISTS "
            "(SELECT 1 FROM grid_assignments a WHERE a.region_code = r.code AND a.ended_on IS NULL)"
        )
    )
    assert unstaffed == 0
    roles = dict(
        (
            await session.execute(
                text(
                    "SELECT substr(region_code, 1, 9) = '130826001', count(DISTINCT role) "
                    "FROM grid_assignments GROUP BY 1"
                )
            )
        ).all()
    )
    assert roles == {True: 1, False: 7}
    again = await load_demo(session, scale=SCALE_MIN)
    assert set(again.values()) == {0}
