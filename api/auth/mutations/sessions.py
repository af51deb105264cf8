"""Ending sign-in sessions: one's own (`endSession`), or every session of an account in an
administrator's scope (`endUserSessions`). Both take effect at once: the ended sessions'
access tokens answer 401 at the next request. Rules in ``governance.access.sessions``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.accounts import UserAccount
from api.auth.sessions import SESSION_TYPE, SignInSession
from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.access import accounts, sessions
from governance.access.models import USERNAME_LENGTH_MAX
from governance.access.service import normalize_username


@strawberry.input(description="The session to end.")
class EndSessionInput:
    session_id: strawberry.ID = strawberry.field(
        description="Global id of one of your `SignInSession`s (see `viewer { sessions }`)."
    )


@strawberry.type(description="Result of `endSession`.")
class EndSessionPayload:
    session: SignInSession | None = strawberry.field(
        description="The session, now ended; null if refused."
    )
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="The account whose sessions to end.")
class EndUserSessionsInput:
    username: str = strawberry.field(description="The account's username.")


@strawberry.type(description="Result of `endUserSessions`.")
class EndUserSessionsPayload:
    user: UserAccount | None = strawberry.field(description="The account; null if refused.")
    ended_count: int = strawberry.field(description="How many live sessions ended (0 if none).")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class SessionMutations:
    @strawberry.mutation(
        description=(
            "End one of your sign-in sessions (the current one too: a sign-out); its tokens "
            "stop working at once. Refusal codes: SESSION_NOT_FOUND (also: another's session, "
            "or one ended already)."
        )
    )
    async def end_session(
        self,
        info: Info,
        input: Annotated[EndSessionInput, strawberry.argument(description="The session.")],
    ) -> EndSessionPayload:
        session_id = decode_global_id(input.session_id, SESSION_TYPE, "sessionId")
        viewer, now = info.context.viewer, info.context.clock.now()
        ended, errors = await run_mutation(
            info,
            lambda session: sessions.end_own_session(session, viewer, session_id, now=now),
            target=f"session:{session_id}",
        )
        return EndSessionPayload(
            session=SignInSession.from_live(ended) if ended else None, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "End every sign-in session of an account in your scope (a lost device, a suspected "
            "leak): its access tokens stop working at once, and it must sign in again. "
            "Refusal codes: FORBIDDEN, USER_NOT_FOUND (also: not in your scope), OWN_ACCOUNT."
        )
    )
    async def end_user_sessions(
        self,
        info: Info,
        input: Annotated[EndUserSessionsInput, strawberry.argument(description="The account.")],
    ) -> EndUserSessionsPayload:
        viewer, now = info.context.viewer, info.context.clock.now()

        async def end(session: AsyncSession) -> tuple[accounts.Account, int]:
            user, count = await sessions.end_user_sessions(session, viewer, input.username, now=now)
            [account] = await accounts.accounts_of(session, [user])
            return account, count

        target = f"user:{normalize_username(input.username)[:USERNAME_LENGTH_MAX]}"
        result, errors = await run_mutation(info, end, target=target)
        if result is None:
            return EndUserSessionsPayload(user=None, ended_count=0, user_errors=errors)
        account, count = result
        return EndUserSessionsPayload(
            user=UserAccount.from_account(account), ended_count=count, user_errors=errors
        )
