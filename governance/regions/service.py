"""Loading the official divisions and their grids."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from governance.regions import repository
from governance.regions.divisions import (
    FENGNING_CSV,
    HEBEI_CSV,
    Division,
    plan_grids,
    read_divisions,
    read_province,
)


async def load_fengning(session: AsyncSession, path: Path = FENGNING_CSV) -> int:
    """Insert the county, townships, villages and 797 grids; re-running inserts nothing."""
    return await _load(session, read_divisions(path))


async def load_province(session: AsyncSession, path: Path = HEBEI_CSV) -> int:
    """Insert the province, cities, counties, townships, villages and grids of a villages file
    (Hebei by default); re-running inserts nothing. A county loaded before as the root (by
    ``load_fengning``) is hung under its city."""
    return await _load(session, read_province(path))


async def _load(session: AsyncSession, divisions: list[Division]) -> int:
    inserted = await repository.insert_divisions(session, divisions)
    inserted += await repository.insert_divisions(session, plan_grids(divisions))
    return inserted
