"""Recording a death or a move away: the person is end-dated, never deleted.

An ended person cannot be the head: while the household has other current members, the head
is changed first (``HEAD_CHANGE_REQUIRED``); the household's last member ending ends the
household on the same day, for the same reason. Points accounts of what ends (the person's
own, under a scheme crediting persons; the household's, when it ends) are settled
(``governance.bank.relocation``). Who may: admins covering the person (``ADMIN_ROLES``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.residents import end_grants
from governance.access.roles import ADMIN_ROLES
from governance.bank import relocation
from governance.history.models import ChangeAction
from governance.history.service import check_version, locked
from governance.people import editing
from governance.people.models import Household, Person
from governance.people.requests import PersonEnd
from governance.refusals import Refusal, RefusalCode
from kit.clock import local_day


async def end_person(
    session: AsyncSession, viewer: Viewer, request: PersonEnd, *, at: dt.datetime
) -> Person:
    note = editing.check_reason(request.note, "note")
    household_id = await session.scalar(
        select(Person.household_id).where(Person.id == request.person_id)
    )
    if household_id is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person in reach has this id.")
    # Households before persons: the lock order of every roster change.
    if await locked(session, Household, household_id, viewer, ADMIN_ROLES) is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person in reach has this id.")
    household = await editing.lock_household(session, viewer, household_id, ADMIN_ROLES)
    members = await editing.lock_members(session, household.id)
    person = await editing.lock_person(session, viewer, request.person_id, ADMIN_ROLES)
    check_version(person, request.expected_version)
    _check_day(person, request.ended_on, local_day(at))
    household_ends = [member.id for member in members] == [person.id]
    if person.id == household.head_person_id and not household_ends:
        message = "This person heads a household with other members: change the head first."
        raise Refusal(RefusalCode.HEAD_CHANGE_REQUIRED, "personId", message)
    holders = await relocation.lock_holders(
        session, [household.id] if household_ends else [], [person.id]
    )
    await relocation.settle(session, holders)
    ended = {"ended_on": request.ended_on, "end_reason": request.end_reason}
    await editing.edit(
        session, person, ended, viewer=viewer, at=at, action=ChangeAction.ENDED,
        expected_version=request.expected_version, reason=note,
    )  # fmt: skip
    await end_grants(session, [person.id])
    if household_ends:
        ended_household = ended | {"head_person_id": None}
        await editing.edit(
            session, household, ended_household, viewer=viewer, at=at,
            action=ChangeAction.ENDED, reason=note,
        )  # fmt: skip
    return person


def _check_day(person: Person, ended_on: dt.date, today: dt.date) -> None:
    if ended_on > today:
        raise Refusal(RefusalCode.DATE_IN_FUTURE, "endedOn", "The day cannot be in the future.")
    if ended_on < person.birth_date:
        message = "The day cannot be before the person's birth."
        raise Refusal(RefusalCode.DATE_OUT_OF_RANGE, "endedOn", message)
