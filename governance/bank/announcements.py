"""Announcing approved entries (公示), objections, and settlement at the deadline.

Publishing turns a village's approved entries into PENDING ledger transfers (pool → wallet for
awards, wallet → pool for deductions) and opens an announcement until ``closes_at``. Only those
an entry concerns may object to it: residents of its village and staff whose regions cover it;
anyone else is answered as if the entry did not exist. An upheld objection voids its entry at
once; at the deadline the rest post, except entries whose objection is still undecided: those
are held (neither posted nor voided; silence never voids), listed as overdue for the level
above (``overdue_objections``), and settled by the late decision (uphold voids, reject posts).

Reads never write: a balance read shows an entry past its deadline as posted (a held one as
still pending) by computing the outcome (``posts_at_deadline``, ``governance.bank.balances``),
and ``settle_due``, run by the server's background task (and by a sale that needs the
points), writes it down. An entry the ledger refuses to settle (its wallet was closed
meanwhile…) is set aside (``SetAsideEntry``) instead of failing the run: the rest of its list
and every other list settle. The ledger's own timeout on these pendings lies
``SETTLEMENT_GRACE`` beyond the deadline: it only matters if settlement never ran, and then the
points are released rather than posted unseen, or for an entry held longer than that, whose
decision then releases the lapsed reservation and moves the points anew.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.access.roles import REGION_ROLES, Role
from governance.access.scope import Target, target_in_scope
from governance.bank import accounts, conflicts, repository
from governance.bank.accounts import Reason
from governance.bank.errors import ledger_refusal
from governance.bank.models import (
    Announcement,
    AnnouncementStatus,
    Application,
    ApplicationStatus,
    Holder,
    Objection,
    ObjectionStatus,
    Scheme,
    SetAsideEntry,
)
from governance.bank.permissions import administers
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, covers

SETTLEMENT_GRACE = dt.timedelta(days=30)
SETTLE_BATCH_MAX = 100
NOTE_LENGTH_MAX = 1_000


async def publish(
    session: AsyncSession, viewer: Viewer, scheme_id: int, village_code: str, now: dt.datetime
) -> Announcement:
    """Put every approved entry of a village on the notice board until the scheme's deadline."""
    assert viewer.user_id is not None
    scheme = await repository.scheme(session, scheme_id)
    if scheme is None:
        raise Refusal(RefusalCode.SCHEME_NOT_FOUND, "schemeId", "No scheme has this id.")
    village = await regions_repository.by_codes(session, [village_code])
    if not village or village[0].level is not RegionLevel.VILLAGE:
        raise Refusal(RefusalCode.VILLAGE_NOT_FOUND, "villageCode", "No village has this code.")
    if not administers(viewer, village_code):
        raise forbidden("announce for this village")
    approved = await repository.lock_approved(session, scheme.id, village_code)
    if not approved:
        raise Refusal(
            RefusalCode.NOTHING_TO_ANNOUNCE, None, "No approved entry waits for announcement."
        )
    deducted = sorted({entry.holder_id for entry in approved if entry.points < 0})
    if deducted:  # a deduction stops at the balance: count what is due to post by now
        await settle_due(session, now, holder_ids=deducted)
    announcement = Announcement(
        scheme_id=scheme.id,
        region_code=village_code,
        opens_at=now,
        closes_at=now + dt.timedelta(days=scheme.announcement_days),
        status=AnnouncementStatus.OPEN,
        published_by_user_id=viewer.user_id,
    )
    session.add(announcement)
    await session.flush()
    await _reserve(session, scheme, announcement, approved)
    return announcement


async def _reserve(
    session: AsyncSession,
    scheme: Scheme,
    announcement: Announcement,
    entries: Sequence[Application],
) -> None:
    holders = await repository.holders_by_ids(session, sorted({e.holder_id for e in entries}))
    available = await _available(session, holders.values())
    timeout = dt.timedelta(days=scheme.announcement_days) + SETTLEMENT_GRACE
    specs = []
    for entry in entries:
        holder = holders[entry.holder_id]
        amount = _amount(entry, available, holder.points_account_id)
        entry.status = ApplicationStatus.ANNOUNCED
        entry.announcement_id = announcement.id
        entry.points_applied = amount
        if amount == 0:
            continue  # a deduction from an empty wallet: recorded, nothing to move
        entry.transfer_id = accounts.transfer_id("application", entry.id, "pending")
        specs.append(_pending_spec(scheme, holder, entry, amount, int(timeout.total_seconds())))
    results = await ledger.create_transfers(session, specs)
    if not all(result.ok for result in results):
        # A closed wallet, or a redemption racing this publication since balances were read.
        refusal = ledger_refusal({result.status.value for result in results})
        assert refusal is not None, results
        raise refusal
    await session.flush()


async def _available(session: AsyncSession, holders: object) -> dict[int, int]:
    ids = [holder.points_account_id for holder in holders]  # type: ignore[attr-defined]
    found = await ledger.lookup_accounts(session, ids)
    return {account.id: account.balances.available_credit_balance for account in found}


def _amount(entry: Application, available: dict[int, int], wallet_id: int) -> int:
    """An award moves its points; a deduction stops at what the wallet still holds."""
    if entry.points > 0:
        return entry.points
    amount = min(-entry.points, available[wallet_id])
    available[wallet_id] -= amount
    return amount


def _pending_spec(
    scheme: Scheme, holder: Holder, entry: Application, amount: int, timeout_seconds: int
) -> ledger.TransferSpec:
    award = entry.points > 0
    assert entry.transfer_id is not None
    return ledger.TransferSpec(
        id=entry.transfer_id,
        debit_account_id=scheme.pool_account_id if award else holder.points_account_id,
        credit_account_id=holder.points_account_id if award else scheme.pool_account_id,
        amount=amount,
        unit=ledger.Unit.POINTS,
        kind=ledger.TransferKind.PENDING,
        timeout_seconds=timeout_seconds,
        code=Reason.AWARD if award else Reason.DEDUCTION,
        reference=f"application:{entry.id}",
    )


def _resolve_spec(entry: Application, post: bool) -> ledger.TransferSpec:
    assert entry.transfer_id is not None
    kind = ledger.TransferKind.POST_PENDING if post else ledger.TransferKind.VOID_PENDING
    return ledger.TransferSpec(
        id=accounts.transfer_id("application", entry.id, kind.value),
        debit_account_id=None,
        credit_account_id=None,
        amount=None,
        unit=None,
        kind=kind,
        pending_id=entry.transfer_id,
        code=Reason.AWARD if entry.points > 0 else Reason.DEDUCTION,
        reference=f"application:{entry.id}",
    )


async def lodge_objection(
    session: AsyncSession, viewer: Viewer, application_id: int, reason: str, now: dt.datetime
) -> Objection:
    """Object to an announced entry before the deadline: residents of its village and staff
    covering it may; to anyone else the entry does not exist (the same answer as a wrong id)."""
    assert viewer.user_id is not None
    text = reason.strip()
    if not text or len(text) > NOTE_LENGTH_MAX:
        message = f"Say why, in at most {NOTE_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.REASON_REQUIRED, "reason", message)
    # One answer for every id that cannot be objected to (unknown, never announced, window
    # closed): telling them apart would tell anyone which entries exist.
    not_open = Refusal(
        RefusalCode.NOT_ANNOUNCED, "applicationId", "No entry open to objection has this id."
    )
    application = await repository.lock_application(session, application_id)
    if application is None or application.announcement_id is None:
        raise not_open
    announcement = await repository.announcement(session, application.announcement_id)
    assert announcement is not None
    if not await _concerns(session, viewer, application, announcement):
        raise not_open
    if application.status is not ApplicationStatus.ANNOUNCED or announcement.closes_at <= now:
        raise not_open
    objection = Objection(
        application_id=application.id,
        reason=text,
        lodged_by_user_id=viewer.user_id,
        lodged_at=now,
        status=ObjectionStatus.LODGED,
    )
    session.add(objection)
    await session.flush()
    return objection


async def _concerns(
    session: AsyncSession, viewer: Viewer, application: Application, announcement: Announcement
) -> bool:
    """Whether an entry concerns ``viewer``: staff whose regions cover it, or a resident living
    in the announcing village (the notice board is the village's)."""
    if target_in_scope(viewer, Target(application.region_code), REGION_ROLES):
        return True
    person_ids = [
        grant.person_id
        for grant in viewer.grants
        if grant.role is Role.RESIDENT and grant.person_id is not None
    ]
    if not person_ids:
        return False
    regions = await repository.person_region_codes(session, person_ids)
    return any(covers(announcement.region_code, region) for region in regions)


@dataclass(frozen=True, slots=True)
class Decision:
    objection_id: int
    uphold: bool
    note: str | None = None


async def decide_objection(
    session: AsyncSession, viewer: Viewer, decision: Decision, now: dt.datetime
) -> Objection:
    """Uphold (the entry is voided now) or reject (it posts at the deadline, or now when the
    deadline has passed and no other objection to it is undecided: the entry was held)."""
    assert viewer.user_id is not None
    objection = await repository.lock_objection(session, decision.objection_id)
    if objection is None:
        raise Refusal(RefusalCode.OBJECTION_NOT_FOUND, "objectionId", "No objection has this id.")
    application = await repository.lock_application(session, objection.application_id)
    assert application is not None
    if not administers(viewer, application.region_code):
        raise forbidden("decide objections of this village")
    if objection.status is not ObjectionStatus.LODGED:
        raise Refusal(RefusalCode.ALREADY_DECIDED, "objectionId", "This objection was decided.")
    if application.status is not ApplicationStatus.ANNOUNCED:
        raise Refusal(
            RefusalCode.ANNOUNCEMENT_CLOSED, "objectionId", "The entry was settled already."
        )
    await conflicts.refuse_own_household(session, viewer.user_id, application, "objectionId", now)
    objection.status = ObjectionStatus.UPHELD if decision.uphold else ObjectionStatus.REJECTED
    objection.decided_by_user_id = viewer.user_id
    objection.decided_at = now
    objection.decision_note = (decision.note or "").strip()[:NOTE_LENGTH_MAX] or None
    await session.flush()
    if decision.uphold:
        await _settle_decided(session, application, post=False, now=now)
    elif await _held_and_now_clear(session, application, now):
        await _settle_decided(session, application, post=True, now=now)
    return objection


async def _held_and_now_clear(
    session: AsyncSession, application: Application, now: dt.datetime
) -> bool:
    """Whether the entry's deadline has passed and no objection to it is undecided any more."""
    assert application.announcement_id is not None
    announcement = await repository.announcement(session, application.announcement_id)
    assert announcement is not None
    if announcement.closes_at > now:
        return False
    return not await repository.undecided_objections(session, [application.id])


async def _settle_decided(
    session: AsyncSession, application: Application, *, post: bool, now: dt.datetime
) -> None:
    refused = await _settle_entries(session, [application], {application.id: post}, now)
    reason = refused.get(application.id)
    if reason == ledger.TransferStatus.PENDING_TRANSFER_EXPIRED.value:
        reason = await _settle_lapsed(session, application, post=post, now=now)
    if reason is not None:
        message = f"The ledger refused to settle this entry ({reason})."
        raise Refusal(RefusalCode.SETTLEMENT_REFUSED, "objectionId", message)
    await session.flush()


async def _settle_lapsed(
    session: AsyncSession, application: Application, *, post: bool, now: dt.datetime
) -> str | None:
    """Settle an entry decided after its reservation lapsed (held longer than
    ``SETTLEMENT_GRACE`` past its deadline): release the reservation and, to post, move the
    points anew, in one linked batch. Answer the ledger's refusal, if any."""
    assert application.transfer_id is not None
    assert application.points_applied is not None
    release = ledger.TransferSpec(
        id=ledger.expiry_id(application.transfer_id), debit_account_id=None,
        credit_account_id=None, amount=None, unit=None, kind=ledger.TransferKind.EXPIRE_PENDING,
        pending_id=application.transfer_id, linked=post,
    )  # fmt: skip
    specs = [release]
    if post:
        scheme = await repository.scheme(session, application.scheme_id)
        holders = await repository.holders_by_ids(session, [application.holder_id])
        assert scheme is not None
        late = _pending_spec(scheme, holders[application.holder_id], application,
                             application.points_applied, 0)  # fmt: skip
        specs.append(
            replace(late, id=accounts.transfer_id("application", application.id, "late"),
                    kind=ledger.TransferKind.POSTED, timeout_seconds=None)
        )  # fmt: skip
    results = await ledger.create_transfers(session, specs, now=now, record_failures=False)
    linked_failure = ledger.TransferStatus.LINKED_EVENT_FAILED
    failed = [result.status for result in results if not result.ok]
    if failed:  # the cause, not the other transfer of the batch failing with it
        return next((status for status in failed if status != linked_failure), failed[0]).value
    application.status = ApplicationStatus.POSTED if post else ApplicationStatus.VOIDED
    application.settled_at = now
    return None


def posts_at_deadline(objection_undecided: bool) -> bool:
    """At its deadline an entry posts, unless an objection to it is still undecided: then it is
    held, still pending (neither posted nor voided: silence never voids), until the decision.
    Settlement and balance reads both ask here."""
    return not objection_undecided


async def settle_due(
    session: AsyncSession, now: dt.datetime, *, holder_ids: Sequence[int] | None = None
) -> int:
    """Post every entry of announcements past their deadline (only those holding an entry of
    ``holder_ids``, if given) but the held ones (``posts_at_deadline``), which stay pending for
    their late decision; return how many announcements were settled.

    Idempotent: transfer ids are derived from the entries. An entry the ledger refuses is set
    aside, so one broken entry never stops the others (nor the next run)."""
    due = await repository.lock_due_announcements(session, now, SETTLE_BATCH_MAX, holder_ids)
    for announcement in due:
        entries = await repository.announced_in(session, announcement.id)
        disputed = await repository.undecided_objections(session, [e.id for e in entries])
        posting = [entry for entry in entries if posts_at_deadline(entry.id in disputed)]
        posts = {entry.id: True for entry in posting}
        refused = await _settle_entries(session, posting, posts, now)
        session.add_all(_set_aside(entry, refused[entry.id], now) for entry in entries
                        if entry.id in refused)  # fmt: skip
        announcement.status = AnnouncementStatus.SETTLED
        announcement.settled_at = now
    await session.flush()
    return len(due)


def _set_aside(entry: Application, reason: str, now: dt.datetime) -> SetAsideEntry:
    return SetAsideEntry(
        application_id=entry.id, region_code=entry.region_code, reason=reason, set_aside_at=now
    )


async def _settle_entries(
    session: AsyncSession, entries: Sequence[Application], posts: dict[int, bool], now: dt.datetime
) -> dict[int, str]:
    """Post or void each entry in one ledger batch; answer the entries the ledger refused, with
    its reason (they stay ANNOUNCED). Refusals are not stored, so a later try may reuse the ids."""
    moving = [entry for entry in entries if entry.transfer_id is not None]
    specs = [_resolve_spec(entry, posts[entry.id]) for entry in moving]
    results = await ledger.create_transfers(session, specs, now=now, record_failures=False)
    refused = {
        entry.id: result.status.value
        for entry, result in zip(moving, results, strict=True)
        if not result.ok
    }
    for entry in entries:
        if entry.id in refused:
            continue
        entry.status = ApplicationStatus.POSTED if posts[entry.id] else ApplicationStatus.VOIDED
        entry.settled_at = now
    return refused
