"""GraphQL enums and types of deliberation meetings and village-affairs disclosures."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Region, region_by_code
from api.context import Info
from api.row_node import RowNode, rows_from
from governance.access.principal import Viewer
from governance.access.scope import Target, target_in_scope
from governance.deliberation.models import DeliberationMeeting as MeetingRow
from governance.deliberation.models import DisclosureKind as KindValue
from governance.deliberation.models import MeetingForm as FormValue
from governance.deliberation.models import VillageDisclosure as DisclosureRow


def _visible(viewer: Viewer, row: MeetingRow | DisclosureRow | None) -> bool:
    """Single rows go through the Python twin of the scoping rule."""
    if row is None:
        return False
    return target_in_scope(viewer, Target(region_code=row.region_code))


@strawberry.enum(description="Form of villager deliberation.")
class MeetingForm(Enum):
    VILLAGERS_TALK = strawberry.enum_value(FormValue.VILLAGERS_TALK, description="村民说事.")
    PUBLIC_OPINION_TALK = strawberry.enum_value(
        FormValue.PUBLIC_OPINION_TALK, description="民情恳谈."
    )
    PEOPLES_DELIBERATION = strawberry.enum_value(
        FormValue.PEOPLES_DELIBERATION, description="百姓议事."
    )


@strawberry.enum(description="What a village-affairs disclosure covers (村务公开).")
class DisclosureKind(Enum):
    PARTY_AFFAIRS = strawberry.enum_value(
        KindValue.PARTY_AFFAIRS, description="Party affairs (党务): at least quarterly."
    )
    VILLAGE_AFFAIRS = strawberry.enum_value(
        KindValue.VILLAGE_AFFAIRS, description="Village affairs (村务): at least quarterly."
    )
    FINANCES = strawberry.enum_value(
        KindValue.FINANCES,
        description="Finances (财务), donations included: monthly.",
    )


@strawberry.type(description="A villager deliberation meeting and what it decided.")
class DeliberationMeeting(RowNode):
    id: relay.NodeID[int]
    form: MeetingForm = strawberry.field(description="Form of the meeting.")
    topic: str = strawberry.field(description="Topic.")
    held_on: dt.date = strawberry.field(description="Day held.")
    participants_count: int = strawberry.field(description="Participants.")
    quorum_count: int = strawberry.field(description="Participants needed for decisions.")
    decisions: str | None = strawberry.field(description="Decisions taken.")
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: MeetingRow) -> DeliberationMeeting:
        return cls(
            id=row.id,
            form=MeetingForm(row.form),
            topic=row.topic,
            held_on=row.held_on,
            participants_count=row.participants_count,
            quorum_count=row.quorum_count,
            decisions=row.decisions,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.deliberation.meetings, _visible)

    @strawberry.field(description="The quorum was reached, so decisions stand.")
    def quorate(self) -> bool:
        return self.participants_count >= self.quorum_count

    @strawberry.field(description="The village (or grid) it was held in.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)


@strawberry.type(description="A village-affairs disclosure posted publicly (公示).")
class VillageDisclosure(RowNode):
    id: relay.NodeID[int]
    kind: DisclosureKind = strawberry.field(description="What it covers.")
    title: str = strawberry.field(description="Title.")
    summary: str = strawberry.field(description="What was disclosed.")
    period_start: dt.date = strawberry.field(description="First day of the period covered.")
    period_end: dt.date = strawberry.field(description="Last day of the period covered.")
    published_on: dt.date = strawberry.field(description="Day posted.")
    includes_donations: bool = strawberry.field(
        description="Finances list donations (the love supermarket's included)."
    )
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: DisclosureRow) -> VillageDisclosure:
        return cls(
            id=row.id,
            kind=DisclosureKind(row.kind),
            title=row.title,
            summary=row.summary,
            period_start=row.period_start,
            period_end=row.period_end,
            published_on=row.published_on,
            includes_donations=row.includes_donations,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.deliberation.disclosures, _visible)

    @strawberry.field(description="The village or community.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)


@strawberry.type(description="A village late with one kind of disclosure.")
class OverdueDisclosure:
    kind: DisclosureKind = strawberry.field(description="The kind that is late.")
    last_published_on: dt.date | None = strawberry.field(
        description="Day the latest one was posted; null if never."
    )
    due_on: dt.date | None = strawberry.field(
        description="Day the next one was due; null if none was ever posted."
    )
    village_code: strawberry.Private[str]

    @strawberry.field(description="The village or community.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.village_code)
