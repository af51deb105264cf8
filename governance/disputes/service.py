"""Registering dispute cases and taking them through mediation. Services flush; the request
boundary commits; refusals raise ``Refusal``. Mediators of the case's committee and
administrators over the case's region act; the actor always comes from the viewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_AND_MEDIATOR_ROLES
from governance.disputes import repository
from governance.disputes.machine import next_status
from governance.disputes.models import (
    AGREEMENT_LENGTH_MAX,
    CASE_MEDIATORS_MAX,
    CASE_MEDIATORS_MIN,
    JUDICIAL_CONFIRMATION_WINDOW_DAYS,
    PARTIES_MAX,
    PARTIES_MIN,
    PARTY_NAME_LENGTH_MAX,
    SESSION_NOTES_LENGTH_MAX,
    SESSIONS_MAX,
    SUMMARY_LENGTH_MAX,
    DisputeAction,
    DisputeCase,
    DisputeCaseMediator,
    DisputeParty,
    DisputeSource,
    DisputeStatus,
    DisputeTransition,
    DisputeType,
    MediationSession,
    PartySide,
    Performance,
    Referral,
)
from governance.events.models import GridEvent
from governance.mediation.models import MediationCommittee
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import TOWNSHIP_CODE_LENGTH, RegionLevel, ancestor, covers
from governance.workflows.common import (
    check_count,
    check_note,
    distinct,
    require_actor,
    require_text,
)
from kit.clock import local_day

A = DisputeAction


@dataclass(frozen=True, slots=True)
class Acting:
    """Who acts (through which grant) and when."""

    viewer: Viewer
    grant: Grant
    now: dt.datetime


# GraphQL's Int is 32-bit: 21,474,836.47 yuan, far above what people's mediation handles.
AMOUNT_FEN_MAX = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Party:
    side: PartySide
    name: str
    person_id: int | None = None
    organization: bool = False


@dataclass(frozen=True, slots=True)
class Registration:
    committee_id: int
    region_code: str
    dispute_type: DisputeType
    source: DisputeSource
    summary: str
    amount_at_stake_fen: int
    parties: Sequence[Party]
    mediator_ids: Sequence[int]
    grid_event_id: int | None = None


async def register(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Registration
) -> DisputeCase:
    """A new case before a committee, with its parties and mediators (the first one leads)."""
    _check_registration(request)
    committee = await session.get(MediationCommittee, request.committee_id)
    if committee is None:
        raise Refusal(RefusalCode.COMMITTEE_NOT_FOUND, "committeeId", "No committee has this id.")
    if committee.ended_on is not None:
        message = "This committee has closed: register the case with its successor."
        raise Refusal(RefusalCode.ALREADY_ENDED, "committeeId", message)
    await _check_region(session, committee, request.region_code)
    grant = require_actor(viewer, request.region_code, ADMIN_AND_MEDIATOR_ROLES)
    await _check_grid_event(session, request)
    mediator_ids = distinct(request.mediator_ids)
    serving = await repository.committee_mediators(session, committee.id, mediator_ids)
    if serving != set(mediator_ids):
        message = "Every mediator must serve on the case's committee."
        raise Refusal(RefusalCode.MEDIATOR_NOT_ON_COMMITTEE, "mediatorIds", message)
    row = _new_case(request, now)
    session.add(row)
    await session.flush()
    _add_parties_and_mediators(session, row, request.parties, mediator_ids)
    _record(session, row, A.REGISTER, None, acting=Acting(viewer, grant, now), note=None)
    await session.flush()
    return row


def _check_registration(request: Registration) -> None:
    require_text(request.summary, "summary", SUMMARY_LENGTH_MAX)
    if not 0 <= request.amount_at_stake_fen <= AMOUNT_FEN_MAX:
        raise Refusal(RefusalCode.AMOUNT_OUT_OF_RANGE, "amountAtStakeFen", "Amount out of range.")
    check_count(request.parties, "parties", PARTIES_MIN, PARTIES_MAX)
    sides = {party.side for party in request.parties}
    if sides != set(PartySide):
        message = "A dispute needs at least one applicant and one respondent."
        raise Refusal(RefusalCode.PARTIES_ON_BOTH_SIDES, "parties", message)
    for party in request.parties:
        require_text(party.name, "parties", PARTY_NAME_LENGTH_MAX)
    check_count(
        distinct(request.mediator_ids), "mediatorIds", CASE_MEDIATORS_MIN, CASE_MEDIATORS_MAX
    )
    if (request.source is DisputeSource.GRID_EVENT) != (request.grid_event_id is not None):
        message = "A grid event is given exactly when the source is GRID_EVENT."
        raise Refusal(RefusalCode.GRID_EVENT_MISMATCH, "gridEventId", message)


async def _check_region(session: AsyncSession, committee: MediationCommittee, code: str) -> None:
    if not await regions_repository.by_codes(session, [code]):
        raise Refusal(RefusalCode.REGION_NOT_FOUND, "regionCode", "No region has this code.")
    if len(code) < TOWNSHIP_CODE_LENGTH or not covers(committee.region_code, code):
        message = "The dispute must arise within the committee's township or village."
        raise Refusal(RefusalCode.OUTSIDE_COMMITTEE_REGION, "regionCode", message)


async def _check_grid_event(session: AsyncSession, request: Registration) -> None:
    if request.grid_event_id is None:
        return
    event = await session.get(GridEvent, request.grid_event_id)
    if event is None:
        raise Refusal(RefusalCode.EVENT_NOT_FOUND, "gridEventId", "No grid event has this id.")
    township = ancestor(request.region_code, RegionLevel.TOWNSHIP)
    if not covers(township, event.region_code):
        message = "The grid event happened outside this township."
        raise Refusal(RefusalCode.GRID_EVENT_MISMATCH, "gridEventId", message)


def _new_case(request: Registration, now: dt.datetime) -> DisputeCase:
    return DisputeCase(
        region_code=request.region_code,
        committee_id=request.committee_id,
        dispute_type=request.dispute_type,
        source=request.source,
        grid_event_id=request.grid_event_id,
        status=DisputeStatus.REGISTERED,
        summary=request.summary.strip(),
        amount_at_stake_fen=request.amount_at_stake_fen,
        registered_on=local_day(now),
        registered_at=now,
    )


def _add_parties_and_mediators(
    session: AsyncSession, row: DisputeCase, parties: Sequence[Party], mediator_ids: list[int]
) -> None:
    for party in parties:
        session.add(
            DisputeParty(
                case_id=row.id,
                region_code=row.region_code,
                side=party.side,
                name=party.name.strip(),
                person_id=party.person_id,
                organization=party.organization,
            )
        )
    for position, mediator_id in enumerate(mediator_ids):
        session.add(
            DisputeCaseMediator(
                case_id=row.id,
                mediator_id=mediator_id,
                region_code=row.region_code,
                lead=position == 0,
            )
        )


async def _open(
    session: AsyncSession, viewer: Viewer, case_id: int, action: DisputeAction
) -> tuple[DisputeCase, Grant, DisputeStatus]:
    """The case locked, the acting grant, and the status ``action`` leads to."""
    row = await repository.lock(session, case_id)
    if row is None:
        raise Refusal(RefusalCode.CASE_NOT_FOUND, "caseId", "No dispute case has this id.")
    grant = require_actor(viewer, row.region_code, ADMIN_AND_MEDIATOR_ROLES)
    target = next_status(row.status, action)
    if target is None:
        message = f"{action} is not allowed while the case is {row.status}."
        raise Refusal(RefusalCode.INVALID_TRANSITION, None, message)
    return row, grant, target


async def _require_case_mediator(session: AsyncSession, row: DisputeCase, mediator_id: int) -> None:
    if mediator_id not in await repository.case_mediator_ids(session, row.id):
        raise Refusal(
            RefusalCode.NOT_A_CASE_MEDIATOR, "mediatorId", "This mediator is not on the case."
        )


@dataclass(frozen=True, slots=True)
class SessionRequest:
    case_id: int
    held_on: dt.date
    mediator_id: int
    notes: str | None = None


async def hold_session(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: SessionRequest
) -> DisputeCase:
    row, grant, target = await _open(session, viewer, request.case_id, A.HOLD_SESSION)
    if not row.registered_on <= request.held_on <= local_day(now):
        message = "A session is held between registration and today."
        raise Refusal(RefusalCode.DATE_OUT_OF_RANGE, "heldOn", message)
    await _require_case_mediator(session, row, request.mediator_id)
    if await repository.session_count(session, row.id) >= SESSIONS_MAX:
        message = f"A case records at most {SESSIONS_MAX} sessions."
        raise Refusal(RefusalCode.SESSION_LIMIT_REACHED, "caseId", message)
    if request.notes is not None and len(request.notes) > SESSION_NOTES_LENGTH_MAX:
        raise Refusal(
            RefusalCode.TOO_LONG, "notes", f"At most {SESSION_NOTES_LENGTH_MAX} characters."
        )
    session.add(
        MediationSession(
            case_id=row.id,
            region_code=row.region_code,
            held_on=request.held_on,
            mediator_id=request.mediator_id,
            notes=request.notes,
        )
    )
    return await _move(
        session, row, A.HOLD_SESSION, target, acting=Acting(viewer, grant, now), note=None
    )


class Outcome:
    """How mediation ended (the API's ``DisputeOutcome``)."""

    AGREEMENT = "AGREEMENT"
    FAILED = "FAILED"
    WITHDRAWN = "WITHDRAWN"


@dataclass(frozen=True, slots=True)
class Conclusion:
    case_id: int
    outcome: str  # an ``Outcome`` or a ``Referral`` name
    note: str | None = None
    agreement_text: str | None = None
    signed_by_parties: bool = False
    signing_mediator_id: int | None = None


async def conclude(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Conclusion
) -> DisputeCase:
    action = _action_of(request.outcome)
    note = check_note(request.note)
    row, grant, target = await _open(session, viewer, request.case_id, action)
    if action is A.REACH_AGREEMENT:
        await _sign(session, row, request, local_day(now))
    if action is A.REFER:
        row.referral = Referral[request.outcome]
    row.concluded_on = local_day(now)
    return await _move(session, row, action, target, acting=Acting(viewer, grant, now), note=note)


def _action_of(outcome: str) -> DisputeAction:
    if outcome == Outcome.AGREEMENT:
        return A.REACH_AGREEMENT
    if outcome == Outcome.FAILED:
        return A.FAIL
    if outcome == Outcome.WITHDRAWN:
        return A.WITHDRAW
    assert outcome in Referral.__members__, outcome
    return A.REFER


async def _sign(
    session: AsyncSession, row: DisputeCase, request: Conclusion, today: dt.date
) -> None:
    """The People's Mediation Law: a written agreement signed by both parties and a mediator."""
    if request.agreement_text is None:
        raise Refusal(
            RefusalCode.AGREEMENT_TEXT_REQUIRED, "agreementText", "Give the written agreement."
        )
    text = require_text(request.agreement_text, "agreementText", AGREEMENT_LENGTH_MAX)
    if not request.signed_by_parties:
        message = "Both parties must sign the written agreement."
        raise Refusal(RefusalCode.AGREEMENT_UNSIGNED, "signedByParties", message)
    if request.signing_mediator_id is None:
        message = "A mediator of the case signs the agreement."
        raise Refusal(RefusalCode.SIGNING_MEDIATOR_REQUIRED, "signingMediatorId", message)
    await _require_case_mediator(session, row, request.signing_mediator_id)
    row.agreement_text, row.agreement_signed_on = text, today
    row.signing_mediator_id = request.signing_mediator_id


async def request_judicial_confirmation(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, case_id: int
) -> DisputeCase:
    """Record that the parties applied to court for confirmation (within 30 days of signing)."""
    row, grant, target = await _open(session, viewer, case_id, A.REQUEST_JUDICIAL_CONFIRMATION)
    today = local_day(now)
    assert row.agreement_signed_on is not None, "agreed cases carry their signing day"
    if row.judicial_confirmation_requested_on is not None:
        raise Refusal(
            RefusalCode.ALREADY_REQUESTED, "caseId", "Judicial confirmation was already requested."
        )
    if today > judicial_confirmation_deadline(row.agreement_signed_on):
        message = f"The {JUDICIAL_CONFIRMATION_WINDOW_DAYS}-day window after signing has closed."
        raise Refusal(RefusalCode.JUDICIAL_CONFIRMATION_WINDOW_CLOSED, "caseId", message)
    row.judicial_confirmation_requested_on = today
    acting = Acting(viewer, grant, now)
    return await _move(
        session, row, A.REQUEST_JUDICIAL_CONFIRMATION, target, acting=acting, note=None
    )


def judicial_confirmation_deadline(signed_on: dt.date) -> dt.date:
    return signed_on + dt.timedelta(days=JUDICIAL_CONFIRMATION_WINDOW_DAYS)


async def record_performance(
    session: AsyncSession,
    viewer: Viewer,
    now: dt.datetime,
    case_id: int,
    *,
    performance: Performance,
    note: str | None,
) -> DisputeCase:
    """Follow-up visit: has the agreement been performed (回访)?"""
    checked_note = check_note(note)
    row, grant, target = await _open(session, viewer, case_id, A.RECORD_PERFORMANCE)
    row.performance, row.followed_up_on = performance, local_day(now)
    return await _move(
        session,
        row,
        A.RECORD_PERFORMANCE,
        target,
        acting=Acting(viewer, grant, now),
        note=checked_note,
    )


async def _move(
    session: AsyncSession,
    row: DisputeCase,
    action: DisputeAction,
    target: DisputeStatus,
    *,
    acting: Acting,
    note: str | None,
) -> DisputeCase:
    before = row.status
    row.status = target
    _record(session, row, action, before, acting=acting, note=note)
    await session.flush()
    return row


def _record(
    session: AsyncSession,
    row: DisputeCase,
    action: DisputeAction,
    before: DisputeStatus | None,
    *,
    acting: Acting,
    note: str | None,
) -> None:
    assert acting.viewer.user_id is not None, "only signed-in viewers hold grants"
    session.add(
        DisputeTransition(
            case_id=row.id,
            region_code=row.region_code,
            action=action,
            from_status=before,
            to_status=row.status,
            actor_user_id=acting.viewer.user_id,
            actor_role=acting.grant.role.value,
            occurred_at=acting.now,
            note=note,
        )
    )
