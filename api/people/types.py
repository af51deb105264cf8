"""GraphQL types of residents and households (the people fields of `Person`; ``api.nodes`` adds
the other areas').

Identifiers leave only through ``governance.people.masking.disclose``: masked, unless the
reader states a purpose and ``governance.access.personal_data`` grants it (every request to
unmask, granted or not, is logged; see ``api.auth.disclosure``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

import strawberry
from strawberry import relay

from api.auth.disclosure import Unmasked
from api.auth.types import DisclosurePurpose
from api.common import Person, Region, person_by_id, person_from_row, region_by_code
from api.context import Info
from api.history import RecordChange, record_history
from api.people.enums import EndReason, Gender, PersonTag, RelationToHead
from api.row_node import RowNode, rows_from
from governance.access.models import Purpose as PurposeValue
from governance.access.models import SensitiveField
from governance.access.personal_data import PURPOSE_DETAIL_LENGTH_MAX, Entity
from governance.access.scope import Target
from governance.people.masking import disclose
from governance.people.models import Household as HouseholdRow
from governance.people.models import Person as PersonRow
from governance.people.records import HOUSEHOLD_MEMBERS_MAX
from governance.regions.codes import RegionLevel, ancestor, is_level

PURPOSE = "Why you need it unmasked; omit to get the masked form (nothing is logged)."
PURPOSE_DETAIL = (
    "What the purpose refers to, e.g. a case number (kept in the access log; at most "
    f"{PURPOSE_DETAIL_LENGTH_MAX} characters are kept)."
)


@strawberry.type
class PersonFields(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Full name.")
    gender: Gender = strawberry.field(description="Gender as on the ID card.")
    birth_date: dt.date = strawberry.field(description="Date of birth.")
    relation_to_head: RelationToHead = strawberry.field(
        description="Relation to the head of the household."
    )
    tags: list[PersonTag] = strawberry.field(description="Service labels (see `PersonTag`).")
    version: int = strawberry.field(
        description="Bumped by each recorded change: pass it back as `expectedVersion`."
    )
    ended_on: dt.date | None = strawberry.field(
        description="Day of death or moving away; null while the person is current."
    )
    end_reason: EndReason | None = strawberry.field(description="Why the record ended.")
    household_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    # Stored values: only ever returned through ``disclose``.
    stored_id_card_number: strawberry.Private[str]
    stored_phone: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: PersonRow) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            gender=Gender(row.gender),
            birth_date=row.birth_date,
            stored_id_card_number=row.id_card_number,
            stored_phone=row.phone,
            relation_to_head=RelationToHead(row.relation_to_head),
            tags=[PersonTag(tag) for tag in row.tags],
            household_id=row.household_id,
            region_code=row.region_code,
            version=row.version,
            ended_on=row.ended_on,
            end_reason=EndReason(row.end_reason) if row.end_reason else None,
        )

    rows_by_id = rows_from(lambda loaders: loaders.people.persons)

    @strawberry.field(
        description="Every recorded change, oldest first (identifiers masked as recorded)."
    )
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, "person", self.id)

    @strawberry.field(
        description=(
            "ID-card number, masked: `130826********1234` (county and last 4 shown). With a "
            "`purpose`, unmasked if your role may see it for that purpose in your scope; every "
            "such request is logged."
        )
    )
    def id_card_number(
        self,
        info: Info,
        purpose: Annotated[
            DisclosurePurpose | None, strawberry.argument(description=PURPOSE)
        ] = None,
        purpose_detail: Annotated[
            str | None, strawberry.argument(description=PURPOSE_DETAIL)
        ] = None,
    ) -> str:
        grant = self._unmask(info, SensitiveField.ID_NUMBER, purpose, purpose_detail)
        return disclose(
            self.id, self.stored_id_card_number, self.stored_phone, grant
        ).id_card_number

    @strawberry.field(
        description=(
            "Mobile number, masked: `138****5678`; null if none. With a `purpose`, unmasked if "
            "your role may see it for that purpose in your scope; every such request is logged."
        )
    )
    def phone(
        self,
        info: Info,
        purpose: Annotated[
            DisclosurePurpose | None, strawberry.argument(description=PURPOSE)
        ] = None,
        purpose_detail: Annotated[
            str | None, strawberry.argument(description=PURPOSE_DETAIL)
        ] = None,
    ) -> str | None:
        if self.stored_phone is None:
            return None
        grant = self._unmask(info, SensitiveField.PHONE, purpose, purpose_detail)
        return disclose(self.id, self.stored_id_card_number, self.stored_phone, grant).phone

    def _unmask(
        self,
        info: Info,
        sensitive_field: SensitiveField,
        purpose: DisclosurePurpose | None,
        purpose_detail: str | None,
    ) -> Unmasked | None:
        """No purpose, no request (and no log row); otherwise the logged decision."""
        if purpose is None:
            return None
        target = Target(self.region_code, person_id=self.id, household_id=self.household_id)
        return info.context.disclosures.request(
            info.context.viewer,
            PurposeValue[purpose.name],
            Entity("Person", self.id, target),
            sensitive_field,
            purpose_detail,
        )

    @strawberry.field(
        description="The household the person belongs to. Null when outside your scope."
    )
    async def household(self, info: Info) -> Household | None:
        row = await info.context.loaders.people.households.load(self.household_id)
        return Household.from_row(row) if row else None

    @strawberry.field(description="The village or community the person lives in.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, ancestor(self.region_code, RegionLevel.VILLAGE))

    @strawberry.field(description="The grid the person lives in; null if not yet placed.")
    async def grid(self, info: Info) -> Region | None:
        if not is_level(self.region_code, RegionLevel.GRID):
            return None
        return await region_by_code(info, self.region_code)


@strawberry.type(description="A household (户): the usual account holder of the morality bank.")
class Household(RowNode):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="Household number (户号), unique in the county.")
    address: str | None = strawberry.field(description="Street address, if recorded.")
    version: int = strawberry.field(
        description="Bumped by each recorded change: pass it back as `expectedVersion`."
    )
    ended_on: dt.date | None = strawberry.field(
        description="Last day the household was current (last member ended, or merged); null "
        "while current."
    )
    end_reason: EndReason | None = strawberry.field(description="Why the household ended.")
    head_person_id: strawberry.Private[int | None]
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: HouseholdRow) -> Household:
        return cls(
            id=row.id,
            number=row.number,
            address=row.address,
            head_person_id=row.head_person_id,
            region_code=row.region_code,
            version=row.version,
            ended_on=row.ended_on,
            end_reason=EndReason(row.end_reason) if row.end_reason else None,
        )

    rows_by_id = rows_from(lambda loaders: loaders.people.households)

    @strawberry.field(description="The head of the household (户主); null if not recorded.")
    async def head(self, info: Info) -> Person | None:
        if self.head_person_id is None:
            return None
        return await person_by_id(info, self.head_person_id)

    @strawberry.field(
        description=f"The household's members, head first (at most {HOUSEHOLD_MEMBERS_MAX}): "
        "current ones, and with `includeEnded` also those who died or moved away."
    )
    async def members(
        self,
        info: Info,
        include_ended: Annotated[
            bool, strawberry.argument(description="Also members whose record ended.")
        ] = False,
    ) -> list[Person]:
        rows = await info.context.loaders.people.members_of(self.id)
        kept = [row for row in rows if include_ended or row.ended_on is None]
        ordered = sorted(kept, key=lambda row: (row.id != self.head_person_id, row.id))
        return [person_from_row(row) for row in ordered]

    @strawberry.field(
        description="Every recorded change, oldest first (splits and merges list the members)."
    )
    async def history(self, info: Info) -> list[RecordChange]:
        return await record_history(info, "household", self.id)

    @strawberry.field(description="The village or community of the household.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, ancestor(self.region_code, RegionLevel.VILLAGE))

    @strawberry.field(description="The grid of the household; null if not yet placed.")
    async def grid(self, info: Info) -> Region | None:
        if not is_level(self.region_code, RegionLevel.GRID):
            return None
        return await region_by_code(info, self.region_code)


# The name ``api.common``'s lazy reference resolves.
HouseholdNode = Household
