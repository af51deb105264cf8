"""What the create / change / end mutations of the institutions' records share: running a
``governance`` service function with the request's viewer and clock (the descriptions all
kept records share are in ``api.history``)."""

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

ERRORS = "Why it was refused (empty on success)."


async def run_edit(info: Info, edit: Edit[T], noun: str) -> tuple[T | None, list[UserError]]:
    """``edit`` with the caller and the request's clock, through ``run_mutation``."""
    viewer, now = info.context.viewer, info.context.clock.now()
    return await run_mutation(info, lambda session: edit(session, viewer, now), noun=noun)
