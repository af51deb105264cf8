"""Pieces shared by the sign-in mutations."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from api.auth.types import ViewerType
from api.context import Info
from governance.access.service import SignedIn

REFRESH_TOKEN_LENGTH_MAX = 100


def now() -> datetime:
    """The real time, deliberately not the app's injectable clock: access tokens are verified
    by PyJWT against the system time and sessions' liveness by PostgreSQL's ``now()``, so
    issuing, lockouts and expiry must share that time base. The injectable clock governs the
    domain's deadlines and the county's days (``kit.clock.local_day``)."""
    return datetime.now(UTC)


@strawberry.type(description="Credentials of a signed-in session.")
class Credentials:
    access_token: str = strawberry.field(
        description="Send as `Authorization: Bearer <accessToken>`; short-lived."
    )
    access_token_expires_at: datetime = strawberry.field(
        description="When the access token stops working."
    )
    refresh_token: str = strawberry.field(
        description="Exchange it with `refreshToken` before it expires; works once."
    )
    refresh_token_expires_at: datetime = strawberry.field(
        description="When the refresh token stops working."
    )
    viewer: ViewerType = strawberry.field(description="Who signed in, with roles and scopes.")
    password_change_required: bool = strawberry.field(
        description=(
            "The password was reset: the session holds no role until `changePassword` "
            "succeeds; then refresh the token."
        )
    )


def credentials_of(info: Info, signed_in: SignedIn) -> Credentials:
    access = info.context.require_authentication().tokens.issue(signed_in.viewer, now())
    return Credentials(
        access_token=access.token,
        access_token_expires_at=access.expires_at,
        refresh_token=signed_in.refresh_token,
        refresh_token_expires_at=signed_in.refresh_token_expires_at,
        viewer=ViewerType.from_viewer(signed_in.viewer),
        password_change_required=signed_in.password_change_required,
    )


def audit_session(info: Info, signed_in: SignedIn) -> None:
    viewer = signed_in.viewer
    info.context.audit.target(info, f"user:{viewer.user_id}", f"session:{viewer.session_id}")
