"""Who may read which entity: one table of read rules, applied to every governance read.

``governance.listing`` (pages, counts, per-parent pages, batched lookups) takes the viewer as a
required argument and calls ``restrict`` on every statement it builds, so a resolver cannot
read a scoped table without the rule being applied. A model without a rule is a bug: reading it
fails an assertion (closed, never open).

The policy:

- PUBLIC: anyone, anonymous included. Regions (the official division tree is published), the
  bank's catalog, and its announcements (公示, a public procedure; names as each scheme allows).
- STAFF: any viewer holding a region role (county/township/village admin, grid worker,
  mediator), county-wide: governance centers and their staff, facilities, service posts,
  insurance figures, social organizations, mediation committees and mediators. These describe
  institutions, not residents; cashiers and residents do not need them (minimum necessary).
- SCOPED: ``apply_region_scope`` with the entity's scope columns. Persons, households and grid
  assignments: region roles within their subtree (a grid worker: their grid), a resident their
  own person and household (and their own grid assignments), nobody else.

People reached through a STAFF entity (a mediator's person, a center's staff member's person)
are still persons: the SCOPED rule decides whether they are shown.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, true

from governance.access.models import User
from governance.access.principal import Viewer
from governance.access.roles import REGION_ROLES
from governance.access.scope import apply_region_scope
from governance.bank.models import (
    Announcement,
    Application,
    Holder,
    Rule,
    RuleVersion,
    Scheme,
    SetAsideEntry,
)
from governance.centers.models import CenterStaffMember, GovernanceCenter
from governance.facilities.models import InsuranceParticipation, ServiceFacility, ServicePost
from governance.grids.models import GridAssignment
from governance.indicators.models import IndicatorSnapshot, RegionDesignation
from governance.mediation.models import MediationCommittee, Mediator
from governance.organizations.models import SocialOrganization
from governance.people.models import Household, Person, RegionCount
from governance.regions.models import Region
from governance.supermarkets.models import (
    Goods,
    GoodsPrice,
    Receipt,
    StockAdjustment,
    StockIn,
    Supermarket,
)
from governance.volunteering.models import Certificate, Volunteer

S = TypeVar("S", bound=Select[Any])


class Audience(enum.Enum):
    PUBLIC = "PUBLIC"
    STAFF = "STAFF"
    SCOPED = "SCOPED"
    # The owning domain module supplies the condition (itself built on apply_region_scope).
    CUSTOM = "CUSTOM"


@dataclass(frozen=True, slots=True)
class ReadRule:
    """How a model's rows are restricted; SCOPED rules name the columns the scope reads."""

    audience: Audience
    person_id_column: str | None = None
    household_id_column: str | None = None
    supermarket_id_column: str | None = None
    condition: Callable[[Viewer], ColumnElement[bool]] | None = None


_PUBLIC = ReadRule(Audience.PUBLIC)
_STAFF = ReadRule(Audience.STAFF)
_REGION_ONLY = ReadRule(Audience.SCOPED)


def _signed_in(viewer: Viewer) -> ColumnElement[bool]:
    return true() if viewer.authenticated else false()


READ_RULES: dict[type[Any], ReadRule] = {
    Region: _PUBLIC,
    Person: ReadRule(Audience.SCOPED, person_id_column="id", household_id_column="household_id"),
    Household: ReadRule(Audience.SCOPED, household_id_column="id"),
    GridAssignment: ReadRule(Audience.SCOPED, person_id_column="person_id"),
    # Counts of current persons and households per region: region roles within their subtree
    # (governance.people.counts reads them for the viewer's roots; row security agrees).
    RegionCount: _REGION_ONLY,
    GovernanceCenter: _STAFF,
    CenterStaffMember: _STAFF,
    ServiceFacility: _STAFF,
    ServicePost: _STAFF,
    InsuranceParticipation: _STAFF,
    SocialOrganization: _STAFF,
    MediationCommittee: _STAFF,
    Mediator: _STAFF,
    # The plan's indicators are public aggregates; designations are public honours.
    IndicatorSnapshot: _PUBLIC,
    # The bank's catalog is public notice: schemes, rules, supermarkets and their goods.
    Scheme: _PUBLIC,
    Rule: _PUBLIC,
    RuleVersion: _PUBLIC,
    Supermarket: _PUBLIC,
    Goods: _PUBLIC,
    # Write-offs and stocktakes are accounted in public, like the donations received.
    StockAdjustment: _PUBLIC,
    # A goods' price history and the stock received (donors disclosed): public like the goods.
    GoodsPrice: _PUBLIC,
    StockIn: _PUBLIC,
    # Bank records: region roles in their subtree; residents their own; a cashier the receipts
    # of their supermarket. (The bank's queries apply the same rule through apply_region_scope.)
    Holder: ReadRule(
        Audience.SCOPED, person_id_column="person_id", household_id_column="household_id"
    ),
    Application: _REGION_ONLY,
    # 公示 is public notice: anyone, anonymous included, reads a village's announcements. What
    # they show of an entry is the notice board's (governance.bank.notice): names only as the
    # scheme's display policy allows, never the entry itself (Application stays scoped).
    Announcement: _PUBLIC,
    # Entries settlement set aside: staff of the region (bankHealth narrows it to admins).
    SetAsideEntry: _REGION_ONLY,
    Receipt: ReadRule(
        Audience.SCOPED,
        person_id_column="person_id",
        household_id_column="household_id",
        supermarket_id_column="supermarket_id",
    ),
    # Activities and sign-ups: governance.volunteering.repository registers their rules.
    Volunteer: ReadRule(Audience.SCOPED, person_id_column="person_id"),
    Certificate: ReadRule(Audience.SCOPED, person_id_column="person_id"),
    RegionDesignation: _PUBLIC,
    # Names of actors in timelines: any signed-in viewer (usernames and display names only).
    User: ReadRule(Audience.CUSTOM, condition=_signed_in),
}


def register_read_rule(model: type[Any], condition: Callable[[Viewer], Any]) -> None:
    """A domain module's own rule for its model (workflows: reporters, admin-only petitions…)."""
    existing = READ_RULES.get(model)
    assert existing is None or existing.condition is condition, f"{model.__name__}: two rules"
    READ_RULES[model] = ReadRule(Audience.CUSTOM, condition=condition)


def read_rule(model: type[Any]) -> ReadRule:
    rule = READ_RULES.get(model)
    assert rule is not None, (
        f"{model.__name__} has no read rule: add one to governance.access.visibility.READ_RULES"
    )
    return rule


def is_staff(viewer: Viewer) -> bool:
    return bool(viewer.roles & REGION_ROLES)


def restrict(statement: S, model: type[Any], viewer: Viewer) -> S:
    """``statement`` (selecting from ``model``) limited to the rows ``viewer`` may read."""
    rule = read_rule(model)
    if rule.audience is Audience.PUBLIC:
        return statement
    if rule.audience is Audience.STAFF:
        return statement if is_staff(viewer) else statement.where(false())
    if rule.audience is Audience.CUSTOM:
        assert rule.condition is not None
        return statement.where(rule.condition(viewer))
    return apply_region_scope(
        statement,
        model.region_code,
        viewer,
        person_id_column=_column(model, rule.person_id_column),
        household_id_column=_column(model, rule.household_id_column),
        supermarket_id_column=_column(model, rule.supermarket_id_column),
    )


def _column(model: type[Any], name: str | None) -> Any:
    return getattr(model, name) if name is not None else None
