"""Demo data: the real divisions of Fengning and what later work adds on top of them.

Every step is idempotent, so ``load-demo`` (and ``serve --demo``) may run any number of times.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from governance.regions.service import load_fengning


async def load_demo(session: AsyncSession) -> dict[str, int]:
    """Load every demo step; return how many rows each step added."""
    return {"regions": await load_fengning(session)}
