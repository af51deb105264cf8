"""The authenticated principal of a request: who they are and what they hold, as values.

The API builds a ``Viewer`` from a verified access token; the domain decides with it. A
``Viewer`` never touches the database, so it can be passed anywhere and compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.access.roles import REGION_ROLES, SCOPE_KIND_BY_ROLE, Role, ScopeKind


@dataclass(frozen=True, slots=True)
class Grant:
    """One role over one scope: a region subtree, a supermarket, or one's own person/household."""

    role: Role
    region_code: str | None = None
    supermarket_id: int | None = None
    person_id: int | None = None
    household_id: int | None = None

    def __post_init__(self) -> None:
        kind = SCOPE_KIND_BY_ROLE[self.role]
        assert (self.region_code is not None) == (kind is ScopeKind.REGION), self
        assert (self.supermarket_id is not None) == (kind is ScopeKind.SUPERMARKET), self
        assert (self.person_id is not None) == (kind is ScopeKind.OWN), self
        assert self.household_id is None or kind is ScopeKind.OWN, self


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: int | None
    session_id: int | None
    grants: tuple[Grant, ...] = ()
    # ``users.grants_version`` when the grants were read: a request is refused once it moved.
    grants_version: int = 0

    def __post_init__(self) -> None:
        assert (self.user_id is None) == (self.session_id is None), self
        assert self.user_id is not None or not self.grants, "anonymous viewers hold no grants"

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.grants)

    def region_codes(self, roles: frozenset[Role] = REGION_ROLES) -> tuple[str, ...]:
        """Roots of the region subtrees this viewer holds through any of ``roles``."""
        return tuple(
            grant.region_code
            for grant in self.grants
            if grant.role in roles and grant.region_code is not None
        )


ANONYMOUS = Viewer(user_id=None, session_id=None)
