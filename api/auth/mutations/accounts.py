"""Account administration: create, deactivate and reactivate accounts, grant and revoke roles.

Each runs on ``run_mutation`` (audited, atomic); the rules live in
``governance.access.accounts`` and ``governance.access.grant_rules``. No password is taken:
a new account gets a one-time code, returned once in the payload and stored only as a hash.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.auth.accounts import UserAccount
from api.auth.types import Role
from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.access import accounts
from governance.access.models import USERNAME_LENGTH_MAX, User
from governance.access.roles import Role as RoleValue
from governance.access.service import normalize_username

USERNAME = "The account's username."
GRANT_CODES = (
    "USER_NOT_FOUND (also: not in your scope), OWN_ACCOUNT, SCOPE_INVALID, REGION_NOT_FOUND, "
    "SUPERMARKET_NOT_FOUND, PERSON_NOT_FOUND (also: not one you may see), FORBIDDEN (a role "
    "above yours, or a scope outside your subtree)"
)


@strawberry.input(description="A new account: who it is for. No password: see `oneTimeCode`.")
class CreateUserInput:
    username: str = strawberry.field(
        description="3-64 lowercase letters, digits, `.`, `-`, `_` (stored lowercase)."
    )
    display_name: str = strawberry.field(description="Name to show (at most 100 characters).")
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Global id of the account owner's `Person`, if any."
    )


@strawberry.type(description="Result of `createUser`.")
class CreateUserPayload:
    user: UserAccount | None = strawberry.field(description="The new account; null if refused.")
    one_time_code: str | None = strawberry.field(
        description=(
            "The account's first password, shown this once and stored only as a hash: hand it "
            "to its owner, who signs in with it."
        )
    )
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="The account to deactivate.")
class DeactivateUserInput:
    username: str = strawberry.field(description=USERNAME)


@strawberry.input(description="The account to reactivate.")
class ReactivateUserInput:
    username: str = strawberry.field(description=USERNAME)


@strawberry.input(description="A role over one scope: exactly the scope the role takes.")
class RoleGrantInput:
    username: str = strawberry.field(description=USERNAME)
    role: Role = strawberry.field(description="The role.")
    region_code: str | None = strawberry.field(
        default=None,
        description="Region roles: the region, of the role's level (mediators: any level).",
    )
    supermarket_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Cashiers: global id of the `Supermarket`."
    )
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Residents: global id of their `Person` (and so household)."
    )


@strawberry.input(description="The role to grant.")
class GrantRoleInput(RoleGrantInput):
    pass


@strawberry.input(description="The role to revoke, as it was granted.")
class RevokeRoleInput(RoleGrantInput):
    pass


@strawberry.type(description="Result of a change to an account.")
class UserAccountPayload:
    user: UserAccount | None = strawberry.field(description="The account; null if refused.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


def _grant_request(input: RoleGrantInput) -> accounts.GrantRequest:
    return accounts.GrantRequest(
        username=input.username,
        role=RoleValue[input.role.name],
        region_code=input.region_code,
        supermarket_id=decode_global_id(input.supermarket_id, "Supermarket", "supermarketId")
        if input.supermarket_id is not None
        else None,
        person_id=decode_global_id(input.person_id, "Person", "personId")
        if input.person_id is not None
        else None,
    )


async def _account_payload(
    info: Info, action: Callable[[AsyncSession], Awaitable[User]], username: str
) -> UserAccountPayload:
    async def changed(session: AsyncSession) -> accounts.Account:
        [account] = await accounts.accounts_of(session, [await action(session)])
        return account

    target = f"user:{normalize_username(username)[:USERNAME_LENGTH_MAX]}"
    account, errors = await run_mutation(info, changed, target=target)
    return UserAccountPayload(
        user=UserAccount.from_account(account) if account else None, user_errors=errors
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description=(
            "Create an account (administrators: county, township, village). It holds no role "
            "until `grantRole`. Refusal codes: FORBIDDEN, USERNAME_INVALID, USERNAME_TAKEN, "
            "REQUIRED, TOO_LONG, PERSON_NOT_FOUND (also: not in your subtree)."
        )
    )
    async def create_user(
        self,
        info: Info,
        input: Annotated[CreateUserInput, strawberry.argument(description="The account.")],
    ) -> CreateUserPayload:
        new = accounts.NewAccount(
            username=input.username,
            display_name=input.display_name,
            person_id=decode_global_id(input.person_id, "Person", "personId")
            if input.person_id is not None
            else None,
        )
        viewer, passwords = info.context.viewer, info.context.require_authentication().passwords

        async def create(session: AsyncSession) -> tuple[accounts.Account, str]:
            created = await accounts.create_account(session, passwords, viewer, new)
            [account] = await accounts.accounts_of(session, [created.user])
            return account, created.one_time_code

        result, errors = await run_mutation(info, create)
        if result is None:
            return CreateUserPayload(user=None, one_time_code=None, user_errors=errors)
        account, code = result
        info.context.audit.target(info, f"user:{account.user.id}")
        return CreateUserPayload(
            user=UserAccount.from_account(account), one_time_code=code, user_errors=errors
        )

    @strawberry.mutation(
        description=(
            "Deactivate an account in your scope: it can no longer sign in, and its sessions "
            "end at once (its access tokens stop working). Idempotent. Refusal codes: "
            "FORBIDDEN, USER_NOT_FOUND (also: not in your scope), OWN_ACCOUNT, LAST_COUNTY_ADMIN."
        )
    )
    async def deactivate_user(
        self,
        info: Info,
        input: Annotated[DeactivateUserInput, strawberry.argument(description="The account.")],
    ) -> UserAccountPayload:
        viewer, now = info.context.viewer, info.context.clock.now()
        return await _account_payload(
            info,
            lambda session: accounts.deactivate_account(session, viewer, input.username, now=now),
            input.username,
        )

    @strawberry.mutation(
        description=(
            "Let a deactivated account in your scope sign in again (failed sign-ins forgotten). "
            "Idempotent. Refusal codes: FORBIDDEN, USER_NOT_FOUND (also: not in your scope), "
            "OWN_ACCOUNT."
        )
    )
    async def reactivate_user(
        self,
        info: Info,
        input: Annotated[ReactivateUserInput, strawberry.argument(description="The account.")],
    ) -> UserAccountPayload:
        viewer = info.context.viewer
        return await _account_payload(
            info,
            lambda session: accounts.reactivate_account(session, viewer, input.username),
            input.username,
        )

    @strawberry.mutation(
        description=(
            "Grant a role at or below your own level, over a scope inside your subtree, to an "
            "account in your scope (never your own). Refusal codes: "
            + GRANT_CODES
            + ", ALREADY_GRANTED (also: a second resident grant), COUNT_OUT_OF_RANGE."
        )
    )
    async def grant_role(
        self,
        info: Info,
        input: Annotated[GrantRoleInput, strawberry.argument(description="The grant.")],
    ) -> UserAccountPayload:
        viewer, request = info.context.viewer, _grant_request(input)
        return await _account_payload(
            info, lambda session: accounts.grant_role(session, viewer, request), input.username
        )

    @strawberry.mutation(
        description=(
            "Revoke a role you could grant from an account in your scope (never your own). "
            "Refusal codes: " + GRANT_CODES + ", GRANT_NOT_FOUND, LAST_COUNTY_ADMIN."
        )
    )
    async def revoke_role(
        self,
        info: Info,
        input: Annotated[RevokeRoleInput, strawberry.argument(description="The grant.")],
    ) -> UserAccountPayload:
        viewer, request = info.context.viewer, _grant_request(input)
        return await _account_payload(
            info, lambda session: accounts.revoke_role(session, viewer, request), input.username
        )
