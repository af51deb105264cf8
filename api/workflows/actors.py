"""Who took a recorded step: a user (shown by display name) or the clock."""

from __future__ import annotations

from api.auth.types import User
from api.context import Info
from governance.access.models import User as UserRow


async def user_by_id(info: Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row: UserRow | None = await info.context.loaders.events.users.load(user_id)
    assert row is not None, "actor ids are foreign keys"
    return User(username=row.username, display_name=row.display_name)
