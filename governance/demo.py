"""Demo data: the real divisions of Fengning and what later work adds on top of them.

Every step is idempotent, so ``load-demo`` (and ``serve --demo``) may run any number of times.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.demo import load_demo_users
from governance.access.passwords import Passwords
from governance.regions.service import load_fengning
from kit.settings import get_settings


async def load_demo(session: AsyncSession) -> dict[str, int]:
    """Load every demo step; return how many rows each step added."""
    counts = {"regions": await load_fengning(session)}
    counts["users"] = await load_demo_users(session, Passwords.from_settings(get_settings()))
    return counts
