"""Sign-in mutations, one module each; ``AuthMutations`` is the root Mutation mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.mutations.accounts import AccountMutations
from api.auth.mutations.login import LoginInput, LoginPayload, login
from api.auth.mutations.logout import LogoutInput, LogoutPayload, logout
from api.auth.mutations.passwords import PasswordMutations
from api.auth.mutations.refresh_token import (
    RefreshTokenInput,
    RefreshTokenPayload,
    refresh_token,
)
from api.auth.mutations.sessions import SessionMutations
from api.context import Info


@strawberry.type
class AuthMutations(AccountMutations, PasswordMutations, SessionMutations):
    @strawberry.mutation(
        description=(
            "Sign in with a username and password. Returns a short-lived access token (send it "
            "as `Authorization: Bearer <token>`) and a refresh token. Repeated failures delay "
            "further attempts and finally lock the account for a while."
        )
    )
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, strawberry.argument(description="Username and password.")],
    ) -> LoginPayload:
        return await login(info, input)

    @strawberry.mutation(
        description=(
            "Exchange a refresh token for a new access token and a new refresh token. Each "
            "refresh token works once: presenting a used one ends the whole session."
        )
    )
    async def refresh_token(
        self,
        info: Info,
        input: Annotated[RefreshTokenInput, strawberry.argument(description="The refresh token.")],
    ) -> RefreshTokenPayload:
        return await refresh_token(info, input)

    @strawberry.mutation(
        description="Sign out: end the session the refresh token belongs to (all its tokens)."
    )
    async def logout(
        self,
        info: Info,
        input: Annotated[
            LogoutInput, strawberry.argument(description="A refresh token of the session.")
        ],
    ) -> LogoutPayload:
        return await logout(info, input)
