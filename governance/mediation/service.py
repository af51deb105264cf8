"""Creating, changing and closing mediation committees; appointing, changing and ending mediators.

Each function takes a plain request (the GraphQL mutations and the .xlsx imports build the
same ones) and does every check itself. Who may: administrators over the committee's region
(``governance.editing``). Every write is versioned and recorded in ``record_history``; nothing
is deleted: a closed committee or an ended mediator stays on record with its end date, and
from that day no longer counts (plan indicators, new dispute cases).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.editing import (
    EDITOR_ROLES,
    Ending,
    check_end,
    check_not_ended,
    check_reason,
    region_to_write,
    require_person,
)
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, check_version, locked, record_created
from governance.mediation import repository
from governance.mediation.models import (
    COMMITTEE_NAME_LENGTH_MAX,
    MediationCommittee,
    Mediator,
    MediatorRole,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel
from governance.workflows.common import require_text

COMMITTEE = "mediation_committee"
MEDIATOR = "mediator"
COMMITTEE_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
CLOSED_WITH_COMMITTEE = "The committee closed."


@dataclass(frozen=True, slots=True)
class CommitteeDraft:
    region_code: str
    name: str
    established_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CommitteeEdit:
    """The committee's fields as they should now be (every field, changed or not)."""

    committee_id: int
    expected_version: int
    name: str
    established_on: dt.date | None


@dataclass(frozen=True, slots=True)
class MediatorDraft:
    committee_id: int
    person_id: int
    role: MediatorRole
    full_time: bool
    started_on: dt.date
    gold_medal: bool = False


@dataclass(frozen=True, slots=True)
class MediatorEdit:
    """The mediator's fields as they should now be (another person is a new appointment)."""

    mediator_id: int
    expected_version: int
    role: MediatorRole
    full_time: bool
    gold_medal: bool
    started_on: dt.date


async def create_committee(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, draft: CommitteeDraft
) -> MediationCommittee:
    """A people's mediation committee for a township or village (one open per region)."""
    name = require_text(draft.name, "name", COMMITTEE_NAME_LENGTH_MAX)
    region = await region_to_write(
        session, viewer, draft.region_code, COMMITTEE_LEVELS, "regionCode"
    )
    if await repository.open_committee(session, region.code) is not None:
        message = "This region has an open mediation committee: change it, or close it first."
        raise Refusal(RefusalCode.COMMITTEE_OPEN, "regionCode", message)
    committee = MediationCommittee(
        region_code=region.code, name=name, established_on=draft.established_on
    )
    session.add(committee)
    await session.flush()
    fields = {"region_code": region.code, "name": name, "established_on": draft.established_on}
    await record_created(session, committee, entity=COMMITTEE, viewer=viewer, at=at, fields=fields)
    return committee


async def _committee(
    session: AsyncSession, viewer: Viewer, committee_id: int
) -> MediationCommittee:
    committee = await locked(session, MediationCommittee, committee_id, viewer, EDITOR_ROLES)
    if committee is None:
        message = "No mediation committee within your regions has this id."
        raise Refusal(RefusalCode.COMMITTEE_NOT_FOUND, "committeeId", message)
    return committee


async def change_committee(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, edit: CommitteeEdit
) -> MediationCommittee:
    committee = await _committee(session, viewer, edit.committee_id)
    check_not_ended(committee.ended_on, "committeeId")
    name = require_text(edit.name, "name", COMMITTEE_NAME_LENGTH_MAX)
    edits = {"name": name, "established_on": edit.established_on}
    await apply_edit(
        session, committee, edits, entity=COMMITTEE, expected_version=edit.expected_version,
        viewer=viewer, at=at,
    )  # fmt: skip
    return committee


async def close_committee(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, ending: Ending
) -> MediationCommittee:
    """Close a committee; the terms of its serving mediators end the same day."""
    committee = await _committee(session, viewer, ending.row_id)
    check_not_ended(committee.ended_on, "committeeId")
    check_version(committee, ending.expected_version)
    check_end(committee.established_on, ending.ended_on)
    reason = check_reason(ending.reason)
    for mediator in await repository.lock_serving_mediators(session, committee.id):
        check_end(mediator.started_on, ending.ended_on)
        await apply_edit(
            session, mediator, {"ended_on": ending.ended_on}, entity=MEDIATOR,
            expected_version=mediator.version, viewer=viewer, at=at, action=ChangeAction.ENDED,
            reason=CLOSED_WITH_COMMITTEE,
        )  # fmt: skip
    await apply_edit(
        session, committee, {"ended_on": ending.ended_on}, entity=COMMITTEE,
        expected_version=ending.expected_version, viewer=viewer, at=at,
        action=ChangeAction.ENDED, reason=reason,
    )  # fmt: skip
    return committee


async def appoint_mediator(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, draft: MediatorDraft
) -> Mediator:
    """A person joins an open committee in a role (人民调解员)."""
    committee = await _committee(session, viewer, draft.committee_id)
    check_not_ended(committee.ended_on, "committeeId")
    await require_person(session, viewer, draft.person_id)
    if await repository.serving_mediator(session, committee.id, draft.person_id) is not None:
        message = "This person already serves on this committee: change their role instead."
        raise Refusal(RefusalCode.ALREADY_ASSIGNED, "personId", message)
    mediator = Mediator(
        committee_id=committee.id,
        region_code=committee.region_code,
        person_id=draft.person_id,
        role=draft.role,
        full_time=draft.full_time,
        gold_medal=draft.gold_medal,
        started_on=draft.started_on,
    )
    session.add(mediator)
    await session.flush()
    fields = {
        "committee_id": committee.id,
        "person_id": draft.person_id,
        "role": draft.role,
        "full_time": draft.full_time,
        "gold_medal": draft.gold_medal,
        "started_on": draft.started_on,
    }
    await record_created(session, mediator, entity=MEDIATOR, viewer=viewer, at=at, fields=fields)
    return mediator


async def _mediator(session: AsyncSession, viewer: Viewer, mediator_id: int) -> Mediator:
    mediator = await locked(session, Mediator, mediator_id, viewer, EDITOR_ROLES)
    if mediator is None:
        message = "No mediator within your regions has this id."
        raise Refusal(RefusalCode.MEDIATOR_NOT_FOUND, "mediatorId", message)
    return mediator


async def change_mediator(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, edit: MediatorEdit
) -> Mediator:
    mediator = await _mediator(session, viewer, edit.mediator_id)
    check_not_ended(mediator.ended_on, "mediatorId")
    edits = {
        "role": edit.role,
        "full_time": edit.full_time,
        "gold_medal": edit.gold_medal,
        "started_on": edit.started_on,
    }
    await apply_edit(
        session, mediator, edits, entity=MEDIATOR, expected_version=edit.expected_version,
        viewer=viewer, at=at,
    )  # fmt: skip
    return mediator


async def end_mediator(
    session: AsyncSession, viewer: Viewer, at: dt.datetime, ending: Ending
) -> Mediator:
    """End a mediator's term: from ``ended_on`` they no longer serve (nor count)."""
    mediator = await _mediator(session, viewer, ending.row_id)
    check_not_ended(mediator.ended_on, "mediatorId")
    check_end(mediator.started_on, ending.ended_on)
    await apply_edit(
        session, mediator, {"ended_on": ending.ended_on}, entity=MEDIATOR,
        expected_version=ending.expected_version, viewer=viewer, at=at,
        action=ChangeAction.ENDED, reason=check_reason(ending.reason),
    )  # fmt: skip
    return mediator
