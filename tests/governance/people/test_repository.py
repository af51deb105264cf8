"""Goal: roster look-ups work for files larger than PostgreSQL's 32,767 bind parameters.

Method: ask for 40,000 ID-card numbers and household numbers in a fresh database.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from governance.people import repository

LOOKUP_SIZE = 40_000


async def test_lookups_take_one_array_parameter(session: AsyncSession) -> None:
    numbers = [f"{n:018d}" for n in range(LOOKUP_SIZE)]
    assert await repository.existing_id_card_numbers(session, numbers) == set()
    assert await repository.households_by_number(session, numbers) == {}
