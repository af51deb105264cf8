"""The residents' roster as an upsert keyed by ID-card number (人口信息采集 in bulk).

A row whose ID number is not recorded registers the person (a new household with its members,
or a member joining a recorded household); a row naming a recorded person corrects what differs
(name, phone, tags, relation; the household's address; the household's village or grid, which
moves the household with its members) or leaves them alone; a row with 注销日期 and 注销原因
ends the person (died, moved away). Every change goes through the same service function as its
mutation (``governance.people``), so the same checks, scope and history apply. What the roster
cannot say is refused with the row number: moving a person to another household (split or merge
in the app), a new head (``changeHouseholdHead``), an end for a person not recorded.

The whole file is one transaction: rows are applied in savepoints, so every bad row is reported,
and any bad row rejects the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.imports import cells
from governance.imports.cells import CellProblem
from governance.imports.runner import ImportReport, Row, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.people import corrections, endings, moves, registration
from governance.people.models import EndReason, Household, Person, RelationToHead
from governance.people.records import ResidentRecord
from governance.people.requests import (
    KEEP,
    HouseholdCorrection,
    HouseholdMove,
    HouseholdRegistration,
    MemberDraft,
    PersonCorrection,
    PersonEnd,
    PersonRegistration,
)
from governance.people.roster import RosterRejected, RowError, check_file, parse_row
from governance.refusals import Refusal
from kit.clock import local_day

END_REASONS = {"死亡": EndReason.DIED, "迁出": EndReason.MOVED_AWAY, "其他": EndReason.OTHER}

PEOPLE = Sheet(
    name="people",
    title="人口花名册",
    columns=(
        Column("household_number", "户号", "户籍或村里编的户号", example="1308261010010001",
               text=True, field="number"),
        Column("village_code", "村代码", "12 位村（社区）统计代码", example="130826101001",
               text=True, field="regionCode"),
        Column("grid_code", "网格代码", "15 位网格代码（以村代码开头）", required=False,
               text=True, field="regionCode"),
        Column("address", "地址", "户的住址", required=False),
        Column("name", "姓名", "", example="王小明"),
        Column("gender", "性别", "男 / 女（须与身份证号一致）", example="男"),
        Column("birth_date", "出生日期", "YYYY-MM-DD（须与身份证号一致）", example="1990-01-01",
               field="birthDate"),
        Column("id_card_number", "身份证号", "18 位；整列设为文本", text=True,
               field="idCardNumber"),
        Column("phone", "电话", "11 位手机号", required=False, text=True),
        Column("relation_to_head", "与户主关系",
               "户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他",
               example="户主", field="relationToHead"),
        Column("tags", "标签", "空巢老人、留守儿童、脱贫户…，用顿号分隔", required=False),
        Column("ended_on", "注销日期", "死亡或迁出的日期（YYYY-MM-DD）；在册的人留空",
               required=False, field="endedOn"),
        Column("end_reason", "注销原因", "死亡、迁出、其他（与注销日期同填）", required=False,
               field="endReason"),
    ),
    notes=(
        "以身份证号为准：系统中没有的人新登记；已登记的人，不同之处予以更正，相同则不变；"
        "填了注销日期和原因的人予以注销。",
        "同一户的人写在一起，新户须有户主。换户主、分户、并户请在系统中办理。",
    ),
    keys=("id_card_number",),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    record: ResidentRecord
    end: tuple[dt.date, EndReason] | None


class PeopleImporter:
    sheet = PEOPLE

    async def run(
        self, session: AsyncSession, viewer: Viewer, rows: Sequence[Row], now: dt.datetime
    ) -> ImportReport:
        parsed = self._parsed(rows, local_day(now))
        recorded = await _recorded(session, [row.record.id_card_number for row in parsed])
        outcomes: dict[int, RowOutcome] = {}
        errors: list[RowError] = []
        moved: set[int] = set()
        for row in parsed:
            found = recorded.get(row.record.id_card_number)
            if found is None:
                continue
            try:
                async with session.begin_nested():
                    outcomes[row.number] = await _upsert(
                        session, viewer, row, found, moved=moved, now=now
                    )
            except Refusal as refusal:
                errors.append(self._error(row.number, refusal))
            except CellProblem as problem:
                errors.append(RowError(row.number, self._header(problem.key), problem.reason))
        new = [row for row in parsed if row.record.id_card_number not in recorded]
        unrecorded_ends = [row for row in new if row.end is not None]
        reason = "this person is not recorded: there is nothing to end"
        errors += [RowError(row.number, "注销日期", reason) for row in unrecorded_ends]
        for household in _by_household([row for row in new if row.end is None]):
            try:
                async with session.begin_nested():
                    await _register(session, viewer, household, now)
                outcomes |= dict.fromkeys((row.number for row in household), RowOutcome.NEW)
            except Refusal as refusal:
                errors.append(self._error(_row_of(household, refusal), refusal))
        if errors:
            raise RosterRejected(sorted(errors, key=lambda error: error.row_number))
        return ImportReport(self.sheet.name, tuple(sorted(outcomes.items())))

    def _parsed(self, rows: Sequence[Row], today: dt.date) -> list[_Row]:
        parsed: list[_Row] = []
        errors: list[RowError] = []
        for row_number, raw in rows:
            values = self.sheet.canonical(raw)
            try:
                parsed.append(_Row(row_number, parse_row(row_number, values, today), _end(values)))
            except RosterRejected as rejected:
                errors += rejected.errors
            except CellProblem as problem:
                errors.append(RowError(row_number, problem.key, problem.reason))
        errors += check_file([(row.number, row.record) for row in parsed])
        if errors:
            ordered = sorted(errors, key=lambda error: error.row_number)
            raise RosterRejected([self._headed(error) for error in ordered])
        return parsed

    def _headed(self, error: RowError) -> RowError:
        column = self._header(error.column) if error.column else None
        return RowError(error.row_number, column, error.reason)

    def _header(self, key: str) -> str:
        return next((c.header for c in self.sheet.columns if c.key == key), key)

    def _error(self, row_number: int, refusal: Refusal) -> RowError:
        field = (refusal.field or "").rsplit(".", 1)[-1] or None
        return RowError(row_number, self.sheet.column_for(field), refusal.message)


def _end(values: Mapping[str, Any]) -> tuple[dt.date, EndReason] | None:
    ended_on = cells.optional_date(values, "ended_on")
    if ended_on is None and "end_reason" not in values:
        return None
    if ended_on is None:
        raise CellProblem("ended_on", "is required with 注销原因")
    if "end_reason" not in values:
        raise CellProblem("end_reason", "is required with 注销日期")
    return ended_on, cells.choice(values, "end_reason", END_REASONS)


async def _recorded(
    session: AsyncSession, id_card_numbers: Sequence[str]
) -> dict[str, tuple[Person, Household]]:
    """Recorded persons (and their households) the session may see, by ID number."""
    statement = (
        select(Person, Household)
        .join(Household, Household.id == Person.household_id)
        .where(Person.id_card_number.in_(id_card_numbers))
    )
    return {person.id_card_number: (person, household)
            for person, household in await session.execute(statement)}  # fmt: skip


async def _upsert(
    session: AsyncSession,
    viewer: Viewer,
    row: _Row,
    found: tuple[Person, Household],
    *,
    moved: set[int],
    now: dt.datetime,
) -> RowOutcome:
    record = row.record
    person, household = found
    if person.ended_on is not None:
        if row.end is not None and row.end[0] == person.ended_on:
            return RowOutcome.UNCHANGED
        raise CellProblem("ended_on", f"this person's record ended on {person.ended_on}")
    if record.household_number != household.number:
        reason = f"recorded in household {household.number}: split or merge households in the app"
        raise CellProblem("household_number", reason)
    is_head = person.relation_to_head is RelationToHead.HEAD
    if is_head != (record.relation_to_head is RelationToHead.HEAD):
        raise CellProblem("relation_to_head", "a new head is named in the app (change of head)")
    changed = False
    if household.id not in moved and record.region_code != household.region_code:
        move = HouseholdMove(household.id, household.version, record.region_code, "roster")
        await moves.move_household(session, viewer, move, at=now)
        moved.add(household.id)
        changed = True
    if record.address is not None and record.address != household.address:
        correction = HouseholdCorrection(household.id, household.version, address=record.address)
        await corrections.correct_household(session, viewer, correction, at=now)
        changed = True
    edits = _person_edits(person, record)
    if edits:
        fix = PersonCorrection(person.id, person.version, reason="roster", **edits)
        await corrections.correct_person(session, viewer, fix, at=now)
        changed = True
    if row.end is not None:
        ended_on, end_reason = row.end
        end = PersonEnd(person.id, person.version, ended_on, end_reason, "roster")
        await endings.end_person(session, viewer, end, at=now)
        return RowOutcome.ENDED
    return RowOutcome.CHANGED if changed else RowOutcome.UNCHANGED


def _person_edits(person: Person, record: ResidentRecord) -> dict[str, Any]:
    edits: dict[str, Any] = {}
    if record.name != person.name:
        edits["name"] = record.name
    if record.phone != person.phone:
        edits["phone"] = record.phone
    if sorted(tag.value for tag in record.tags) != sorted(person.tags):
        edits["tags"] = record.tags
    if record.relation_to_head is not person.relation_to_head:
        edits["relation_to_head"] = record.relation_to_head
    return {name: value for name, value in edits.items() if value is not KEEP}


def _by_household(rows: Sequence[_Row]) -> list[list[_Row]]:
    households: dict[str, list[_Row]] = {}
    for row in rows:
        households.setdefault(row.record.household_number, []).append(row)
    return list(households.values())


async def _register(
    session: AsyncSession, viewer: Viewer, rows: Sequence[_Row], now: dt.datetime
) -> None:
    first = rows[0].record
    recorded = await session.scalar(
        select(Household).where(Household.number == first.household_number)
    )
    drafts = [_draft(row.record) for row in rows]
    if recorded is None:
        heads_first = sorted(drafts, key=lambda d: d.relation_to_head is not RelationToHead.HEAD)
        registration_request = HouseholdRegistration(
            first.household_number, first.region_code, heads_first, first.address
        )
        await registration.register_household(session, viewer, registration_request, at=now)
        return
    for draft in drafts:
        joining = PersonRegistration(recorded.id, draft, "roster")
        await registration.register_person(session, viewer, joining, at=now)


def _draft(record: ResidentRecord) -> MemberDraft:
    return MemberDraft(
        name=record.name, gender=record.gender, birth_date=record.birth_date,
        id_card_number=record.id_card_number, relation_to_head=record.relation_to_head,
        phone=record.phone, tags=record.tags,
    )  # fmt: skip


def _row_of(rows: Sequence[_Row], refusal: Refusal) -> int:
    """The row a refusal of a household's registration points at (``members[2].phone``)."""
    field = refusal.field or ""
    if field.startswith("members[") and "]" in field:
        index = int(field[len("members[") : field.index("]")])
        if 0 <= index < len(rows):
            return rows[index].number
    return rows[0].number
