"""Filter and ordering inputs for persons and households."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from api.ordering import OrderDirection
from api.people.enums import Gender, PersonTag
from governance.people.models import Gender as GenderValue
from governance.people.models import PersonTag as TagValue
from governance.people.repository import HouseholdFilter as HouseholdFilterValue
from governance.people.repository import PersonFilter as PersonFilterValue


@strawberry.input(description="Which persons to list. All fields are optional (AND).")
class PersonFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only people living at or below this region code."
    )
    tags_all: list[PersonTag] | None = strawberry.field(
        default=None, description="Only people carrying every one of these tags."
    )
    tags_any: list[PersonTag] | None = strawberry.field(
        default=None, description="Only people carrying at least one of these tags."
    )
    gender: Gender | None = strawberry.field(default=None, description="Only this gender.")
    born_on_or_after: dt.date | None = strawberry.field(
        default=None, description="Only people born on or after this day (younger than…)."
    )
    born_on_or_before: dt.date | None = strawberry.field(
        default=None, description="Only people born on or before this day (older than…)."
    )
    name_prefix: str | None = strawberry.field(
        default=None, description="Only names beginning with this text (e.g. a surname)."
    )
    include_ended: bool = strawberry.field(
        default=False, description="Also persons whose record ended (died, moved away)."
    )

    def to_domain(self) -> PersonFilterValue:
        return PersonFilterValue(
            under_region=self.under_region,
            tags_all=tuple(TagValue[tag.name] for tag in self.tags_all or ()),
            tags_any=tuple(TagValue[tag.name] for tag in self.tags_any or ()),
            gender=GenderValue[self.gender.name] if self.gender else None,
            born_on_or_after=self.born_on_or_after,
            born_on_or_before=self.born_on_or_before,
            name_prefix=self.name_prefix,
            include_ended=self.include_ended,
        )


@strawberry.enum(description="Fields persons can be ordered by.")
class PersonOrderField(Enum):
    REGION = strawberry.enum_value(
        "REGION",
        description="Region code (village, then its grids), then when recorded: the default, "
        "and the one order in which a page under any region is one index range scan.",
    )
    CREATED = strawberry.enum_value(
        "CREATED",
        description="When the person was recorded. Under a small region of a large list, "
        "a page may read many rows of other regions first: prefer REGION there.",
    )
    NAME = strawberry.enum_value("NAME", description="Name (by code point, not pinyin).")
    BIRTH_DATE = strawberry.enum_value("BIRTH_DATE", description="Date of birth.")


@strawberry.input(description="Ordering of persons.")
class PersonOrder:
    field: PersonOrderField = strawberry.field(description="Field to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Direction (default ascending)."
    )

    def sort(self) -> tuple[str, ...]:
        return PERSON_SORTS[self.field]


PERSON_SORTS = {
    PersonOrderField.REGION: ("region_code", "id"),
    PersonOrderField.CREATED: ("id",),
    PersonOrderField.NAME: ("name", "id"),
    PersonOrderField.BIRTH_DATE: ("birth_date", "id"),
}


@strawberry.input(description="Which households to list. All fields are optional (AND).")
class HouseholdFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only households at or below this region code."
    )
    number_prefix: str | None = strawberry.field(
        default=None, description="Only household numbers beginning with this text."
    )
    member_tags_any: list[PersonTag] | None = strawberry.field(
        default=None,
        description="Only households with a member carrying one of these tags (e.g. 脱贫户).",
    )
    include_ended: bool = strawberry.field(
        default=False, description="Also households that ended (last member ended, merged)."
    )

    def to_domain(self) -> HouseholdFilterValue:
        return HouseholdFilterValue(
            under_region=self.under_region,
            number_prefix=self.number_prefix,
            member_tags_any=tuple(TagValue[tag.name] for tag in self.member_tags_any or ()),
            include_ended=self.include_ended,
        )
