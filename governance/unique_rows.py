"""Inserting rows a unique constraint guards: a duplicate becomes the caller's refusal.

Services look for a duplicate before inserting and refuse it clearly; two transactions doing so
at once both find none, and the second insert hits the constraint. Inserting in a savepoint and
translating the constraint's name gives that second caller the same refusal as the first check
would have, instead of an internal error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from governance.refusals import Refusal, RefusalCode

# A constraint's name → the refusal's code, field and message.
UniqueRefusals = Mapping[str, tuple[RefusalCode, str, str]]


async def insert_unique(
    session: AsyncSession, rows: Sequence[object], refusals: UniqueRefusals
) -> None:
    """Insert ``rows``; a violation of a constraint named in ``refusals`` raises its refusal."""
    try:
        async with session.begin_nested():
            session.add_all(rows)
            await session.flush()
    except IntegrityError as error:
        constraint = getattr(error.orig, "constraint_name", None) or str(error.orig)
        for name, refusal in refusals.items():
            if name in constraint:
                raise Refusal(*refusal) from None
        raise
