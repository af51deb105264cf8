"""The timeline step of a case-like workflow (disputes, petitions): one generic type, named
per workflow by a subclass that says which action and status enums its rows hold."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry

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
    # The workflow's enums (type[Any]: a ClassVar cannot name the type variables).
    action_enum: ClassVar[type[Any]]
    status_enum: ClassVar[type[Any]]

    @classmethod
    def from_row(cls, row: Any) -> Self:
        status = cls.status_enum
        return cls(
            action=cls.action_enum(row.action),
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
