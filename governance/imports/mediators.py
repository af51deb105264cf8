"""Mediators (人民调解员) of the open mediation committee of a township or village.

Keyed by the committee's region and the person's ID-card number (the person must be on the
roster): a row for a person not serving appoints them (``appointMediator``); for a person
serving, a different role, full-time mark, gold medal or start day changes the term
(``changeMediator``), and 离任日期 ends it. A term ended on that same day is left alone, so the
same file imported twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.principal import Viewer
from governance.imports import cells
from governance.imports.runner import RowImporter, RowOutcome
from governance.imports.sheets import Column, Sheet
from governance.mediation import repository, service
from governance.mediation.models import MediationCommittee, Mediator, MediatorRole
from governance.people.models import Person
from governance.records import Ending, kept_region
from kit.clock import local_day

ROLES = {"主任": MediatorRole.CHAIR, "副主任": MediatorRole.VICE_CHAIR, "委员": MediatorRole.MEMBER}
YES_NO = {"是": True, "否": False}

MEDIATORS = Sheet(
    name="mediators",
    title="人民调解员",
    columns=(
        Column("region_code", "区划代码", "调解委员会所在乡镇或村（社区）的统计代码",
               example="130826101001", text=True, field="committeeId"),
        Column("id_card_number", "身份证号", "须已在人口花名册中；整列设为文本", text=True,
               field="personId"),
        Column("name", "姓名", "与花名册一致", example="王小明"),
        Column("role", "职务", "、".join(ROLES), example="委员"),
        Column("full_time", "专职", "是 / 否", example="否", field="fullTime"),
        Column("gold_medal", "金牌调解员", "是 / 否；留空为否", required=False,
               field="goldMedal"),
        Column("started_on", "任职日期", "YYYY-MM-DD", example="2024-01-01", field="startedOn"),
        Column("ended_on", "离任日期", "离任的日期（YYYY-MM-DD）；在任的留空", required=False,
               field="endedOn"),
    ),
    notes=(
        "以区划代码和身份证号为准：未在该委员会任职的人新任命；在任的，职务、专职、金牌或任职日期"
        "不同则更正，相同则不变；填了离任日期的予以离任。调解委员会请先在系统中建立。",
    ),
    keys=("region_code", "id_card_number"),
)  # fmt: skip


class MediatorsImporter(RowImporter):
    sheet = MEDIATORS

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        region_code = cells.text(values, "region_code", 12)
        role = cells.choice(values, "role", ROLES)
        full_time = cells.choice(values, "full_time", YES_NO)
        gold_medal = cells.choice(values, "gold_medal", YES_NO) if "gold_medal" in values else False
        started_on = _date(values, "started_on")
        ended_on = cells.optional_date(values, "ended_on")
        await kept_region(
            session, viewer, region_code, service.COMMITTEE_LEVELS, "a township or village"
        )
        committee = await repository.open_committee(session, region_code)
        if committee is None:
            raise cells.CellProblem("region_code", "the region has no open mediation committee")
        person_id = await _person(session, viewer, values)
        serving = await repository.serving_mediator(
            session, committee.id, person_id, local_day(now)
        )
        if serving is None:
            if ended_on is not None:
                return await _ended_already(session, committee, person_id, ended_on)
            draft = service.MediatorDraft(
                committee_id=committee.id, person_id=person_id, role=role, full_time=full_time,
                started_on=started_on, gold_medal=gold_medal,
            )  # fmt: skip
            await service.appoint_mediator(session, viewer, now, draft)
            return RowOutcome.NEW
        outcome = RowOutcome.UNCHANGED
        written = (role, full_time, gold_medal, started_on)
        if written != (serving.role, serving.full_time, serving.gold_medal, serving.started_on):
            edit = service.MediatorEdit(
                mediator_id=serving.id, expected_version=serving.version, role=role,
                full_time=full_time, gold_medal=gold_medal, started_on=started_on,
            )  # fmt: skip
            await service.change_mediator(session, viewer, now, edit)
            outcome = RowOutcome.CHANGED
        if ended_on is not None:
            ending = Ending(serving.id, serving.version, ended_on)
            await service.end_mediator(session, viewer, now, ending)
            return RowOutcome.ENDED
        return outcome


def _date(values: Mapping[str, Any], key: str) -> dt.date:
    day = cells.optional_date(values, key)
    if day is None:
        raise cells.CellProblem(key, "is required")
    return day


async def _person(session: AsyncSession, viewer: Viewer, values: Mapping[str, Any]) -> int:
    """The person with this ID number the uploader may see, whose name the row gives too (the
    roster's name is not echoed: a wrong ID number must not reveal whose it is)."""
    id_card_number = cells.text(values, "id_card_number", 18).upper()
    name = cells.text(values, "name", 64)
    found: list[Person] = await listing.by_values(
        session, Person.id_card_number, [id_card_number], viewer=viewer
    )
    if not found:
        raise cells.CellProblem("id_card_number", "no person on the roster has this ID number")
    if found[0].name != name:
        raise cells.CellProblem("name", "differs from the roster's name for this ID number")
    return found[0].id


async def _ended_already(
    session: AsyncSession, committee: MediationCommittee, person_id: int, ended_on: dt.date
) -> RowOutcome:
    """An ending row for a term ended that very day (the file imported again)."""
    ended = await session.scalar(
        select(Mediator.id).where(
            Mediator.committee_id == committee.id,
            Mediator.person_id == person_id,
            Mediator.ended_on == ended_on,
        )
    )
    if ended is None:
        raise cells.CellProblem("ended_on", "this person does not serve: there is no term to end")
    return RowOutcome.UNCHANGED
