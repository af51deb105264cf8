"""Loading the official divisions and the county's grids."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from governance.regions import repository
from governance.regions.divisions import FENGNING_CSV, fengning_grids, read_divisions


async def load_fengning(session: AsyncSession, path: Path = FENGNING_CSV) -> int:
    """Insert the county, townships, villages and 797 grids; re-running inserts nothing."""
    divisions = read_divisions(path)
    inserted = await repository.insert_divisions(session, divisions)
    inserted += await repository.insert_divisions(session, fengning_grids(divisions))
    return inserted
