"""GraphQL enums and types of petitions, hearings and reception days."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Region, region_by_code
from api.context import Info
from api.row_node import RowNode, rows_from
from api.workflows.transitions import Transition
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import Target, target_in_scope
from governance.petitions.machine import PENDING_STATUSES
from governance.petitions.models import HearingKind as KindValue
from governance.petitions.models import Petition as PetitionRow
from governance.petitions.models import PetitionAction as ActionValue
from governance.petitions.models import Petitioner as PetitionerRow
from governance.petitions.models import PetitionHearing as HearingRow
from governance.petitions.models import PetitionStatus as StatusValue
from governance.petitions.models import PetitionVisit as VisitRow
from governance.petitions.models import ReceptionDay as ReceptionRow
from kit.clock import local_day


def _visible(viewer: Viewer, row: HearingRow | ReceptionRow | PetitionRow | None) -> bool:
    """Single rows go through the Python twin of the scoping rule (administrators only)."""
    if row is None:
        return False
    return target_in_scope(viewer, Target(region_code=row.region_code), ADMIN_ROLES)


@strawberry.enum(description="Where a petition is (Regulations on Letters and Visits).")
class PetitionStatus(Enum):
    RECEIVED = strawberry.enum_value(
        StatusValue.RECEIVED, description="Received: acceptance decided within 15 days."
    )
    ACCEPTED = strawberry.enum_value(
        StatusValue.ACCEPTED, description="Accepted: answered within 60 days (+30 once)."
    )
    NOT_ACCEPTED = strawberry.enum_value(StatusValue.NOT_ACCEPTED, description="Not accepted.")
    REPLIED = strawberry.enum_value(StatusValue.REPLIED, description="Answered in writing.")
    REVIEW_REQUESTED = strawberry.enum_value(
        StatusValue.REVIEW_REQUESTED, description="Review (复查) requested: 30 days to decide."
    )
    REVIEWED = strawberry.enum_value(StatusValue.REVIEWED, description="Review decided.")
    RE_REVIEW_REQUESTED = strawberry.enum_value(
        StatusValue.RE_REVIEW_REQUESTED, description="Re-review (复核) requested: 30 days."
    )
    RE_REVIEWED = strawberry.enum_value(StatusValue.RE_REVIEWED, description="Final.")


@strawberry.enum(description="A step of a petition's timeline.")
class PetitionAction(Enum):
    RECEIVE = strawberry.enum_value(ActionValue.RECEIVE, description="Received (first visit).")
    ACCEPT = strawberry.enum_value(ActionValue.ACCEPT, description="Accepted.")
    DECLINE = strawberry.enum_value(ActionValue.DECLINE, description="Not accepted.")
    EXTEND = strawberry.enum_value(ActionValue.EXTEND, description="Handling extended 30 days.")
    REPLY = strawberry.enum_value(ActionValue.REPLY, description="Written reply.")
    REQUEST_REVIEW = strawberry.enum_value(
        ActionValue.REQUEST_REVIEW, description="Review requested."
    )
    REVIEW = strawberry.enum_value(ActionValue.REVIEW, description="Review decided.")
    REQUEST_RE_REVIEW = strawberry.enum_value(
        ActionValue.REQUEST_RE_REVIEW, description="Re-review requested."
    )
    RE_REVIEW = strawberry.enum_value(ActionValue.RE_REVIEW, description="Re-review decided.")
    RECORD_VISIT = strawberry.enum_value(
        ActionValue.RECORD_VISIT, description="The petitioner came again."
    )


@strawberry.enum(description="A hearing or a consultation on a major petition case.")
class HearingKind(Enum):
    HEARING = strawberry.enum_value(KindValue.HEARING, description="Hearing (听证).")
    CONSULTATION = strawberry.enum_value(KindValue.CONSULTATION, description="Consultation (会商).")


@strawberry.type(description="A petitioner of a matter.")
class Petitioner:
    name: str = strawberry.field(description="Name.")
    representative: bool = strawberry.field(description="Representative of a joint visit.")

    @classmethod
    def from_row(cls, row: PetitionerRow) -> Petitioner:
        return cls(name=row.name, representative=row.representative)


@strawberry.type(description="A visit by petitioners (每次来访).")
class PetitionVisit:
    visited_on: dt.date = strawberry.field(description="Day of the visit.")
    visitors_count: int = strawberry.field(description="People who came (at most 5).")
    note: str | None = strawberry.field(description="Note.")

    @classmethod
    def from_row(cls, row: VisitRow) -> PetitionVisit:
        return cls(visited_on=row.visited_on, visitors_count=row.visitors_count, note=row.note)


@strawberry.type(
    description=(
        "A petition matter (信访事项) received by a county, township or village, with the "
        "leader in charge (包联) and its statutory deadlines."
    )
)
class Petition(RowNode):
    id: relay.NodeID[int]
    subject: str = strawberry.field(description="Subject.")
    content: str = strawberry.field(description="What the petitioners ask.")
    major: bool = strawberry.field(description="A major case (hearings and consultations).")
    status: PetitionStatus = strawberry.field(description="Where it is.")
    responsible_leader_name: str = strawberry.field(description="Leader in charge (包联).")
    responsible_leader_post: str = strawberry.field(description="The leader's post.")
    petitioners_count: int = strawberry.field(description="Petitioners in the matter.")
    representatives_count: int = strawberry.field(
        description="Representatives of a joint visit (at most 5); 0 if not joint."
    )
    received_on: dt.date = strawberry.field(description="Day received.")
    decided_on: dt.date | None = strawberry.field(description="Day accepted or declined.")
    due_on: dt.date | None = strawberry.field(
        description="Deadline of the pending decision or answer; null when none is pending."
    )
    extended: bool = strawberry.field(description="Handling time extended (once, 30 days).")
    replied_on: dt.date | None = strawberry.field(description="Day of the latest written answer.")
    reply_text: str | None = strawberry.field(description="The latest written answer.")
    resolved: bool | None = strawberry.field(description="The latest answer settled the matter.")
    visits_count: int = strawberry.field(
        description="Visits so far; 1 for a matter settled in one trip (最多跑一次)."
    )
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: PetitionRow) -> Petition:
        return cls(
            id=row.id,
            subject=row.subject,
            content=row.content,
            major=row.major,
            status=PetitionStatus(row.status),
            responsible_leader_name=row.responsible_leader_name,
            responsible_leader_post=row.responsible_leader_post,
            petitioners_count=row.petitioners_count,
            representatives_count=row.representatives_count,
            received_on=row.received_on,
            decided_on=row.decided_on,
            due_on=row.due_on,
            extended=row.extended,
            replied_on=row.replied_on,
            reply_text=row.reply_text,
            resolved=row.resolved,
            visits_count=row.visits_count,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.petitions.petitions, _visible)

    @strawberry.field(description="The receiving county, township or village.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description="Whether a decision or answer is past due (server clock).")
    def overdue(self, info: Info) -> bool:
        pending = StatusValue[self.status.name] in PENDING_STATUSES
        today = local_day(info.context.clock.now())
        return pending and self.due_on is not None and self.due_on < today

    @strawberry.field(description="The petitioners (at most 100 listed).")
    async def petitioners(self, info: Info) -> list[Petitioner]:
        rows = await info.context.loaders.petitions.petitioners.load(self.id)
        return [Petitioner.from_row(row) for row in rows]

    @strawberry.field(description="Every visit (at most 100), oldest first.")
    async def visits(self, info: Info) -> list[PetitionVisit]:
        rows = await info.context.loaders.petitions.visits.load(self.id)
        return [PetitionVisit.from_row(row) for row in rows]

    @strawberry.field(description="Every accepted step, oldest first.")
    async def timeline(self, info: Info) -> list[PetitionTransition]:
        rows = await info.context.loaders.petitions.timelines.load(self.id)
        return [PetitionTransition.from_row(row) for row in rows]


@strawberry.type(description="A hearing (听证) or consultation (会商) on a major petition case.")
class PetitionHearing(RowNode):
    id: relay.NodeID[int]
    kind: HearingKind = strawberry.field(description="Hearing or consultation.")
    held_on: dt.date = strawberry.field(description="Day held.")
    chair_name: str = strawberry.field(description="Who chaired it.")
    chair_post: str = strawberry.field(description="The chair's post.")
    participants_count: int = strawberry.field(description="Participants.")
    summary: str = strawberry.field(description="What was heard or agreed.")
    region_code: strawberry.Private[str]
    petition_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: HearingRow) -> PetitionHearing:
        return cls(
            id=row.id,
            kind=HearingKind(row.kind),
            held_on=row.held_on,
            chair_name=row.chair_name,
            chair_post=row.chair_post,
            participants_count=row.participants_count,
            summary=row.summary,
            region_code=row.region_code,
            petition_id=row.petition_id,
        )

    rows_by_id = rows_from(lambda loaders: loaders.petitions.hearings, _visible)

    @strawberry.field(description="The county or township that held it.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description="The case heard, if recorded (and if you may see it).")
    async def petition(self, info: Info) -> Petition | None:
        if self.petition_id is None:
            return None
        return (await Petition.resolve_nodes(info=info, node_ids=[str(self.petition_id)]))[0]


@strawberry.type(description="A leader's day receiving petitioners in person (大接访).")
class ReceptionDay(RowNode):
    id: relay.NodeID[int]
    held_on: dt.date = strawberry.field(description="Day held.")
    leader_name: str = strawberry.field(description="The receiving leader.")
    leader_post: str = strawberry.field(description="The leader's post.")
    location: str = strawberry.field(description="Where.")
    petitioners_received: int = strawberry.field(description="Petitioners received.")
    matters_resolved_on_site: int = strawberry.field(description="Matters settled on the spot.")
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: ReceptionRow) -> ReceptionDay:
        return cls(
            id=row.id,
            held_on=row.held_on,
            leader_name=row.leader_name,
            leader_post=row.leader_post,
            location=row.location,
            petitioners_received=row.petitioners_received,
            matters_resolved_on_site=row.matters_resolved_on_site,
            region_code=row.region_code,
        )

    rows_by_id = rows_from(lambda loaders: loaders.petitions.reception_days, _visible)

    @strawberry.field(description="Where it was held (county, township or village).")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)


@strawberry.type(name="PetitionTransition", description="One accepted step of a petition.")
class PetitionTransition(Transition[PetitionAction, PetitionStatus]):
    pass
