"""Running a mutation's domain action: signed in, inside a savepoint, refusals as data.

A refused action is rolled back to its savepoint, so a refusal never leaves half a change
behind (a ``RecordedRefusal``'s records are written afterwards, e.g. conflict-of-interest
refusals). The request boundary commits as usual.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.mutations import UserError
from governance.refusals import RecordedRefusal, Refusal

T = TypeVar("T")


def user_errors(refusal: Refusal) -> list[UserError]:
    return [UserError(code=refusal.code, field=refusal.field, message=refusal.message)]


UNAUTHENTICATED = UserError(code="UNAUTHENTICATED", field=None, message="Sign in first.")


async def perform(
    info: Info, action: Callable[[AsyncSession], Awaitable[T]], *, savepoint: bool = True
) -> tuple[T | None, list[UserError]]:
    """Run ``action`` for a signed-in viewer; a ``Refusal`` becomes ``userErrors``.

    ``savepoint=False`` is for actions that undo their own refusals (the redemption's hot path).
    """
    if not info.context.viewer.authenticated:
        return None, [UNAUTHENTICATED]

    async def guarded(session: AsyncSession) -> T:
        if not savepoint:
            return await action(session)
        try:
            async with session.begin_nested():
                return await action(session)
        except RecordedRefusal as refusal:
            session.add_all(refusal.records)
            await session.flush()
            raise

    try:
        result = await info.context.read(guarded)
    except Refusal as refusal:
        return None, user_errors(refusal)
    _audit_target(info, result)
    return result, []


def _audit_target(info: Info, result: object) -> None:
    """Name what the mutation changed in its audit row, e.g. ``ReceiptView:12``."""
    identifier = getattr(result, "id", None)
    if identifier is not None:
        info.context.audit.target(info, f"{type(result).__name__}:{identifier}")
