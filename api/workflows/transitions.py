"""The timeline step of a case-like workflow (disputes, petitions): one generic type, named
per workflow by a subclass of it specialized to the workflow's action and status enums."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Generic, Self, TypeVar, get_args

import strawberry
from typing_extensions import get_original_bases

from api.auth.types import Role, User
from api.context import Info
from api.workflows.actors import user_by_id

ActionT = TypeVar("ActionT", bound=Enum)
StatusT = TypeVar("StatusT", bound=Enum)


@strawberry.type
class Transition(Generic[ActionT, StatusT]):
    action: ActionT = strawberry.field(description="What happened.")
    from_status: StatusT | None = strawberry.field(description="Before; null at first.")
    to_status: StatusT = strawberry.field(description="After.")
    occurred_at: dt.datetime = strawberry.field(description="When.")
    note: str | None = strawberry.field(description="Note, if any.")
    actor_role: Role = strawberry.field(description="Role the actor acted through.")
    actor_user_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Any) -> Self:
        action, status = get_args(get_original_bases(cls)[0])
        return cls(
            action=action(row.action),
            from_status=status(row.from_status) if row.from_status else None,
            to_status=status(row.to_status),
            occurred_at=row.occurred_at,
            note=row.note,
            actor_role=Role(row.actor_role),
            actor_user_id=row.actor_user_id,
        )

    @strawberry.field(description="Who took the step.")
    async def actor(self, info: Info) -> User | None:
        return await user_by_id(info, self.actor_user_id)
