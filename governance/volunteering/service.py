"""Volunteer activities: sign-up, minutes recorded by the organizer, confirmation into the
ledger, the service record and numbered certificates.

Confirmation is one ledger batch: the minutes (the scheme's "minutes served" account → the
volunteer's ``VOLUNTEER_MINUTES`` account) and, when the scheme converts hours, the points
(pool → the holder's wallet: the volunteer's household or the volunteer, as the scheme says).
Transfer ids derive from the sign-up, so a retried confirmation moves nothing twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.models import User
from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import Target, target_in_scope
from governance.bank import accounts
from governance.bank.accounts import Reason
from governance.bank.conflicts import refuse_own_service
from governance.bank.errors import ledger_refusal
from governance.bank.models import HolderKind, Scheme
from governance.bank.permissions import administers
from governance.bank.service import Owner, open_holder
from governance.people.models import Person
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.regions.codes import RegionLevel, ancestor, covers, is_level

# Importing the repository registers the read rules of activities and sign-ups.
from governance.volunteering import repository  # noqa: F401
from governance.volunteering.models import (
    ACTIVITY_CAPACITY_MAX,
    SERVICE_MINUTES_MAX,
    TITLE_LENGTH_MAX,
    Activity,
    ActivityCategory,
    Certificate,
    SignUp,
    Volunteer,
)
from kit.clock import local_day

MINUTES_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    scheme_id: int
    village_code: str
    title: str
    category: ActivityCategory
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int


async def create_activity(session: AsyncSession, viewer: Viewer, draft: ActivityDraft) -> Activity:
    """Organize an activity in a village (its committee or above); the viewer organizes it."""
    assert viewer.user_id is not None
    scheme = await session.get(Scheme, draft.scheme_id)
    if scheme is None:
        raise Refusal(RefusalCode.SCHEME_NOT_FOUND, "schemeId", "No scheme has this id.")
    if not is_level(draft.village_code, RegionLevel.VILLAGE) or not covers(
        scheme.region_code, draft.village_code
    ):
        raise Refusal(
            RefusalCode.OUTSIDE_SCHEME, "villageCode", "Give a village the scheme covers."
        )
    if not administers(viewer, draft.village_code):
        raise forbidden("organize activities in this village")
    if not 0 < len(draft.title.strip()) <= TITLE_LENGTH_MAX:
        raise Refusal(
            RefusalCode.TITLE_REQUIRED, "title", f"A title of at most {TITLE_LENGTH_MAX}."
        )
    if draft.ends_at <= draft.starts_at:
        raise Refusal(RefusalCode.ENDS_BEFORE_START, "endsAt", "An activity ends after it starts.")
    if not 0 < draft.capacity <= ACTIVITY_CAPACITY_MAX:
        raise Refusal(
            RefusalCode.CAPACITY_INVALID, "capacity", f"From 1 to {ACTIVITY_CAPACITY_MAX}."
        )
    activity = Activity(
        scheme_id=scheme.id, region_code=draft.village_code, title=draft.title.strip(),
        category=draft.category, organizer_user_id=viewer.user_id, starts_at=draft.starts_at,
        ends_at=draft.ends_at, capacity=draft.capacity,
    )  # fmt: skip
    session.add(activity)
    await session.flush()
    return activity


def person_target(person: Person) -> Target:
    return Target(person.region_code, person_id=person.id, household_id=person.household_id)


async def sign_up(
    session: AsyncSession, viewer: Viewer, activity_id: int, person_id: int
) -> SignUp:
    """Sign a person up: a resident themselves or a member of their household (the scoping
    rule's own household: a household head signs up an elderly parent, as villages do), or
    staff of the person's region."""
    activity = await _lock_activity(session, activity_id)
    person = await session.get(Person, person_id)
    if person is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")
    if not target_in_scope(viewer, person_target(person)):
        raise forbidden("sign this person up")
    taken = await session.scalar(
        select(func.count()).where(SignUp.activity_id == activity.id)
    )  # fmt: skip
    if await _sign_up_of(session, activity.id, person.id) is not None:
        raise Refusal(
            RefusalCode.ALREADY_SIGNED_UP, "personId", "This person is signed up already."
        )
    if (taken or 0) >= activity.capacity:
        raise Refusal(RefusalCode.ACTIVITY_FULL, "activityId", "The activity is full.")
    row = SignUp(activity_id=activity.id, person_id=person.id, region_code=person.region_code)
    session.add(row)
    await session.flush()
    return row


async def _lock_activity(session: AsyncSession, activity_id: int) -> Activity:
    statement = select(Activity).where(Activity.id == activity_id).with_for_update()
    activity = (await session.execute(statement)).scalar_one_or_none()
    if activity is None:
        raise Refusal(RefusalCode.ACTIVITY_NOT_FOUND, "activityId", "No activity has this id.")
    return activity


async def _sign_up_of(session: AsyncSession, activity_id: int, person_id: int) -> SignUp | None:
    statement = select(SignUp).where(
        SignUp.activity_id == activity_id, SignUp.person_id == person_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def _organized(
    session: AsyncSession, viewer: Viewer, sign_up_id: int
) -> tuple[SignUp, Activity]:
    statement = select(SignUp).where(SignUp.id == sign_up_id).with_for_update()
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise Refusal(RefusalCode.SIGN_UP_NOT_FOUND, "signUpId", "No sign-up has this id.")
    activity = await session.get(Activity, row.activity_id)
    assert activity is not None
    if activity.organizer_user_id != viewer.user_id and not administers(
        viewer, activity.region_code
    ):
        raise forbidden("record service for this activity")
    assert viewer.user_id is not None
    await refuse_own_service(session, viewer.user_id, row.person_id, "signUpId")
    if row.confirmed_at is not None:
        raise Refusal(
            RefusalCode.ALREADY_CONFIRMED, "signUpId", "This service was confirmed already."
        )
    return row, activity


async def record_minutes(
    session: AsyncSession, viewer: Viewer, sign_up_id: int, service_minutes: int
) -> SignUp:
    """The organizer records minutes served, travel excluded: at most the activity's length."""
    row, activity = await _organized(session, viewer, sign_up_id)
    length_minutes = int((activity.ends_at - activity.starts_at).total_seconds()) // 60
    if not 0 < service_minutes <= min(length_minutes, SERVICE_MINUTES_MAX):
        message = (
            f"From 1 to {min(length_minutes, SERVICE_MINUTES_MAX)} minutes (the activity's length)."
        )
        raise Refusal(RefusalCode.MINUTES_INVALID, "serviceMinutes", message)
    row.service_minutes = service_minutes
    await session.flush()
    return row


async def confirm(
    session: AsyncSession, viewer: Viewer, sign_up_id: int, now: dt.datetime
) -> SignUp:
    """Post the minutes (and the scheme's points for them) to the ledger."""
    row, activity = await _organized(session, viewer, sign_up_id)
    if row.service_minutes is None:
        raise Refusal(RefusalCode.MINUTES_REQUIRED, "signUpId", "Record the minutes first.")
    if now < activity.ends_at:
        raise Refusal(
            RefusalCode.ACTIVITY_NOT_OVER, "signUpId", "Confirm once the activity is over."
        )
    scheme = await session.get(Scheme, activity.scheme_id)
    person = await session.get(Person, row.person_id)
    assert scheme is not None
    assert person is not None
    specs = await _confirmation_specs(session, scheme, person, row)
    results = await ledger.create_transfers(session, specs)
    if not all(result.ok for result in results):
        refusal = ledger_refusal({result.status.value for result in results})
        assert refusal is not None, results
        raise refusal
    row.minutes_transfer_id = specs[0].id
    row.points_transfer_id = specs[1].id if len(specs) > 1 else None
    row.confirmed_at = now
    await session.flush()
    return row


async def _confirmation_specs(
    session: AsyncSession, scheme: Scheme, person: Person, row: SignUp
) -> list[ledger.TransferSpec]:
    assert row.service_minutes is not None
    volunteer = await open_volunteer(session, person)
    [source] = await ledger.create_accounts(
        session,
        [
            ledger.AccountSpec(
                accounts.scheme_minutes_source_code(scheme.id), ledger.Unit.VOLUNTEER_MINUTES
            )
        ],
    )
    reference = f"volunteer:{row.id}"
    specs = [
        ledger.TransferSpec(
            id=accounts.transfer_id("volunteer", row.id, "minutes"),
            debit_account_id=source.account.id, credit_account_id=volunteer.minutes_account_id,
            amount=row.service_minutes, unit=ledger.Unit.VOLUNTEER_MINUTES,
            code=Reason.VOLUNTEER_MINUTES, reference=reference,
        )
    ]  # fmt: skip
    points = row.service_minutes * scheme.points_per_volunteer_hour // MINUTES_PER_HOUR
    if points > 0:
        owner = (
            Owner(household_id=person.household_id)
            if scheme.holder_kind is HolderKind.HOUSEHOLD
            else Owner(person_id=person.id)
        )
        holder = await open_holder(session, scheme, owner)
        specs.append(
            ledger.TransferSpec(
                id=accounts.transfer_id("volunteer", row.id, "points"),
                debit_account_id=scheme.pool_account_id,
                credit_account_id=holder.points_account_id, amount=points,
                unit=ledger.Unit.POINTS, code=Reason.VOLUNTEER_POINTS, reference=reference,
            )
        )  # fmt: skip
    return specs


async def open_volunteer(session: AsyncSession, person: Person) -> Volunteer:
    found = await session.get(Volunteer, person.id)
    if found is not None:
        return found
    spec = ledger.AccountSpec(
        accounts.volunteer_minutes_code(person.id), ledger.Unit.VOLUNTEER_MINUTES
    )
    [account] = await ledger.create_accounts(session, [spec])
    volunteer = Volunteer(
        person_id=person.id, region_code=person.region_code, minutes_account_id=account.account.id
    )
    session.add(volunteer)
    await session.flush()
    return volunteer


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    activity_title: str
    category: ActivityCategory
    village_code: str
    starts_at: dt.datetime
    organizer: str
    service_minutes: int


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    person_id: int
    person_name: str
    entries: list[ServiceEntry]

    @property
    def service_minutes(self) -> int:
        return sum(entry.service_minutes for entry in self.entries)


SERVICE_RECORD_ENTRIES_MAX = 500


async def service_record(
    session: AsyncSession,
    viewer: Viewer,
    person_id: int,
    confirmed_by: dt.datetime | None = None,
) -> ServiceRecord | None:
    """Confirmed service of a person (up to ``confirmed_by``), oldest first, if visible."""
    person = await session.get(Person, person_id)
    if person is None or not target_in_scope(viewer, person_target(person)):
        return None
    statement = (
        select(SignUp, Activity, User.display_name)
        .join(Activity, Activity.id == SignUp.activity_id)
        .join(User, User.id == Activity.organizer_user_id)
        .where(SignUp.person_id == person_id, SignUp.confirmed_at.is_not(None))
        .where(SignUp.confirmed_at <= (confirmed_by or dt.datetime.max.replace(tzinfo=dt.UTC)))
        .order_by(Activity.starts_at, SignUp.id)
        .limit(SERVICE_RECORD_ENTRIES_MAX)
    )
    entries = [
        ServiceEntry(activity.title, activity.category, activity.region_code, activity.starts_at,
                     organizer, row.service_minutes or 0)
        for row, activity, organizer in (await session.execute(statement)).all()
    ]  # fmt: skip
    return ServiceRecord(person.id, person.name, entries)


async def issue_certificate(
    session: AsyncSession, viewer: Viewer, person_id: int, now: dt.datetime
) -> Certificate:
    """A numbered certificate of the person's confirmed service (staff of their region)."""
    assert viewer.user_id is not None
    person = await session.get(Person, person_id)
    if person is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "personId", "No person has this id.")
    if not target_in_scope(viewer, person_target(person), ADMIN_ROLES):
        raise forbidden("certify this person's service")
    record = await service_record(session, viewer, person_id)
    assert record is not None
    if not record.entries:
        raise Refusal(RefusalCode.NO_SERVICE, "personId", "No confirmed service to certify.")
    certificate = Certificate(
        number=f"pending-{uuid.uuid4().hex[:20]}", person_id=person.id,
        region_code=person.region_code, service_minutes=record.service_minutes,
        activities=len(record.entries), issued_by_user_id=viewer.user_id, issued_at=now,
    )  # fmt: skip
    session.add(certificate)
    await session.flush()
    certificate.number = certificate_number(person.region_code, now, certificate.id)
    await session.flush()
    return certificate


def certificate_number(region_code: str, issued_at: dt.datetime, certificate_id: int) -> str:
    """``ZY-<village code>-<year>-<sequence>``: readable, unique by the id; the year is the
    county's (on 1 January before 08:00 in Beijing, UTC is still in the old year)."""
    village = ancestor(region_code, RegionLevel.VILLAGE)
    return f"ZY-{village}-{local_day(issued_at).year}-{certificate_id:06d}"
