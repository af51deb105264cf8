"""Who may grant what: the one home of the rules against escalation.

An administrator (county, township, village) manages a grant when its scope lies in the
subtree of one of their administrator grants *and* its role sits at or below that grant's
level. A grant's scope is located by a region code: its own region, the supermarket's region
(cashiers) or the person's region (residents). Region roles carry codes of their level (the
``region_level_matches_role`` CHECK), so a township admin can never reach a county admin's
code; the rank check says the same thing explicitly, so the rule does not hang on the CHECK.
"""

from __future__ import annotations

from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_ROLES, Role
from governance.regions.codes import RegionLevel, code_length, covers

# Lower is higher: an administrator grants roles of their own rank or a greater one.
ROLE_RANK = {
    Role.COUNTY_ADMIN: 0,
    Role.TOWNSHIP_ADMIN: 1,
    Role.VILLAGE_ADMIN: 2,
    Role.GRID_WORKER: 3,
    Role.MEDIATOR: 3,
    Role.SUPERMARKET_CASHIER: 3,
    Role.RESIDENT: 4,
}
assert set(ROLE_RANK) == set(Role), "every role has a rank"

# The region level a region role's code must have; mediators serve at any level.
LEVEL_BY_ROLE = {
    Role.COUNTY_ADMIN: RegionLevel.COUNTY,
    Role.TOWNSHIP_ADMIN: RegionLevel.TOWNSHIP,
    Role.VILLAGE_ADMIN: RegionLevel.VILLAGE,
    Role.GRID_WORKER: RegionLevel.GRID,
}


def region_fits_role(role: Role, region_code: str) -> bool:
    """Whether a region role may be held over ``region_code`` (mirrors the CHECK)."""
    level = LEVEL_BY_ROLE.get(role)
    return level is None or len(region_code) == code_length(level)


def admin_grants(viewer: Viewer) -> tuple[Grant, ...]:
    return tuple(grant for grant in viewer.grants if grant.role in ADMIN_ROLES)


def may_manage(viewer: Viewer, role: Role, location: str | None) -> bool:
    """Whether ``viewer`` may grant or revoke ``role`` over a scope located at ``location``
    (None: a scope the viewer cannot see, which nobody manages)."""
    if location is None:
        return False
    return any(
        grant.region_code is not None
        and covers(grant.region_code, location)
        and ROLE_RANK[role] >= ROLE_RANK[grant.role]
        for grant in admin_grants(viewer)
    )


def may_manage_account(viewer: Viewer, grants: list[tuple[Role, str | None]]) -> bool:
    """An account is in an administrator's scope when each of its grants is (vacuously true
    for an account without grants: it can do nothing until someone grants it a role)."""
    return bool(admin_grants(viewer)) and all(
        may_manage(viewer, role, location) for role, location in grants
    )


# The access token carries every grant of its user (``api.auth.tokens``): bounded.
GRANTS_PER_USER_MAX = 50
