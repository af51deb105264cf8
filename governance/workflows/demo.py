"""Demo workflows across Fengning: grid events at every stage (some escalated by the clock),
dispute cases, petitions with hearings and reception days, deliberation meetings and
disclosures (some villages left overdue), so every demo screen has something to show.

Events, disputes and petitions go through their services (so timelines and deadlines are
what the workflow itself would produce), acted on by the demo county administrator; meetings
and disclosures are inserted in bulk. Seeded and idempotent: skipped once events exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access import repository as access_repository
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.deliberation.models import (
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    VillageDisclosure,
)
from governance.disputes import repository as disputes_repository
from governance.disputes import service as disputes
from governance.disputes.models import DisputeSource, DisputeType, PartySide, Performance
from governance.events import service as events
from governance.events.models import EventAction, EventCategory, GridEvent
from governance.events.repository import SWEEP_BATCH_MAX
from governance.petitions import service as petitions
from governance.petitions.models import HearingKind, PetitionAction
from governance.refusals import Refusal
from governance.regions.codes import (
    TOWNSHIP_CODE_LENGTH,
    RegionLevel,
    ancestor,
    ancestors,
    is_level,
)
from governance.regions.models import Region
from kit.clock import COUNTY_TIME_ZONE, local_day

EVENTS = 160
DISPUTES = 40
PETITIONS = 30
MONTHS_OF_HEARINGS = 6
DEMO_ADMIN = "county.admin"
DAY = dt.timedelta(days=1)

EVENT_TEXTS = {
    EventCategory.DISPUTE: ("邻里纠纷", "两户因院墙界限发生争执，需调解。"),
    EventCategory.SAFETY_HAZARD: ("安全隐患", "村道旁电线杆倾斜，存在倒塌风险。"),
    EventCategory.PUBLIC_SECURITY: ("治安情况", "夜间有陌生车辆在村内徘徊。"),
    EventCategory.SANITATION: ("环境卫生", "村口垃圾堆积，未及时清运。"),
    EventCategory.LIVELIHOOD: ("民生诉求", "独居老人反映冬季取暖困难。"),
    EventCategory.EPIDEMIC: ("疫情防控", "外地返乡人员需登记排查。"),
}
HAPPY_PATH = (
    EventAction.ACCEPT,
    EventAction.ASSIGN,
    EventAction.START_HANDLING,
    EventAction.GIVE_FEEDBACK,
    EventAction.VERIFY,
    EventAction.CLOSE,
    EventAction.EVALUATE,
)
DEPARTMENTS = ("乡镇综治办", "村委会", "派出所", "供电所", "卫生院", "环卫所")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


async def load_workflows(
    session: AsyncSession,
    grids: Sequence[Region],
    villages: Sequence[Region],
    today: dt.date,
    seed: int,
) -> dict[str, int]:
    """Every workflow's demo rows; nothing when grid events already exist."""
    if await listing.any_row(session, GridEvent):
        return dict.fromkeys(("grid_events", "dispute_cases", "petitions", "meetings"), 0)
    admin = await access_repository.user_by_username(session, DEMO_ADMIN)
    assert admin is not None, "demo users load before workflows"
    viewer = Viewer(admin.id, 0, (Grant(Role.COUNTY_ADMIN, "130826"),))
    rng = random.Random(seed)  # noqa: S311  (demo data must be reproducible)
    noon = dt.datetime.combine(today, dt.time(12), COUNTY_TIME_ZONE)
    return {
        "grid_events": await _events(session, viewer, rng, grids, noon),
        "dispute_cases": await _disputes(session, viewer, rng, noon),
        "petitions": await _petitions(session, viewer, rng, villages, noon),
        "meetings": await _self_governance(session, admin.id, rng, villages, today),
    }


async def _events(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    grids: Sequence[Region],
    now: dt.datetime,
) -> int:
    for _ in range(EVENTS):
        category = rng.choice(list(EventCategory))
        title, description = EVENT_TEXTS[category]
        at = now - dt.timedelta(hours=rng.randint(2, 24 * 60))
        report = events.Report(rng.choice(grids).code, category, title, description)
        event = await events.report(session, viewer, at, report)
        await _advance_event(session, viewer, rng, event.id, at=at, now=now)
    # What the background sweep would do on start: escalate whatever is overdue now.
    while (
        len(await events.escalate_overdue(session, now, None, SWEEP_BATCH_MAX)) == SWEEP_BATCH_MAX
    ):
        pass
    return EVENTS


async def _advance_event(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    event_id: int,
    *,
    at: dt.datetime,
    now: dt.datetime,
) -> None:
    """Walk part of the happy path (some rejected, escalated or reopened), never past now."""
    plan: list[EventAction] = list(HAPPY_PATH[: rng.randint(0, len(HAPPY_PATH))])
    roll = rng.random()
    if roll < 0.05:
        plan = [EventAction.REJECT]
    elif roll < 0.15:
        plan = [EventAction.ESCALATE, *plan[:2]]
    elif roll < 0.2 and len(plan) >= len(HAPPY_PATH) - 1:
        plan += [EventAction.REOPEN]
    for action in plan:
        at += dt.timedelta(hours=rng.randint(1, 30))
        if at >= now:
            return
        step = events.Step(
            event_id,
            action,
            assignee_department=rng.choice(DEPARTMENTS) if action is EventAction.ASSIGN else None,
            satisfaction=rng.randint(3, 5) if action is EventAction.EVALUATE else None,
        )
        try:
            await events.act(session, viewer, at, step)
        except Refusal:
            return  # the clock escalated it meanwhile: leave it where the workflow put it


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(("某", "某某"))


async def _disputes(
    session: AsyncSession, viewer: Viewer, rng: random.Random, now: dt.datetime
) -> int:
    committees = await disputes_repository.committees_with_mediators(session)
    villages = [code for code in committees if is_level(code, RegionLevel.VILLAGE)]
    for _ in range(DISPUTES):
        code = rng.choice(villages)
        committee_id, mediator_ids = committees[code]
        at = now - dt.timedelta(days=rng.randint(1, 90))
        request = disputes.Registration(
            committee_id=committee_id,
            region_code=code,
            dispute_type=rng.choice(list(DisputeType)),
            source=rng.choice([s for s in DisputeSource if s is not DisputeSource.GRID_EVENT]),
            summary="当事人因"
            + rng.choice(("宅基地", "借款", "土地承包", "赡养", "工钱"))
            + "发生纠纷",
            amount_at_stake_fen=rng.randint(0, 200_000) * 100,
            parties=[
                disputes.Party(PartySide.APPLICANT, _name(rng)),
                disputes.Party(PartySide.RESPONDENT, _name(rng)),
            ],
            mediator_ids=mediator_ids[: rng.randint(1, 2)],
        )
        row = await disputes.register(session, viewer, at, request)
        await _mediate(
            session, viewer, rng, row.id, mediator_id=mediator_ids[0], at=at + DAY, now=now
        )
    return DISPUTES


async def _mediate(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    case_id: int,
    *,
    mediator_id: int,
    at: dt.datetime,
    now: dt.datetime,
) -> None:
    if at >= now or rng.random() < 0.2:
        return  # still registered
    held_on = local_day(at)
    await disputes.hold_session(
        session, viewer, at, disputes.SessionRequest(case_id, held_on, mediator_id, "首次调解")
    )
    outcome = rng.choices(
        ["MEDIATING", disputes.Outcome.AGREEMENT, disputes.Outcome.FAILED, "LITIGATION"],
        weights=[2, 6, 1, 1],
    )[0]
    at += DAY
    if outcome == "MEDIATING" or at >= now:
        return
    conclusion = disputes.Conclusion(
        case_id,
        outcome,
        agreement_text="双方自愿达成如下协议……",
        signed_by_parties=True,
        signing_mediator_id=mediator_id,
    )
    await disputes.conclude(session, viewer, at, conclusion)
    if outcome == disputes.Outcome.AGREEMENT and at + 10 * DAY < now:
        performance = rng.choice(list(Performance))
        await disputes.record_performance(
            session, viewer, at + 10 * DAY, case_id, performance=performance, note="回访"
        )


async def _petitions(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    villages: Sequence[Region],
    now: dt.datetime,
) -> int:
    major_ids: list[tuple[str, int]] = []
    for _ in range(PETITIONS):
        village = rng.choice(villages)
        code = rng.choice((*ancestors(village.code), village.code))
        at = now - dt.timedelta(days=rng.randint(1, 120))
        count = rng.choice((1, 1, 1, 3, 8))
        request = petitions.Reception(
            region_code=code,
            subject=rng.choice(("征地补偿", "低保评定", "农村道路", "拖欠工资", "宅基地确权")),
            content="来访人反映有关问题，请求依法处理。",
            major=rng.random() < 0.3,
            leader_name=_name(rng),
            leader_post=rng.choice(("县委常委", "乡镇党委书记", "村党支部书记")),
            petitioners=[
                petitions.PetitionerEntry(_name(rng), representative=count > 1 and i < 5)
                for i in range(count)
            ],
            visitors_count=min(count, 5),
        )
        row = await petitions.receive(session, viewer, at, request)
        if row.major:
            major_ids.append((code, row.id))
        await _answer(session, viewer, rng, row.id, at=at, now=now)
    await _hearings(session, viewer, rng, major_ids, now)
    return PETITIONS


async def _answer(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    petition_id: int,
    *,
    at: dt.datetime,
    now: dt.datetime,
) -> None:
    steps = [
        (PetitionAction.ACCEPT, rng.randint(1, 20)),
        (PetitionAction.RECORD_VISIT, rng.randint(1, 10)) if rng.random() < 0.3 else None,
        (PetitionAction.REPLY, rng.randint(5, 70)),
    ]
    for entry in steps[: rng.randint(0, 3)]:
        if entry is None:
            continue
        action, days = entry
        at += days * DAY
        if at >= now:
            return
        resolved = rng.random() < 0.8
        step = petitions.Step(
            petition_id, action, reply_text="经调查，依法答复如下……", resolved=resolved
        )
        await petitions.act(session, viewer, at, step)


async def _hearings(
    session: AsyncSession,
    viewer: Viewer,
    rng: random.Random,
    major_ids: Sequence[tuple[str, int]],
    now: dt.datetime,
) -> None:
    """A hearing and a consultation most months (one month missed), reception days monthly."""
    today = local_day(now)
    for months_back in range(MONTHS_OF_HEARINGS):
        day = (today.replace(day=1) - dt.timedelta(days=months_back * 30)).replace(day=10)
        day = min(day, today)
        kinds = [HearingKind.HEARING] if months_back == 2 else list(HearingKind)
        for kind in kinds:
            code, petition_id = rng.choice(major_ids) if major_ids else ("130826", None)
            hearing = petitions.Hearing(
                region_code=ancestor(code, RegionLevel.TOWNSHIP)
                if len(code) >= TOWNSHIP_CODE_LENGTH
                else code,
                kind=kind,
                held_on=day,
                chair_name=_name(rng),
                chair_post="信访联席会议召集人" if kind is HearingKind.HEARING else "政法委书记",
                participants_count=rng.randint(6, 20),
                summary="听取信访人陈述，研究化解方案。",
                petition_id=petition_id,
            )
            await petitions.record_hearing(session, viewer, now, hearing)
        reception = petitions.Receiving(
            region_code="130826",
            held_on=day,
            leader_name=_name(rng),
            leader_post="县委书记",
            location="县信访接待中心",
            petitioners_received=rng.randint(5, 20),
            matters_resolved_on_site=rng.randint(0, 5),
        )
        await petitions.record_reception_day(session, viewer, now, reception)


async def _self_governance(
    session: AsyncSession,
    user_id: int,
    rng: random.Random,
    villages: Sequence[Region],
    today: dt.date,
) -> int:
    meetings = [
        {
            "region_code": village.code,
            "form": rng.choice(list(MeetingForm)),
            "topic": rng.choice(("村道硬化", "人居环境整治", "集体收益分配", "移风易俗")),
            "held_on": today - rng.randint(1, 150) * DAY,
            "participants_count": (participants := rng.randint(15, 80)),
            "quorum_count": rng.randint(20, 40),
            "decisions": "经讨论，多数同意。" if participants >= 20 else None,
            "recorded_by_user_id": user_id,
        }
        for village in villages
        if rng.random() < 0.3
    ]
    await listing.insert_rows(session, DeliberationMeeting, meetings)
    await listing.insert_rows(
        session, VillageDisclosure, _disclosures(rng, villages, today, user_id)
    )
    return len(meetings)


def _disclosures(
    rng: random.Random, villages: Sequence[Region], today: dt.date, user_id: int
) -> list[dict[str, object]]:
    """Most villages disclose on time; about one in eight lets finances slip two months."""
    rows: list[dict[str, object]] = []
    for village in villages:
        late = rng.random() < 0.125
        for months_back in range(3 if late else 1, 7):
            start = (today.replace(day=1) - months_back * 28 * DAY).replace(day=1)
            end = (start + 32 * DAY).replace(day=1) - DAY
            rows.append(_disclosure(village, DisclosureKind.FINANCES, (start, end), today, user_id))
        for kind in (DisclosureKind.PARTY_AFFAIRS, DisclosureKind.VILLAGE_AFFAIRS):
            start = (today - rng.randint(60, 120) * DAY).replace(day=1)
            rows.append(_disclosure(village, kind, (start, start + 89 * DAY), today, user_id))
    return rows


def _disclosure(
    village: Region,
    kind: DisclosureKind,
    period: tuple[dt.date, dt.date],
    today: dt.date,
    user_id: int,
) -> dict[str, object]:
    start, end = period
    published = min(end + 5 * DAY, today)
    return {
        "region_code": village.code,
        "kind": kind,
        "title": f"{start.year}年{start.month}月"
        + {"FINANCES": "财务公开", "PARTY_AFFAIRS": "党务公开", "VILLAGE_AFFAIRS": "村务公开"}[
            kind
        ],
        "summary": "公开内容详见公开栏。",
        "period_start": start,
        "period_end": end,
        "published_on": max(published, start),
        "includes_donations": kind is DisclosureKind.FINANCES,
        "recorded_by_user_id": user_id,
    }
