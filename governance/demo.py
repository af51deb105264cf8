"""Demo data: the real divisions of Fengning and what later work adds on top of them.

Every step is idempotent (a step that finds its table filled adds nothing), so ``load-demo``
(and ``serve --demo``) may run any number of times. Everything random is seeded.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from governance.grids.demo import load_grid_workers
from governance.people.demo import DEMO_SEED, load_residents
from governance.people.service import Progress
from governance.regions.divisions import FENGNING_CODE
from governance.regions.service import load_fengning

DEMO_SCALE_DEFAULT = 0.01
# Below this some villages would be left without adults to staff their grids.
SCALE_MIN = 0.001
# Demo "today": fixed so ages, tags and dates do not drift between runs.
DEMO_TODAY = dt.date(2026, 11, 25)


def _no_progress(_rows: int) -> None:
    return None


async def load_demo(
    session: AsyncSession, scale: float = DEMO_SCALE_DEFAULT, progress: Progress = _no_progress
) -> dict[str, int]:
    """Load every demo step; return how many rows each step added."""
    assert SCALE_MIN <= scale <= 1
    counts = {"regions": await load_fengning(session)}
    counts["persons"] = await load_residents(session, FENGNING_CODE, scale, DEMO_TODAY, progress)
    counts["grid_assignments"] = await load_grid_workers(
        session, FENGNING_CODE, DEMO_SEED, DEMO_TODAY
    )
    return counts
