"""Recording deliberation meetings and publishing disclosures; which villages are overdue.

Grid workers and administrators record meetings in their subtree; administrators publish
disclosures. A village is overdue for a kind when its latest disclosure of that kind was
published more than the kind's interval ago (92 days for Party and village affairs, 31 days
for finances), or never.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.deliberation.models import (
    DECISIONS_LENGTH_MAX,
    SUMMARY_LENGTH_MAX,
    TITLE_LENGTH_MAX,
    TOPIC_LENGTH_MAX,
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    VillageDisclosure,
)
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, is_level
from governance.workflows.common import require_actor, require_text
from kit.clock import local_day

INTERVAL_DAYS_BY_KIND = {
    DisclosureKind.PARTY_AFFAIRS: 92,
    DisclosureKind.VILLAGE_AFFAIRS: 92,
    DisclosureKind.FINANCES: 31,
}
PARTICIPANTS_MAX = 100_000


@dataclass(frozen=True, slots=True)
class Meeting:
    region_code: str
    form: MeetingForm
    topic: str
    held_on: dt.date
    participants_count: int
    quorum_count: int
    decisions: str | None = None


async def record_meeting(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Meeting
) -> DeliberationMeeting:
    levels = (RegionLevel.VILLAGE, RegionLevel.GRID)
    await _require_region(session, request.region_code, levels, "a village or a grid")
    require_actor(viewer, request.region_code)
    require_text(request.topic, "topic", TOPIC_LENGTH_MAX)
    if request.decisions is not None and len(request.decisions) > DECISIONS_LENGTH_MAX:
        raise Refusal(
            RefusalCode.TOO_LONG, "decisions", f"At most {DECISIONS_LENGTH_MAX} characters."
        )
    if request.held_on > local_day(now):
        raise Refusal(RefusalCode.DATE_IN_FUTURE, "heldOn", "Record what has happened.")
    if not 0 <= request.participants_count <= PARTICIPANTS_MAX:
        raise Refusal(
            RefusalCode.COUNT_OUT_OF_RANGE, "participantsCount", "Participants out of range."
        )
    if not 1 <= request.quorum_count <= PARTICIPANTS_MAX:
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, "quorumCount", "Quorum out of range.")
    assert viewer.user_id is not None, "require_actor found a grant"
    row = DeliberationMeeting(
        region_code=request.region_code,
        form=request.form,
        topic=request.topic.strip(),
        held_on=request.held_on,
        participants_count=request.participants_count,
        quorum_count=request.quorum_count,
        decisions=request.decisions.strip() if request.decisions else None,
        recorded_by_user_id=viewer.user_id,
    )
    session.add(row)
    await session.flush()
    return row


async def _require_region(
    session: AsyncSession, code: str, levels: tuple[RegionLevel, ...], what: str
) -> None:
    if not is_level(code, *levels) or not await regions_repository.by_codes(session, [code]):
        raise Refusal(RefusalCode.REGION_NOT_FOUND, "regionCode", f"Give the code of {what}.")


@dataclass(frozen=True, slots=True)
class Disclosure:
    village_code: str
    kind: DisclosureKind
    title: str
    summary: str
    period_start: dt.date
    period_end: dt.date
    includes_donations: bool = False


async def publish(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Disclosure
) -> VillageDisclosure:
    """A disclosure posted today (公示) for a period that has started."""
    levels = (RegionLevel.VILLAGE,)
    await _require_region(session, request.village_code, levels, "a village or community")
    require_actor(viewer, request.village_code, ADMIN_ROLES)
    require_text(request.title, "title", TITLE_LENGTH_MAX)
    require_text(request.summary, "summary", SUMMARY_LENGTH_MAX)
    today = local_day(now)
    if not request.period_start <= request.period_end or request.period_start > today:
        message = "The period must have started and end after it starts."
        raise Refusal(RefusalCode.PERIOD_INVALID, "periodStart", message)
    if request.includes_donations and request.kind is not DisclosureKind.FINANCES:
        message = "Donations are disclosed with the finances."
        raise Refusal(RefusalCode.DONATIONS_IN_FINANCES_ONLY, "includesDonations", message)
    assert viewer.user_id is not None, "require_actor found a grant"
    row = VillageDisclosure(
        region_code=request.village_code,
        kind=request.kind,
        title=request.title.strip(),
        summary=request.summary.strip(),
        period_start=request.period_start,
        period_end=request.period_end,
        published_on=today,
        includes_donations=request.includes_donations,
        recorded_by_user_id=viewer.user_id,
    )
    session.add(row)
    await session.flush()
    return row


def due_before(as_of: dt.date) -> dict[DisclosureKind, dt.date]:
    """Per kind, the day before which the latest disclosure makes a village overdue."""
    return {kind: as_of - dt.timedelta(days=days) for kind, days in INTERVAL_DAYS_BY_KIND.items()}
