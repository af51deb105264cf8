"""Sensitive personal data: unmasked only with a field permission, in scope, for a stated
purpose, and every request to unmask, granted or not, is logged (PIPL: minimum necessary,
specific purpose, records of processing; logs kept at least six months).

A resolver for a sensitive field calls ``reveal`` and shows the value only when it returns
True; otherwise it shows the masked form (see ``governance.people.masking``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.models import PersonalDataAccess, Purpose, SensitiveField
from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_ROLES, CASHIER_ROLES, Role
from governance.access.scope import Target, grant_covers

PURPOSE_DETAIL_LENGTH_MAX = 200
ENTITY_KIND_LENGTH_MAX = 50


@dataclass(frozen=True, slots=True)
class FieldRule:
    """Who may unmask a field (through which roles, in their scope) and for what."""

    roles: frozenset[Role]
    purposes: frozenset[Purpose]


# A first draft of the policy, to be reviewed with the county: health data stays with the
# township's case-management team and above; mediation notes with mediators. Residents hold
# their ID cards: the system never shows a full ID number back to a resident (minimum
# necessary; a resident's scope also covers their household's members).
FIELD_RULES: dict[SensitiveField, FieldRule] = {
    SensitiveField.ID_NUMBER: FieldRule(
        ADMIN_ROLES,
        frozenset(
            {Purpose.IDENTITY_VERIFICATION, Purpose.SERVICE_DELIVERY, Purpose.POVERTY_RELIEF}
        ),
    ),
    SensitiveField.PHONE: FieldRule(
        ADMIN_ROLES | {Role.GRID_WORKER, Role.MEDIATOR, Role.RESIDENT},
        frozenset(
            {Purpose.CONTACT, Purpose.SERVICE_DELIVERY, Purpose.MEDIATION, Purpose.EMERGENCY}
        ),
    ),
    SensitiveField.POVERTY_STATUS: FieldRule(
        ADMIN_ROLES | {Role.RESIDENT},
        frozenset({Purpose.POVERTY_RELIEF, Purpose.SERVICE_DELIVERY}),
    ),
    SensitiveField.HEALTH_NOTES: FieldRule(
        frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.RESIDENT}),
        frozenset({Purpose.CASE_MANAGEMENT, Purpose.EMERGENCY}),
    ),
    SensitiveField.CASE_NOTES: FieldRule(
        frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.MEDIATOR}),
        frozenset({Purpose.MEDIATION}),
    ),
    # The till: a supermarket's cashier finds the households it serves, to redeem their points
    # (the love supermarket is poverty relief and a service). Staff have the households lists.
    SensitiveField.HOUSEHOLD_SEARCH: FieldRule(
        CASHIER_ROLES,
        frozenset({Purpose.SERVICE_DELIVERY, Purpose.POVERTY_RELIEF}),
    ),
}


@dataclass(frozen=True, slots=True)
class Entity:
    """The row whose field is asked for: its kind and id (for the log) and its scope columns."""

    kind: str
    id: int
    target: Target

    def __post_init__(self) -> None:
        assert 0 < len(self.kind) <= ENTITY_KIND_LENGTH_MAX, self.kind


def may_reveal(viewer: Viewer, purpose: Purpose, entity: Entity, field: SensitiveField) -> bool:
    rule = FIELD_RULES[field]
    if purpose not in rule.purposes:
        return False
    grants = [grant for grant in viewer.grants if grant.role in rule.roles]
    return any(_grant_reveals(grant, entity.target) for grant in grants)


def _grant_reveals(grant: Grant, target: Target) -> bool:
    """A resident's scope reads their household, but unmasks only their own person's data."""
    if grant.person_id is not None:
        return target.person_id == grant.person_id
    return grant_covers(grant, target)


def decide(
    viewer: Viewer,
    purpose: Purpose,
    entity: Entity,
    field: SensitiveField,
    *,
    purpose_detail: str | None = None,
) -> PersonalDataAccess:
    """The decision on one request to unmask, as the log row that records it (not yet written).

    A caller that shows the value must get the row written in the same unit of work before the
    value leaves the process (``record``): the API writes them when the request ends.
    """
    return PersonalDataAccess(
        user_id=viewer.user_id,
        entity_kind=entity.kind,
        entity_id=entity.id,
        region_code=entity.target.region_code,
        field=field,
        purpose=purpose,
        purpose_detail=purpose_detail[:PURPOSE_DETAIL_LENGTH_MAX] if purpose_detail else None,
        granted=may_reveal(viewer, purpose, entity, field),
    )


async def record(session: AsyncSession, rows: Sequence[PersonalDataAccess]) -> None:
    """Write the decisions of a request at once (one multi-row INSERT, not one per row)."""
    await repository.insert_personal_data_accesses(session, rows)


async def reveal(
    session: AsyncSession,
    viewer: Viewer,
    purpose: Purpose,
    entity: Entity,
    field: SensitiveField,
    *,
    purpose_detail: str | None = None,
) -> bool:
    """Whether ``viewer`` may see ``field`` of ``entity`` unmasked; the request is logged."""
    row = decide(viewer, purpose, entity, field, purpose_detail=purpose_detail)
    await record(session, [row])
    return row.granted
