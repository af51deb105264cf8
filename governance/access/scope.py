"""THE scoping rule: what a viewer may see of any entity that carries a ``region_code``.

Every repository query for a scoped entity goes through ``apply_region_scope``; single rows
already in hand go through ``target_in_scope`` (same rule, in Python; a test holds the two
equal over the whole Fengning tree). A viewer sees a row when one of their grants covers it:

- a region role (county/township/village admin, grid worker, mediator) covers the row's region
  and everything below it: ``code <= row.region_code < code || U+FFFF`` (collation "C");
- a cashier covers rows of their supermarket;
- a resident covers rows of their own person or household.

Anonymous viewers, and grants whose kind the entity has no column for, cover nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.regions.codes import covers, under

S = TypeVar("S", bound=Select[Any])
T = TypeVar("T")
# A mapped attribute (``Person.region_code``) or any column expression.
Column = ColumnElement[T] | InstrumentedAttribute[T]


def apply_region_scope(
    statement: S,
    region_code_column: Column[str],
    viewer: Viewer,
    *,
    supermarket_id_column: Column[int] | None = None,
    person_id_column: Column[int] | None = None,
    household_id_column: Column[int] | None = None,
    roles: frozenset[Role] | None = None,
) -> S:
    """``statement`` restricted to rows ``viewer`` may see (optionally through ``roles`` only)."""
    columns = _ScopeColumns(
        region_code_column, supermarket_id_column, person_id_column, household_id_column
    )
    grants = [grant for grant in viewer.grants if roles is None or grant.role in roles]
    conditions = [c for grant in grants if (c := columns.condition(grant)) is not None]
    if not conditions:
        return statement.where(false())
    return statement.where(or_(*conditions))


@dataclass(frozen=True, slots=True)
class _ScopeColumns:
    region_code: Column[str]
    supermarket_id: Column[int] | None
    person_id: Column[int] | None
    household_id: Column[int] | None

    def condition(self, grant: Grant) -> ColumnElement[bool] | None:
        if grant.region_code is not None:
            return under(self.region_code, grant.region_code)
        if grant.supermarket_id is not None and self.supermarket_id is not None:
            return self.supermarket_id == grant.supermarket_id
        if grant.person_id is not None:
            return self._own(grant)
        return None

    def _own(self, grant: Grant) -> ColumnElement[bool] | None:
        """A resident's own person, or anything of their household (a household row itself)."""
        conditions: list[ColumnElement[bool]] = []
        if self.person_id is not None:
            conditions.append(self.person_id == grant.person_id)
        if grant.household_id is not None and self.household_id is not None:
            conditions.append(self.household_id == grant.household_id)
        return or_(*conditions) if conditions else None


@dataclass(frozen=True, slots=True)
class Target:
    """A row already loaded, described by the columns the scoping rule reads."""

    region_code: str | None
    supermarket_id: int | None = None
    person_id: int | None = None
    household_id: int | None = None


def grant_covers(grant: Grant, target: Target) -> bool:
    if grant.region_code is not None:
        return target.region_code is not None and covers(grant.region_code, target.region_code)
    if grant.supermarket_id is not None:
        return grant.supermarket_id == target.supermarket_id
    if grant.person_id is not None:
        own_person = target.person_id is not None and grant.person_id == target.person_id
        own_household = grant.household_id is not None and grant.household_id == target.household_id
        return own_person or own_household
    return False


def target_in_scope(viewer: Viewer, target: Target, roles: frozenset[Role] | None = None) -> bool:
    """The Python twin of ``apply_region_scope`` for one row."""
    return any(
        grant_covers(grant, target)
        for grant in viewer.grants
        if roles is None or grant.role in roles
    )
