"""Roles, the kind of scope each one carries, and the named sets of roles rules are written with."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    COUNTY_ADMIN = "COUNTY_ADMIN"
    TOWNSHIP_ADMIN = "TOWNSHIP_ADMIN"
    VILLAGE_ADMIN = "VILLAGE_ADMIN"
    GRID_WORKER = "GRID_WORKER"
    MEDIATOR = "MEDIATOR"
    SUPERMARKET_CASHIER = "SUPERMARKET_CASHIER"
    # A resident or volunteer: sees their own person and household only.
    RESIDENT = "RESIDENT"


class ScopeKind(enum.StrEnum):
    REGION = "REGION"
    SUPERMARKET = "SUPERMARKET"
    OWN = "OWN"


SCOPE_KIND_BY_ROLE = {
    Role.COUNTY_ADMIN: ScopeKind.REGION,
    Role.TOWNSHIP_ADMIN: ScopeKind.REGION,
    Role.VILLAGE_ADMIN: ScopeKind.REGION,
    Role.GRID_WORKER: ScopeKind.REGION,
    Role.MEDIATOR: ScopeKind.REGION,
    Role.SUPERMARKET_CASHIER: ScopeKind.SUPERMARKET,
    Role.RESIDENT: ScopeKind.OWN,
}

# Every role whose scope is a region: administrators, grid workers and mediators (the staff).
REGION_ROLES = frozenset(
    role for role, kind in SCOPE_KIND_BY_ROLE.items() if kind is ScopeKind.REGION
)

# Named role sets: each set has one name, defined here and nowhere else.
# The committees of the region tree: village, township and county administrators.
ADMIN_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN})
# Administrators and grid workers: who runs grid events and proposes morality-bank awards.
ADMIN_AND_GRID_WORKER_ROLES = ADMIN_ROLES | {Role.GRID_WORKER}
# Administrators and mediators: who records disputes and their mediation.
ADMIN_AND_MEDIATOR_ROLES = ADMIN_ROLES | {Role.MEDIATOR}
COUNTY_ADMIN_ROLES = frozenset({Role.COUNTY_ADMIN})
CASHIER_ROLES = frozenset({Role.SUPERMARKET_CASHIER})
RESIDENT_ROLES = frozenset({Role.RESIDENT})

assert ADMIN_AND_GRID_WORKER_ROLES | {Role.MEDIATOR} == REGION_ROLES, "every region-scoped role"
