"""The conflict-of-interest rule (回避): nobody decides about their own household's points.

It applies to every decision about a holder's points: reviewing a proposal, deciding an
objection to an announced entry, and recording or confirming a volunteer's service (which
credits the volunteer's household). The decider is the user's own person (``users.person_id``,
set for staff with ``grassroots create-user --person``) and that person's household; the holder
is a household, or a person and their household. A refusal is recorded
(``bank_conflict_refusals``, for entries) even though the refused change is rolled back, and
answered as ``CONFLICT_OF_INTEREST``; a refused service record is kept by the mutation's audit
row (it has no bank entry to point at).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from governance.bank import repository
from governance.bank.models import Application, ConflictRefusal
from governance.refusals import RecordedRefusal, Refusal, RefusalCode


async def refuse_own_household(
    session: AsyncSession, user_id: int, application: Application, field: str, now: dt.datetime
) -> None:
    """Raise a recorded ``CONFLICT_OF_INTEREST`` when ``user_id`` is of the entry's household."""
    if not await _conflicted(session, user_id, application):
        return
    record = ConflictRefusal(application_id=application.id, user_id=user_id, refused_at=now)
    message = "You may not decide about points of your own household; another member must."
    raise RecordedRefusal(RefusalCode.CONFLICT_OF_INTEREST, field, message, [record])


async def refuse_own_service(
    session: AsyncSession, user_id: int, volunteer_person_id: int, field: str
) -> None:
    """Raise ``CONFLICT_OF_INTEREST`` when ``user_id`` is the volunteer or of their household:
    minutes recorded and confirmed become points of that household."""
    person_id, household_id = await repository.user_household(session, user_id)
    if person_id is None:
        return
    volunteer = await repository.person(session, volunteer_person_id)
    own = person_id == volunteer_person_id or (
        volunteer is not None and household_id == volunteer.household_id
    )
    if own:
        message = "You may not record service of your own household; another organizer must."
        raise Refusal(RefusalCode.CONFLICT_OF_INTEREST, field, message)


async def _conflicted(session: AsyncSession, user_id: int, application: Application) -> bool:
    person_id, household_id = await repository.user_household(session, user_id)
    if person_id is None:
        return False
    holders = await repository.holders_by_ids(session, [application.holder_id])
    holder = holders[application.holder_id]
    if holder.person_id is not None:
        holder_person = await repository.person(session, holder.person_id)
        holder_household = holder_person.household_id if holder_person else None
        return person_id == holder.person_id or household_id == holder_household
    return household_id is not None and household_id == holder.household_id
