"""A user's sign-in sessions as they see them (`viewer { sessions }`)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from governance.access.sessions import LiveSession

SESSION_TYPE = "SignInSession"


@strawberry.type(
    description=(
        "A sign-in session of yours: one per sign-in, alive until signed out, ended or "
        "revoked. End it with `endSession`."
    )
)
class SignInSession:
    id: strawberry.ID = strawberry.field(description="Global id, for `endSession`.")
    created_at: datetime = strawberry.field(description="When it was signed in.")
    last_refreshed_at: datetime | None = strawberry.field(
        description="When its latest refresh token was issued (at sign-in, then at each refresh)."
    )
    current: bool = strawberry.field(description="True for the session making this request.")

    @classmethod
    def from_live(cls, row: LiveSession) -> SignInSession:
        return cls(
            id=strawberry.ID(relay.to_base64(SESSION_TYPE, row.id)),
            created_at=row.created_at,
            last_refreshed_at=row.last_refreshed_at,
            current=row.current,
        )
