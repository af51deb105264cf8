"""Account administration by the people who run the county: creating accounts, deactivating
and reactivating them, granting and revoking roles (rules in ``grant_rules``).

Every step is refused with a ``Refusal`` and changes nothing then (the mutation runner rolls
back to its savepoint). An account outside the caller's scope reads as absent
(``USER_NOT_FOUND``), like rows outside it elsewhere. Nobody changes their own account or
grants, and the county keeps at least one active administrator.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import account_queries as queries
from governance.access import repository
from governance.access.grant_rules import (
    GRANTS_PER_USER_MAX,
    admin_grants,
    may_manage,
    may_manage_account,
    region_fits_role,
)
from governance.access.models import DISPLAY_NAME_LENGTH_MAX, RoleGrant, SessionEnd, User
from governance.access.passwords import Passwords
from governance.access.principal import Viewer
from governance.access.residents import person_ended
from governance.access.roles import SCOPE_KIND_BY_ROLE, Role, ScopeKind
from governance.access.service import normalize_username
from governance.refusals import Refusal, RefusalCode, forbidden

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
# 15 random bytes: 20 URL-safe characters, 120 bits (no guessing, and short enough to type).
ONE_TIME_CODE_BYTES = 15


@dataclass(frozen=True, slots=True)
class NewAccount:
    username: str
    display_name: str
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class CreatedAccount:
    """The new account and its one-time code: the code is its only password, shown once and
    stored only as its hash, to be changed at the first sign-in (``password_changes``)."""

    user: User
    one_time_code: str


@dataclass(frozen=True, slots=True)
class GrantRequest:
    username: str
    role: Role
    region_code: str | None = None
    supermarket_id: int | None = None
    person_id: int | None = None


def _require_admin(viewer: Viewer, what: str) -> None:
    if not admin_grants(viewer):
        raise forbidden(what)


async def create_account(
    session: AsyncSession, passwords: Passwords, viewer: Viewer, new: NewAccount
) -> CreatedAccount:
    _require_admin(viewer, "create accounts")
    username = _valid_username(new.username)
    display_name = _valid_display_name(new.display_name)
    if new.person_id is not None:
        located = await queries.person_location(session, new.person_id)
        if located is None or not may_manage(viewer, Role.RESIDENT, located[0]):
            raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No such person in reach.")
        if await person_ended(session, new.person_id):
            raise Refusal(RefusalCode.PERSON_ENDED, "personId", "This person's record ended.")
    if await repository.user_by_username(session, username) is not None:
        raise Refusal(RefusalCode.USERNAME_TAKEN, "username", "The username is taken.")
    code = secrets.token_urlsafe(ONE_TIME_CODE_BYTES)
    user = User(
        username=username,
        password_hash=await passwords.hash_async(code),
        display_name=display_name,
        person_id=new.person_id,
        active=True,
        failed_sign_in_count=0,
        password_change_required=True,
    )
    repository.add(session, user)
    await session.flush()
    return CreatedAccount(user, code)


def _valid_username(text: str) -> str:
    username = normalize_username(text)
    if not USERNAME_PATTERN.fullmatch(username):
        raise Refusal(RefusalCode.USERNAME_INVALID, "username", "The username is not valid.")
    return username


def _valid_display_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise Refusal(RefusalCode.REQUIRED, "displayName", "Give a display name.")
    if len(name) > DISPLAY_NAME_LENGTH_MAX:
        raise Refusal(RefusalCode.TOO_LONG, "displayName", "The display name is too long.")
    return name


async def managed_user(session: AsyncSession, viewer: Viewer, username: str) -> User:
    """The account named ``username``, locked, if ``viewer`` manages it; else USER_NOT_FOUND."""
    _require_admin(viewer, "manage accounts")
    user = await queries.user_for_update(session, normalize_username(username))
    if user is not None:
        located = await queries.located_grants(session, [user.id])
        pairs = [(row.grant.role, row.location) for row in located]
        if may_manage_account(viewer, pairs):
            return user
    raise Refusal(RefusalCode.USER_NOT_FOUND, "username", "No such account in your scope.")


def not_own(viewer: Viewer, user: User) -> None:
    if user.id == viewer.user_id:
        raise Refusal(RefusalCode.OWN_ACCOUNT, "username", "Ask another administrator.")


async def deactivate_account(
    session: AsyncSession, viewer: Viewer, username: str, *, now: datetime
) -> User:
    """Deactivate an account (idempotent) and end its sessions: its access tokens stop working
    at the next request."""
    _require_admin(viewer, "manage accounts")
    county_admins = await queries.lock_county_admins(session)
    user = await managed_user(session, viewer, username)
    not_own(viewer, user)
    for holders in county_admins.values():
        _keep_a_county_admin(holders, user.id)
    user.active = False
    await session.flush()
    await repository.end_live_sessions(session, user.id, SessionEnd.REVOKED, now)
    return user


async def reactivate_account(session: AsyncSession, viewer: Viewer, username: str) -> User:
    """Let an account sign in again (idempotent), with a clean failure count."""
    user = await managed_user(session, viewer, username)
    not_own(viewer, user)
    user.active = True
    user.failed_sign_in_count = 0
    user.locked_until = None
    await session.flush()
    return user


async def grant_role(session: AsyncSession, viewer: Viewer, request: GrantRequest) -> User:
    user = await managed_user(session, viewer, request.username)
    not_own(viewer, user)
    row = await _grant_row(session, viewer, user.id, request)
    existing = await queries.located_grants(session, [user.id])
    if await queries.matching_grant(session, user.id, row) is not None or (
        row.role is Role.RESIDENT and any(g.grant.role is Role.RESIDENT for g in existing)
    ):
        raise Refusal(RefusalCode.ALREADY_GRANTED, "role", "The user holds this already.")
    if len(existing) >= GRANTS_PER_USER_MAX:
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, "role", "The user holds too many grants.")
    repository.add(session, row)
    user.grants_version += 1
    await session.flush()
    return user


async def revoke_role(session: AsyncSession, viewer: Viewer, request: GrantRequest) -> User:
    _require_admin(viewer, "manage accounts")
    county_admins = await queries.lock_county_admins(session)
    user = await managed_user(session, viewer, request.username)
    wanted = await _grant_row(session, viewer, user.id, request)
    row = await queries.matching_grant(session, user.id, wanted)
    if row is None:
        raise Refusal(RefusalCode.GRANT_NOT_FOUND, "role", "The user holds no such grant.")
    if row.role is Role.COUNTY_ADMIN:
        assert row.region_code is not None
        _keep_a_county_admin(county_admins.get(row.region_code, set()), user.id)
    not_own(viewer, user)
    await session.delete(row)
    user.grants_version += 1
    await session.flush()
    return user


def _keep_a_county_admin(holders: set[int], user_id: int) -> None:
    """Refuse a change that takes ``user_id`` from a county's active administrators
    (``holders``) when nobody else is left."""
    if user_id in holders and not holders - {user_id}:
        raise Refusal(RefusalCode.LAST_COUNTY_ADMIN, "role", "The county needs an administrator.")


async def _grant_row(
    session: AsyncSession, viewer: Viewer, user_id: int, request: GrantRequest
) -> RoleGrant:
    """The grant asked for, checked: its scope fits its role, exists, and ``viewer`` manages it
    (FORBIDDEN otherwise: above their level or outside their subtree)."""
    kind = SCOPE_KIND_BY_ROLE[request.role]
    _scope_fits(request, kind)
    row = RoleGrant(
        user_id=user_id,
        role=request.role,
        region_code=request.region_code,
        supermarket_id=request.supermarket_id,
        person_id=request.person_id,
    )
    location = await _locate(session, row, kind)
    if not may_manage(viewer, request.role, location):
        raise forbidden(f"grant or revoke {request.role.value} there")
    return row


def _scope_fits(request: GrantRequest, kind: ScopeKind) -> None:
    given = {
        ScopeKind.REGION: request.region_code,
        ScopeKind.SUPERMARKET: request.supermarket_id,
        ScopeKind.OWN: request.person_id,
    }
    if any((value is not None) != (scope is kind) for scope, value in given.items()):
        raise Refusal(RefusalCode.SCOPE_INVALID, "role", "Name the one scope the role takes.")
    if request.region_code is not None and not region_fits_role(request.role, request.region_code):
        raise Refusal(RefusalCode.SCOPE_INVALID, "regionCode", "The region's level does not fit.")


async def _locate(session: AsyncSession, row: RoleGrant, kind: ScopeKind) -> str:
    if kind is ScopeKind.REGION:
        assert row.region_code is not None
        if not await queries.region_exists(session, row.region_code):
            raise Refusal(RefusalCode.REGION_NOT_FOUND, "regionCode", "No such region.")
        return row.region_code
    if kind is ScopeKind.SUPERMARKET:
        assert row.supermarket_id is not None
        region = await queries.supermarket_region(session, row.supermarket_id)
        if region is None:
            raise Refusal(RefusalCode.SUPERMARKET_NOT_FOUND, "supermarketId", "No such market.")
        return region
    assert row.person_id is not None
    located = await queries.person_location(session, row.person_id)
    if located is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No such person in reach.")
    if await person_ended(session, row.person_id):
        raise Refusal(RefusalCode.PERSON_ENDED, "personId", "This person's record ended.")
    row.household_id = located[1]
    return located[0]


@dataclass(frozen=True, slots=True)
class Account:
    """An account as its administrators see it: the row and its grants."""

    user: User
    grants: tuple[RoleGrant, ...]


def _listing_conditions(viewer: Viewer, search: str | None) -> list[ColumnElement[bool]]:
    roots = [grant.region_code for grant in admin_grants(viewer) if grant.region_code]
    conditions = [queries.in_scope(roots)]
    if search and search.strip():
        conditions.append(queries.search_condition(search.strip()))
    return conditions


async def accounts_page(
    session: AsyncSession, viewer: Viewer, search: str | None, after: str | None, limit: int
) -> list[Account]:
    """Accounts in ``viewer``'s scope by username (none for anyone but administrators)."""
    users = await queries.users_page(session, _listing_conditions(viewer, search), after, limit)
    return await accounts_of(session, users)


async def accounts_of(session: AsyncSession, users: list[User]) -> list[Account]:
    located = await queries.located_grants(session, [user.id for user in users]) if users else []
    grants: dict[int, list[RoleGrant]] = {user.id: [] for user in users}
    for row in located:
        grants[row.grant.user_id].append(row.grant)
    return [Account(user, tuple(grants[user.id])) for user in users]


async def accounts_count(session: AsyncSession, viewer: Viewer, search: str | None) -> int:
    return await queries.users_count(session, _listing_conditions(viewer, search))
