"""Accounts as their administrators see them, and the `users` list (scoped: an administrator
sees the accounts whose grants all lie in their subtree; anyone else sees none)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.auth.types import RoleGrant, global_id
from api.context import Info
from api.errors import BadUserInput
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    build_connection,
    connection_field,
)
from governance.access import accounts
from governance.access.models import USERNAME_LENGTH_MAX
from governance.access.models import RoleGrant as RoleGrantRow
from governance.access.principal import Grant

SEARCH_LENGTH_MAX = 100


@strawberry.type(description="A user account, as the administrators in its scope see it.")
class UserAccount:
    username: str = strawberry.field(description="Sign-in name (lowercase); identifies it.")
    display_name: str = strawberry.field(description="Name to show.")
    active: bool = strawberry.field(description="False once deactivated: it cannot sign in.")
    created_at: datetime = strawberry.field(description="When the account was created.")
    last_sign_in_at: datetime | None = strawberry.field(
        description="The last successful sign-in; null if never."
    )
    person_node_id: strawberry.ID | None = strawberry.field(
        description="Global id of the `Person` the account belongs to, if linked."
    )
    grants: list[RoleGrant] = strawberry.field(description="Roles and scopes it holds.")

    @classmethod
    def from_account(cls, account: accounts.Account) -> UserAccount:
        user = account.user
        return cls(
            username=user.username,
            display_name=user.display_name,
            active=user.active,
            created_at=user.created_at,
            last_sign_in_at=user.signed_in_at,
            person_node_id=global_id("Person", user.person_id),
            grants=[RoleGrant.from_grant(_grant(row)) for row in account.grants],
        )


def _grant(row: RoleGrantRow) -> Grant:
    return Grant(
        role=row.role,
        region_code=row.region_code,
        supermarket_id=row.supermarket_id,
        person_id=row.person_id,
        household_id=row.household_id,
    )


@strawberry.type
class AccountQueries:
    @connection_field(
        description=(
            "User accounts in your scope (administrators: those whose grants all lie in your "
            "subtree, and those without grants; anyone else: none), by username. `search` "
            f"matches username or display name (at most {SEARCH_LENGTH_MAX} characters). "
            f"Page size at most {PAGE_SIZE_MAX}."
        ),
        forward_only=True,
    )
    async def users(
        self,
        info: Info,
        page: PageRequest,
        search: Annotated[
            str | None, strawberry.argument(description="Part of a username or display name.")
        ] = None,
    ) -> Connection[UserAccount]:
        if search is not None and len(search) > SEARCH_LENGTH_MAX:
            raise BadUserInput(f"`search` is longer than {SEARCH_LENGTH_MAX} characters.")
        viewer = info.context.viewer
        after = page.after
        if after is not None and len(after) > USERNAME_LENGTH_MAX:
            raise BadUserInput("Malformed cursor.")
        rows = await info.context.read(
            lambda session: accounts.accounts_page(session, viewer, search, after, page.limit + 1)
        )
        return build_connection(
            rows,
            page,
            key=lambda account: account.user.username,
            to_node=UserAccount.from_account,
            count_total=lambda: info.context.read(
                lambda session: accounts.accounts_count(session, viewer, search)
            ),
        )
