"""What the create / change / end mutations of the institutions' records share: running a
``governance`` service function with the request's viewer and clock, and their descriptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.mutations import UserError, run_mutation
from governance.access.principal import Viewer

T = TypeVar("T")
Edit = Callable[[AsyncSession, Viewer, dt.datetime], Awaitable[T]]

WHO = (
    "County admins anywhere, township admins in their township (villages included), village "
    "admins in their village."
)
EXPECTED_VERSION = "The `version` you read; refused with STALE_VERSION if it changed since."
REASON = "Why (kept in the history)."
ERRORS = "Why it was refused (empty on success)."
VERSION = "The version to pass back as `expectedVersion` when changing or ending it."
HISTORY = "Every recorded change (who, when, from → to, why), oldest first."


async def run_edit(info: Info, edit: Edit[T], noun: str) -> tuple[T | None, list[UserError]]:
    """``edit`` with the caller and the request's clock, through ``run_mutation``."""
    viewer, now = info.context.viewer, info.context.clock.now()
    return await run_mutation(info, lambda session: edit(session, viewer, now), noun=noun)
