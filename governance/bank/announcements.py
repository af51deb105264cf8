"""Announcing approved entries (公示), objections, and settlement at the deadline.

Publishing turns a village's approved entries into PENDING ledger transfers (pool → wallet for
awards, wallet → pool for deductions) and opens an announcement until ``closes_at``. An upheld
objection voids its entry at once; at the deadline the rest post, except entries whose objection
is still undecided, which void (they may be proposed again once decided).

Reads never write: a balance read shows an entry past its deadline as posted or voided by
computing the outcome (``posts_at_deadline``, ``governance.bank.balances``), and ``settle_due``,
run by the server's background task (and by a sale that needs the points), writes it down. An
entry the ledger refuses to settle (its wallet was closed meanwhile…) is set aside
(``SetAsideEntry``) instead of failing the run: the rest of its list and every other list
settle. The ledger's own timeout on these pendings lies ``SETTLEMENT_GRACE`` beyond the
deadline: it only matters if settlement never ran, and then the points are released rather
than posted unseen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank import accounts, repository
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
from governance.regions.codes import RegionLevel

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
    """Object to an announced entry before the deadline (any signed-in user may)."""
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


@dataclass(frozen=True, slots=True)
class Decision:
    objection_id: int
    uphold: bool
    note: str | None = None


async def decide_objection(
    session: AsyncSession, viewer: Viewer, decision: Decision, now: dt.datetime
) -> Objection:
    """Uphold (the entry is voided now) or reject (it posts at the deadline)."""
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
    objection.status = ObjectionStatus.UPHELD if decision.uphold else ObjectionStatus.REJECTED
    objection.decided_by_user_id = viewer.user_id
    objection.decided_at = now
    objection.decision_note = (decision.note or "").strip()[:NOTE_LENGTH_MAX] or None
    if decision.uphold:
        refused = await _settle_entries(session, [application], {application.id: False}, now)
        if refused:  # its reservation lapsed (settlement never ran): nothing left to void
            message = f"The ledger refused to void this entry ({refused[application.id]})."
            raise Refusal(RefusalCode.SETTLEMENT_REFUSED, "objectionId", message)
    await session.flush()
    return objection


def posts_at_deadline(objection_undecided: bool) -> bool:
    """At its deadline an entry posts, unless an objection to it is still undecided: then it
    voids (it may be proposed again once decided). Settlement and balance reads both ask here."""
    return not objection_undecided


async def settle_due(
    session: AsyncSession, now: dt.datetime, *, holder_ids: Sequence[int] | None = None
) -> int:
    """Post (or void) every entry of announcements past their deadline (only those holding an
    entry of ``holder_ids``, if given); return how many announcements were settled.

    Idempotent: transfer ids are derived from the entries. An entry the ledger refuses is set
    aside, so one broken entry never stops the others (nor the next run)."""
    due = await repository.lock_due_announcements(session, now, SETTLE_BATCH_MAX, holder_ids)
    for announcement in due:
        entries = await repository.announced_in(session, announcement.id)
        disputed = await repository.undecided_objections(session, [e.id for e in entries])
        posts = {entry.id: posts_at_deadline(entry.id in disputed) for entry in entries}
        refused = await _settle_entries(session, entries, posts, now)
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
