"""What every mutation shares: one runner, and business refusals coming back as data.

A mutation takes one ``input`` and returns a payload holding the changed object (null when
refused) and ``userErrors``. Malformed requests (bad ids, limits) are GraphQL errors instead.

``run_mutation`` is the one way a mutation runs its domain action: signed in, inside a
savepoint, a ``Refusal`` turned into a ``UserError``. A refused or failed action is rolled back
to its savepoint, so a refusal never leaves half a change behind; a ``RecordedRefusal``'s
records are written after the rollback (e.g. conflict-of-interest refusals). The audit row of
the mutation, refused or not, is written by the HTTP view when the request ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from governance.refusals import DESCRIPTIONS, RecordedRefusal, Refusal, RefusalCode

T = TypeVar("T")

UserErrorCode = strawberry.enum(  # type: ignore[call-overload]
    Enum(
        "UserErrorCode",
        {
            code.name: strawberry.enum_value(code.value, description=DESCRIPTIONS[code])
            for code in RefusalCode
        },
    ),
    description="Why a mutation was refused: stable codes for clients to switch on.",
)


@strawberry.type(
    description=(
        "Why a mutation was refused. Nothing was changed. `code` is stable (match on it); "
        "`message` is for people."
    )
)
class UserError:
    code: UserErrorCode = strawberry.field(  # type: ignore[valid-type]
        description="Stable machine-readable reason, e.g. `ALREADY_ASSIGNED`; each mutation "
        "lists its codes."
    )
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase), or null if it concerns the whole input."
    )
    message: str = strawberry.field(description="Human-readable explanation (English).")


def user_errors(refusal: Refusal) -> list[UserError]:
    return [UserError(code=refusal.code, field=refusal.field, message=refusal.message)]


UNAUTHENTICATED = Refusal(RefusalCode.UNAUTHENTICATED, None, "Sign in first.")


async def run_mutation(
    info: Info,
    action: Callable[[AsyncSession], Awaitable[T]],
    *,
    target: str | None = None,
    noun: str | None = None,
    savepoint: bool = True,
) -> tuple[T | None, list[UserError]]:
    """Run ``action`` for a signed-in viewer, atomically; a ``Refusal`` becomes ``userErrors``.

    ``target`` names what the mutation acts on in its audit row when known up front (noted even
    when refused); otherwise the result is named ``<noun>:<id>`` (by default its type's name).

    ``savepoint=False`` only for an action that writes nothing before its last refusal (the
    redemption; ``tests/api/bank/test_redemption.py`` fingerprints refused sales).
    """
    if not info.context.viewer.authenticated:
        return None, user_errors(UNAUTHENTICATED)
    if target is not None:
        info.context.audit.target(info, target)

    async def atomic(session: AsyncSession) -> T:
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
        result = await info.context.read(atomic)
    except Refusal as refusal:
        return None, user_errors(refusal)
    identifier = getattr(result, "id", None)
    if target is None and identifier is not None:
        info.context.audit.target(info, f"{noun or type(result).__name__}:{identifier}")
    return result, []
