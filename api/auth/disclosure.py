"""Unmasking sensitive fields in GraphQL: each request to unmask is decided at once and its
log row kept on the request; the HTTP view writes them all in one INSERT when the unit of
work ends, before the response leaves (so no unmasked value is ever sent without its row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from governance.access import personal_data
from governance.access.models import PersonalDataAccess, Purpose, SensitiveField
from governance.access.personal_data import Entity
from governance.access.principal import Viewer


@dataclass(frozen=True, slots=True)
class Unmasked:
    """A granted request to unmask one entity's field (a ``masking.UnmaskGrant``)."""

    entity_id: int

    def allows_unmasked(self, person_id: int) -> bool:
        return person_id == self.entity_id


@dataclass
class DisclosureTrail:
    """The personal-data access decisions of one request, in the order they were made."""

    rows: list[PersonalDataAccess] = field(default_factory=list)

    def request(
        self,
        viewer: Viewer,
        purpose: Purpose,
        entity: Entity,
        sensitive_field: SensitiveField,
        purpose_detail: str | None,
    ) -> Unmasked | None:
        """Decide (and keep the log row); the grant when allowed, None otherwise."""
        row = personal_data.decide(
            viewer, purpose, entity, sensitive_field, purpose_detail=purpose_detail
        )
        self.rows.append(row)
        return Unmasked(entity.id) if row.granted else None

    def keep(self, rows: list[PersonalDataAccess]) -> None:
        """Decisions the domain made itself (a till search), written with the others."""
        self.rows.extend(rows)
