"""Who may do what in the morality bank: decided on the ``Viewer`` (token), never on input.

Every check goes through ``governance.access.scope`` (the one scoping rule): a region role
covers its subtree, a cashier their supermarket, a resident their own person and household.
"""

from __future__ import annotations

from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.access.scope import Target, target_in_scope

# Who runs a scheme and reviews its awards: the village committee, or any level above it.
ADMIN_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN})
# Who may propose an award: staff of the region (grid workers know their households).
PROPOSER_ROLES = ADMIN_ROLES | {Role.GRID_WORKER}
CASHIER_ROLES = frozenset({Role.SUPERMARKET_CASHIER})


def administers(viewer: Viewer, region_code: str) -> bool:
    return target_in_scope(viewer, Target(region_code), ADMIN_ROLES)


def may_propose(viewer: Viewer, target: Target) -> bool:
    """Staff covering the holder's region, or a resident declaring for their own holder."""
    if target_in_scope(viewer, target, PROPOSER_ROLES):
        return True
    return target_in_scope(viewer, target, frozenset({Role.RESIDENT}))


def cashier_of(viewer: Viewer, supermarket_id: int) -> bool:
    return target_in_scope(viewer, Target(None, supermarket_id=supermarket_id), CASHIER_ROLES)
