"""Who may do what in the morality bank: decided on the ``Viewer`` (token), never on input.

Every check goes through ``governance.access.scope`` (the one scoping rule): a region role
covers its subtree, a cashier their supermarket, a resident their own person and household.
"""

from __future__ import annotations

from governance.access.principal import Viewer
from governance.access.roles import (
    ADMIN_AND_GRID_WORKER_ROLES,
    ADMIN_ROLES,
    CASHIER_ROLES,
    RESIDENT_ROLES,
)
from governance.access.scope import Target, target_in_scope


def administers(viewer: Viewer, region_code: str) -> bool:
    """Who runs a scheme and reviews its awards: the village committee, or any level above."""
    return target_in_scope(viewer, Target(region_code), ADMIN_ROLES)


def may_propose(viewer: Viewer, target: Target) -> bool:
    """Administrators or grid workers (who know their households) covering the holder's region,
    or a resident declaring for their own holder."""
    if target_in_scope(viewer, target, ADMIN_AND_GRID_WORKER_ROLES):
        return True
    return target_in_scope(viewer, target, RESIDENT_ROLES)


def cashier_of(viewer: Viewer, supermarket_id: int) -> bool:
    return target_in_scope(viewer, Target(None, supermarket_id=supermarket_id), CASHIER_ROLES)
