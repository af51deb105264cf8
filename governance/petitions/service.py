"""Receiving petitions and answering them within the statutory days; hearings, consultations
and reception days. Administrators over the receiving region act; services flush; refusals
raise ``Refusal``. Every step, visits included, is appended to the petition's timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_ROLES
from governance.petitions import repository
from governance.petitions.machine import due_after, next_status
from governance.petitions.models import (
    CONTENT_LENGTH_MAX,
    NAME_LENGTH_MAX,
    POST_LENGTH_MAX,
    REPLY_LENGTH_MAX,
    REPRESENTATIVES_MAX,
    REVIEW_REQUEST_DAYS,
    SUBJECT_LENGTH_MAX,
    VISITS_MAX,
    HearingKind,
    Petition,
    PetitionAction,
    Petitioner,
    PetitionHearing,
    PetitionStatus,
    PetitionTransition,
    PetitionVisit,
    ReceptionDay,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, covers, is_level
from governance.workflows.common import (
    check_count,
    check_note,
    require_actor,
    require_text,
)
from kit.clock import local_day

A = PetitionAction
PETITIONERS_LISTED_MAX = 100
RECEIVING_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True, slots=True)
class PetitionerEntry:
    name: str
    person_id: int | None = None
    representative: bool = False


@dataclass(frozen=True, slots=True)
class Reception:
    region_code: str
    subject: str
    content: str
    major: bool
    leader_name: str
    leader_post: str
    petitioners: Sequence[PetitionerEntry]
    visitors_count: int


@dataclass(frozen=True, slots=True)
class Acting:
    viewer: Viewer
    grant: Grant
    now: dt.datetime


async def receive(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Reception
) -> Petition:
    """A matter received at a level, with its first visit: the 15-day decision clock starts."""
    _check_reception(request)
    await _require_receiving_region(session, request.region_code)
    acting = Acting(viewer, require_actor(viewer, request.region_code, ADMIN_ROLES), now)
    today = local_day(now)
    representatives = sum(1 for p in request.petitioners if p.representative)
    row = Petition(
        region_code=request.region_code,
        subject=request.subject.strip(),
        content=request.content.strip(),
        major=request.major,
        status=PetitionStatus.RECEIVED,
        responsible_leader_name=request.leader_name.strip(),
        responsible_leader_post=request.leader_post.strip(),
        petitioners_count=len(request.petitioners),
        representatives_count=representatives,
        received_on=today,
        due_on=due_after(A.RECEIVE, today, None),
        extended=False,
        visits_count=1,
        registered_at=now,
    )
    session.add(row)
    await session.flush()
    _add_petitioners(session, row, request.petitioners)
    session.add(_visit(row, today, request.visitors_count, None))
    _record(session, row, A.RECEIVE, None, acting=acting, note=None)
    await session.flush()
    return row


def _check_reception(request: Reception) -> None:
    require_text(request.subject, "subject", SUBJECT_LENGTH_MAX)
    require_text(request.content, "content", CONTENT_LENGTH_MAX)
    require_text(request.leader_name, "leaderName", NAME_LENGTH_MAX)
    require_text(request.leader_post, "leaderPost", POST_LENGTH_MAX)
    check_count(request.petitioners, "petitioners", 1, PETITIONERS_LISTED_MAX)
    for petitioner in request.petitioners:
        require_text(petitioner.name, "petitioners", NAME_LENGTH_MAX)
    if sum(1 for p in request.petitioners if p.representative) > REPRESENTATIVES_MAX:
        message = f"A joint visit sends at most {REPRESENTATIVES_MAX} representatives."
        raise Refusal(RefusalCode.TOO_MANY_REPRESENTATIVES, "petitioners", message)
    _check_visitors(request.visitors_count)


def _check_visitors(visitors_count: int) -> None:
    if not 1 <= visitors_count <= REPRESENTATIVES_MAX:
        message = f"Between 1 and {REPRESENTATIVES_MAX} people visit at once."
        raise Refusal(RefusalCode.TOO_MANY_VISITORS, "visitorsCount", message)


async def _require_receiving_region(session: AsyncSession, code: str) -> None:
    if not is_level(code, *RECEIVING_LEVELS) or not await regions_repository.by_codes(
        session, [code]
    ):
        message = "Petitions are received by a county, township or village."
        raise Refusal(RefusalCode.NOT_A_RECEIVING_REGION, "regionCode", message)


def _add_petitioners(
    session: AsyncSession, row: Petition, entries: Sequence[PetitionerEntry]
) -> None:
    for entry in entries:
        session.add(
            Petitioner(
                petition_id=row.id,
                region_code=row.region_code,
                name=entry.name.strip(),
                person_id=entry.person_id,
                representative=entry.representative,
            )
        )


def _visit(row: Petition, day: dt.date, visitors_count: int, note: str | None) -> PetitionVisit:
    return PetitionVisit(
        petition_id=row.id,
        region_code=row.region_code,
        visited_on=day,
        visitors_count=visitors_count,
        note=note,
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One step; ``reply_text``/``resolved`` for REPLY, REVIEW, RE_REVIEW; visitors for visits."""

    petition_id: int
    action: PetitionAction
    note: str | None = None
    reply_text: str | None = None
    resolved: bool | None = None
    visitors_count: int = 1


async def act(session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Step) -> Petition:
    assert request.action is not A.RECEIVE, "receiving creates a petition"
    note = check_note(request.note)
    row = await repository.lock(session, request.petition_id)
    if row is None:
        raise Refusal(RefusalCode.PETITION_NOT_FOUND, "petitionId", "No petition has this id.")
    acting = Acting(viewer, require_actor(viewer, row.region_code, ADMIN_ROLES), now)
    target = next_status(row.status, request.action)
    if target is None:
        message = f"{request.action} is not allowed while the petition is {row.status}."
        raise Refusal(RefusalCode.INVALID_TRANSITION, "action", message)
    today = local_day(now)
    _apply(session, row, request, today)
    before = row.status
    row.status = target
    row.due_on = due_after(request.action, today, row.due_on)
    _record(session, row, request.action, before, acting=acting, note=note)
    await session.flush()
    return row


def _apply(session: AsyncSession, row: Petition, request: Step, today: dt.date) -> None:
    """What a step writes besides the status (checks first, so a refusal changes nothing)."""
    action = request.action
    if action in (A.ACCEPT, A.DECLINE):
        row.decided_on = today
    elif action is A.EXTEND:
        if row.extended:
            raise Refusal(
                RefusalCode.ALREADY_EXTENDED, "action", "The handling time extends only once."
            )
        row.extended = True
    elif action in (A.REPLY, A.REVIEW, A.RE_REVIEW):
        _answer(row, request, today)
    elif action in (A.REQUEST_REVIEW, A.REQUEST_RE_REVIEW):
        _check_review_window(row, today)
    elif action is A.RECORD_VISIT:
        _check_visitors(request.visitors_count)
        if row.visits_count >= VISITS_MAX:
            message = f"A petition records at most {VISITS_MAX} visits."
            raise Refusal(RefusalCode.VISIT_LIMIT_REACHED, "action", message)
        row.visits_count += 1
        session.add(_visit(row, today, request.visitors_count, request.note))


def _answer(row: Petition, request: Step, today: dt.date) -> None:
    """A written answer (reply, review or re-review decision) and whether it settles the matter."""
    if request.reply_text is None:
        raise Refusal(RefusalCode.REPLY_REQUIRED, "replyText", "Answer in writing.")
    text = require_text(request.reply_text, "replyText", REPLY_LENGTH_MAX)
    if request.resolved is None:
        raise Refusal(
            RefusalCode.RESOLVED_REQUIRED, "resolved", "Say whether the answer settles it."
        )
    row.reply_text, row.replied_on, row.resolved = text, today, request.resolved


def _check_review_window(row: Petition, today: dt.date) -> None:
    assert row.replied_on is not None, "answered petitions carry the answer's day"
    if today > row.replied_on + dt.timedelta(days=REVIEW_REQUEST_DAYS):
        message = f"Reviews are requested within {REVIEW_REQUEST_DAYS} days of the answer."
        raise Refusal(RefusalCode.REVIEW_WINDOW_CLOSED, "action", message)


def _record(
    session: AsyncSession,
    row: Petition,
    action: PetitionAction,
    before: PetitionStatus | None,
    *,
    acting: Acting,
    note: str | None,
) -> None:
    assert acting.viewer.user_id is not None, "only signed-in viewers hold grants"
    session.add(
        PetitionTransition(
            petition_id=row.id,
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


@dataclass(frozen=True, slots=True)
class Hearing:
    region_code: str
    kind: HearingKind
    held_on: dt.date
    chair_name: str
    chair_post: str
    participants_count: int
    summary: str
    petition_id: int | None = None


async def record_hearing(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Hearing
) -> PetitionHearing:
    """A hearing or consultation on a major case, held by a county or township."""
    if not is_level(request.region_code, RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        message = "Hearings are held by a county or a township."
        raise Refusal(RefusalCode.NOT_A_COUNTY_OR_TOWNSHIP, "regionCode", message)
    await _require_receiving_region(session, request.region_code)
    require_actor(viewer, request.region_code, ADMIN_ROLES)
    _check_held_on(request.held_on, now)
    require_text(request.chair_name, "chairName", NAME_LENGTH_MAX)
    require_text(request.chair_post, "chairPost", POST_LENGTH_MAX)
    require_text(request.summary, "summary", CONTENT_LENGTH_MAX)
    if request.participants_count < 1:
        raise Refusal(
            RefusalCode.COUNT_OUT_OF_RANGE, "participantsCount", "At least one participant."
        )
    await _check_hearing_petition(session, request)
    row = PetitionHearing(
        region_code=request.region_code,
        kind=request.kind,
        petition_id=request.petition_id,
        held_on=request.held_on,
        chair_name=request.chair_name.strip(),
        chair_post=request.chair_post.strip(),
        participants_count=request.participants_count,
        summary=request.summary.strip(),
    )
    session.add(row)
    await session.flush()
    return row


def _check_held_on(held_on: dt.date, now: dt.datetime) -> None:
    if held_on > local_day(now):
        raise Refusal(RefusalCode.DATE_IN_FUTURE, "heldOn", "Record what has happened.")


async def _check_hearing_petition(session: AsyncSession, request: Hearing) -> None:
    if request.petition_id is None:
        return
    petition = await session.get(Petition, request.petition_id)
    if petition is None or not covers(request.region_code, petition.region_code):
        message = "No petition with this id was received in this region."
        raise Refusal(RefusalCode.PETITION_NOT_FOUND, "petitionId", message)
    if not petition.major:
        message = "Hearings and consultations are held on major cases."
        raise Refusal(RefusalCode.NOT_A_MAJOR_CASE, "petitionId", message)


@dataclass(frozen=True, slots=True)
class Receiving:
    region_code: str
    held_on: dt.date
    leader_name: str
    leader_post: str
    location: str
    petitioners_received: int
    matters_resolved_on_site: int


async def record_reception_day(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Receiving
) -> ReceptionDay:
    """A leader's day receiving petitioners in person (大接访)."""
    await _require_receiving_region(session, request.region_code)
    require_actor(viewer, request.region_code, ADMIN_ROLES)
    _check_held_on(request.held_on, now)
    require_text(request.leader_name, "leaderName", NAME_LENGTH_MAX)
    require_text(request.leader_post, "leaderPost", POST_LENGTH_MAX)
    require_text(request.location, "location", POST_LENGTH_MAX)
    if not 0 <= request.matters_resolved_on_site <= request.petitioners_received:
        message = "Matters resolved on site are between 0 and the petitioners received."
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, "mattersResolvedOnSite", message)
    row = ReceptionDay(
        region_code=request.region_code,
        held_on=request.held_on,
        leader_name=request.leader_name.strip(),
        leader_post=request.leader_post.strip(),
        location=request.location.strip(),
        petitioners_received=request.petitioners_received,
        matters_resolved_on_site=request.matters_resolved_on_site,
    )
    session.add(row)
    await session.flush()
    return row
