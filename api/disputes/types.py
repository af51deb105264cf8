"""GraphQL enums and types of dispute cases."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.events.types import GridEvent
from api.mediation.types import MediationCommittee, Mediator
from api.row_node import RowNode, rows_from
from api.workflows.transitions import Transition
from governance.access.models import Purpose, SensitiveField
from governance.access.personal_data import Entity
from governance.access.principal import Viewer
from governance.access.scope import Target, target_in_scope
from governance.disputes.models import DisputeAction as ActionValue
from governance.disputes.models import DisputeCase as CaseRow
from governance.disputes.models import DisputeCaseMediator as CaseMediatorRow
from governance.disputes.models import DisputeParty as PartyRow
from governance.disputes.models import DisputeSource as SourceValue
from governance.disputes.models import DisputeStatus as StatusValue
from governance.disputes.models import DisputeType as TypeValue
from governance.disputes.models import MediationSession as SessionRow
from governance.disputes.models import PartySide as SideValue
from governance.disputes.models import Performance as PerformanceValue
from governance.disputes.models import Referral as ReferralValue
from governance.disputes.service import judicial_confirmation_deadline
from kit.clock import local_day


def _in_scope(viewer: Viewer, row: CaseRow) -> bool:
    return target_in_scope(viewer, Target(region_code=row.region_code))


@strawberry.enum(description="Kind of dispute.")
class DisputeType(Enum):
    NEIGHBOURHOOD = strawberry.enum_value(TypeValue.NEIGHBOURHOOD, description="邻里纠纷.")
    MARRIAGE_FAMILY = strawberry.enum_value(TypeValue.MARRIAGE_FAMILY, description="婚姻家庭.")
    LAND_FOREST = strawberry.enum_value(TypeValue.LAND_FOREST, description="土地山林.")
    DEBT = strawberry.enum_value(TypeValue.DEBT, description="债务.")
    LABOUR = strawberry.enum_value(TypeValue.LABOUR, description="劳动争议.")
    DAMAGES = strawberry.enum_value(TypeValue.DAMAGES, description="损害赔偿.")
    CONTRACT = strawberry.enum_value(TypeValue.CONTRACT, description="合同纠纷.")
    OTHER = strawberry.enum_value(TypeValue.OTHER, description="Other.")


@strawberry.enum(description="How a dispute came to the committee.")
class DisputeSource(Enum):
    PARTY_APPLICATION = strawberry.enum_value(
        SourceValue.PARTY_APPLICATION, description="A party applied (当事人申请)."
    )
    COMMITTEE_INITIATIVE = strawberry.enum_value(
        SourceValue.COMMITTEE_INITIATIVE, description="The committee stepped in (主动调解)."
    )
    GRID_EVENT = strawberry.enum_value(
        SourceValue.GRID_EVENT, description="From a grid event (see `gridEvent`)."
    )
    REFERRAL = strawberry.enum_value(
        SourceValue.REFERRAL, description="Referred by a court, police or petition office."
    )


@strawberry.enum(description="Where a dispute case is.")
class DisputeStatus(Enum):
    REGISTERED = strawberry.enum_value(StatusValue.REGISTERED, description="Registered.")
    MEDIATING = strawberry.enum_value(StatusValue.MEDIATING, description="Sessions under way.")
    AGREED = strawberry.enum_value(
        StatusValue.AGREED, description="Written agreement signed by both parties and a mediator."
    )
    FAILED = strawberry.enum_value(StatusValue.FAILED, description="Mediation failed.")
    REFERRED = strawberry.enum_value(
        StatusValue.REFERRED, description="Referred to arbitration, ruling or litigation."
    )
    WITHDRAWN = strawberry.enum_value(
        StatusValue.WITHDRAWN, description="A party withdrew (mediation is voluntary)."
    )


@strawberry.enum(description="Where a case was referred.")
class DisputeReferral(Enum):
    ARBITRATION = strawberry.enum_value(ReferralValue.ARBITRATION, description="Arbitration.")
    ADMINISTRATIVE_RULING = strawberry.enum_value(
        ReferralValue.ADMINISTRATIVE_RULING, description="Administrative ruling."
    )
    LITIGATION = strawberry.enum_value(
        ReferralValue.LITIGATION, description="Litigation: counts as a lawsuit (无诉讼村)."
    )


@strawberry.enum(description="Whether an agreement has been carried out (follow-up).")
class DisputePerformance(Enum):
    PERFORMED = strawberry.enum_value(PerformanceValue.PERFORMED, description="Fully.")
    PARTIALLY_PERFORMED = strawberry.enum_value(
        PerformanceValue.PARTIALLY_PERFORMED, description="Partly."
    )
    NOT_PERFORMED = strawberry.enum_value(PerformanceValue.NOT_PERFORMED, description="Not at all.")


@strawberry.enum(description="Side of a party.")
class DisputePartySide(Enum):
    APPLICANT = strawberry.enum_value(SideValue.APPLICANT, description="Applicant (申请人).")
    RESPONDENT = strawberry.enum_value(SideValue.RESPONDENT, description="Respondent (被申请人).")


@strawberry.enum(description="A step of a dispute case's timeline.")
class DisputeAction(Enum):
    REGISTER = strawberry.enum_value(ActionValue.REGISTER, description="Registered.")
    HOLD_SESSION = strawberry.enum_value(ActionValue.HOLD_SESSION, description="Session held.")
    REACH_AGREEMENT = strawberry.enum_value(
        ActionValue.REACH_AGREEMENT, description="Agreement signed."
    )
    FAIL = strawberry.enum_value(ActionValue.FAIL, description="Mediation failed.")
    REFER = strawberry.enum_value(ActionValue.REFER, description="Referred.")
    WITHDRAW = strawberry.enum_value(ActionValue.WITHDRAW, description="Withdrawn.")
    REQUEST_JUDICIAL_CONFIRMATION = strawberry.enum_value(
        ActionValue.REQUEST_JUDICIAL_CONFIRMATION,
        description="Parties applied for judicial confirmation.",
    )
    RECORD_PERFORMANCE = strawberry.enum_value(
        ActionValue.RECORD_PERFORMANCE, description="Performance followed up."
    )


@strawberry.type(description="A party to a dispute.")
class DisputeParty:
    side: DisputePartySide = strawberry.field(description="Applicant or respondent.")
    name: str = strawberry.field(description="Name of the person or organization.")
    organization: bool = strawberry.field(description="An organization rather than a person.")
    person_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: PartyRow) -> DisputeParty:
        return cls(
            side=DisputePartySide(row.side),
            name=row.name,
            organization=row.organization,
            person_id=row.person_id,
        )

    @strawberry.field(description="The resident, when the party is a known one.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id) if self.person_id else None


@strawberry.type(description="A mediator assigned to a case.")
class DisputeCaseMediator:
    lead: bool = strawberry.field(description="Leads the mediation.")
    mediator_id: strawberry.Private[int]

    @strawberry.field(description="The mediator.")
    async def mediator(self, info: Info) -> Mediator:
        row = await info.context.loaders.mediation.mediators.load(self.mediator_id)
        assert row is not None, "a foreign key"
        return Mediator.from_row(row)


@strawberry.type(description="A mediation session (调解).")
class MediationSession:
    id: int = strawberry.field(description="Database id of the session.")
    held_on: dt.date = strawberry.field(description="Day held.")
    mediator_id: strawberry.Private[int]
    notes_value: strawberry.Private[str | None]
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: SessionRow) -> MediationSession:
        return cls(
            id=row.id,
            held_on=row.held_on,
            mediator_id=row.mediator_id,
            notes_value=row.notes,
            region_code=row.region_code,
        )

    @strawberry.field(description="Who led it.")
    async def mediator(self, info: Info) -> Mediator:
        row = await info.context.loaders.mediation.mediators.load(self.mediator_id)
        assert row is not None, "a foreign key"
        return Mediator.from_row(row)

    @strawberry.field(
        description=(
            "Case notes: sensitive. Shown to mediators and township/county administrators in "
            "scope, for mediation; every request is logged; null otherwise."
        )
    )
    def notes(self, info: Info) -> str | None:
        if self.notes_value is None:
            return None
        # Decided now, logged with the request's other decisions when it ends (GET included).
        entity = Entity("mediation_session", self.id, Target(region_code=self.region_code))
        granted = info.context.disclosures.request(
            info.context.viewer, Purpose.MEDIATION, entity, SensitiveField.CASE_NOTES, None
        )
        return self.notes_value if granted else None


@strawberry.type(
    description=(
        "A dispute before a people's mediation committee (矛盾纠纷多元化解). Agreements may "
        "be brought for judicial confirmation within 30 days of signing."
    )
)
class DisputeCase(RowNode):
    id: relay.NodeID[int]
    dispute_type: DisputeType = strawberry.field(description="Kind of dispute.")
    source: DisputeSource = strawberry.field(description="How it came to the committee.")
    status: DisputeStatus = strawberry.field(description="Where it is.")
    summary: str = strawberry.field(description="What the dispute is about.")
    amount_at_stake_fen: int = strawberry.field(
        description="Amount in dispute in fen (1/100 yuan); 0 when none."
    )
    registered_on: dt.date = strawberry.field(description="Day registered.")
    concluded_on: dt.date | None = strawberry.field(description="Day mediation ended.")
    referral: DisputeReferral | None = strawberry.field(description="Where it was referred.")
    agreement_text: str | None = strawberry.field(description="The written agreement.")
    agreement_signed_on: dt.date | None = strawberry.field(description="Day it was signed.")
    judicial_confirmation_requested_on: dt.date | None = strawberry.field(
        description="Day the parties applied for judicial confirmation."
    )
    performance: DisputePerformance | None = strawberry.field(
        description="Whether the agreement was carried out, at the last follow-up."
    )
    followed_up_on: dt.date | None = strawberry.field(description="Day of the last follow-up.")
    region_code: strawberry.Private[str]
    committee_id: strawberry.Private[int]
    grid_event_id: strawberry.Private[int | None]
    signing_mediator_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: CaseRow) -> DisputeCase:
        return cls(
            id=row.id,
            dispute_type=DisputeType(row.dispute_type),
            source=DisputeSource(row.source),
            status=DisputeStatus(row.status),
            summary=row.summary,
            amount_at_stake_fen=row.amount_at_stake_fen,
            registered_on=row.registered_on,
            concluded_on=row.concluded_on,
            referral=DisputeReferral(row.referral) if row.referral else None,
            agreement_text=row.agreement_text,
            agreement_signed_on=row.agreement_signed_on,
            judicial_confirmation_requested_on=row.judicial_confirmation_requested_on,
            performance=DisputePerformance(row.performance) if row.performance else None,
            followed_up_on=row.followed_up_on,
            region_code=row.region_code,
            committee_id=row.committee_id,
            grid_event_id=row.grid_event_id,
            signing_mediator_id=row.signing_mediator_id,
        )

    rows_by_id = rows_from(lambda loaders: loaders.disputes.cases, _in_scope)

    @strawberry.field(description="Where the dispute arose.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(description="The committee mediating it.")
    async def committee(self, info: Info) -> MediationCommittee:
        row = await info.context.loaders.mediation.committees.load(self.committee_id)
        assert row is not None, "a foreign key"
        return MediationCommittee.from_row(row)

    @strawberry.field(description="The grid event it came from, if any (and if you may see it).")
    async def grid_event(self, info: Info) -> GridEvent | None:
        if self.grid_event_id is None:
            return None
        found = await GridEvent.resolve_nodes(info=info, node_ids=[str(self.grid_event_id)])
        return found[0]

    @strawberry.field(description="The parties (2 to 20).")
    async def parties(self, info: Info) -> list[DisputeParty]:
        rows = await info.context.loaders.disputes.parties.load(self.id)
        return [DisputeParty.from_row(row) for row in rows]

    @strawberry.field(description="The mediators (1 to 9), the lead first.")
    async def mediators(self, info: Info) -> list[DisputeCaseMediator]:
        rows: list[CaseMediatorRow] = await info.context.loaders.disputes.mediators.load(self.id)
        ordered = sorted(rows, key=lambda row: (not row.lead, row.mediator_id))
        return [DisputeCaseMediator(lead=row.lead, mediator_id=row.mediator_id) for row in ordered]

    @strawberry.field(description="The mediator who signed the agreement.")
    async def signing_mediator(self, info: Info) -> Mediator | None:
        if self.signing_mediator_id is None:
            return None
        row = await info.context.loaders.mediation.mediators.load(self.signing_mediator_id)
        return Mediator.from_row(row) if row else None

    @strawberry.field(description="Sessions held (at most 50), oldest first.")
    async def sessions(self, info: Info) -> list[MediationSession]:
        rows = await info.context.loaders.disputes.sessions.load(self.id)
        return [MediationSession.from_row(row) for row in rows]

    @strawberry.field(description="Every accepted step, oldest first.")
    async def timeline(self, info: Info) -> list[DisputeTransition]:
        rows = await info.context.loaders.disputes.timelines.load(self.id)
        return [DisputeTransition.from_row(row) for row in rows]

    @strawberry.field(description="Last day to apply for judicial confirmation (signing + 30).")
    def judicial_confirmation_deadline(self) -> dt.date | None:
        return _confirmation_deadline(self.agreement_signed_on)

    @strawberry.field(
        description="Whether judicial confirmation may still be requested today (server clock)."
    )
    def judicial_confirmation_open(self, info: Info) -> bool:
        deadline = _confirmation_deadline(self.agreement_signed_on)
        if deadline is None or self.judicial_confirmation_requested_on is not None:
            return False
        return local_day(info.context.clock.now()) <= deadline


def _confirmation_deadline(signed_on: dt.date | None) -> dt.date | None:
    return judicial_confirmation_deadline(signed_on) if signed_on else None


@strawberry.type(name="DisputeTransition", description="One accepted step of a dispute case.")
class DisputeTransition(Transition[DisputeAction, DisputeStatus]):
    pass
