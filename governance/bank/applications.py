"""Proposing an award or deduction and reviewing it (村委会审核).

A reviewer may not review points for their own household (``governance.bank.conflicts``).

A proposal may carry the proposer's client key: a retry with the same key and the same fields
answers the stored application (even if its rule's cap is reached since); with other fields,
``IDEMPOTENCY_KEY_REUSED``. Keys are unique per proposer (a partial unique index), so a retry
racing its original finds the row the original wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from governance import idempotency
from governance.access.principal import Viewer
from governance.access.scope import Target
from governance.bank import catalog, conflicts, repository
from governance.bank.models import (
    Application,
    ApplicationStatus,
    CapPeriod,
    Holder,
    RuleVersion,
)
from governance.bank.permissions import administers, may_propose
from governance.bank.service import Owner, open_holder, owner_region
from governance.refusals import Refusal, RefusalCode, forbidden
from kit.clock import local_day

NOTE_LENGTH_MAX = 1_000


@dataclass(frozen=True, slots=True)
class Proposal:
    rule_id: int
    owner: Owner
    event_on: dt.date
    evidence_note: str | None = None
    idempotency_key: str | None = None


def proposal_digest(proposal: Proposal) -> str:
    """What a retry must repeat: rule, holder, day and note (sha256 hex)."""
    owner = proposal.owner
    parts = [
        str(proposal.rule_id), str(owner.household_id), str(owner.person_id),
        proposal.event_on.isoformat(), (proposal.evidence_note or "").strip(),
    ]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


async def propose(
    session: AsyncSession, viewer: Viewer, proposal: Proposal, now: dt.datetime
) -> Application:
    """Record a proposed award or deduction, waiting for review (or answer the stored one)."""
    assert viewer.user_id is not None, "only signed-in users propose"
    if proposal.idempotency_key is not None:
        stored = await _stored(session, viewer.user_id, proposal)
        if stored is not None:
            return stored
    rule = await repository.rule(session, proposal.rule_id)
    if rule is None:
        raise Refusal(RefusalCode.RULE_NOT_FOUND, "ruleId", "No rule has this id.")
    if not rule.active:
        raise Refusal(RefusalCode.RULE_RETIRED, "ruleId", "This rule is retired.")
    # The terms in force on the day the proposal is made (a county day), kept with it.
    terms = await catalog.version_in_force(session, rule.id, local_day(now))
    note = (proposal.evidence_note or "").strip()
    if terms.evidence_required and not note:
        raise Refusal(RefusalCode.EVIDENCE_REQUIRED, "evidenceNote", "This rule requires evidence.")
    if len(note) > NOTE_LENGTH_MAX:
        raise Refusal(
            RefusalCode.NOTE_TOO_LONG, "evidenceNote", f"At most {NOTE_LENGTH_MAX} characters."
        )
    if proposal.event_on > local_day(now):
        raise Refusal(RefusalCode.EVENT_IN_FUTURE, "eventOn", "The deed cannot lie in the future.")
    scheme = await repository.scheme(session, rule.scheme_id)
    assert scheme is not None, "rules.scheme_id is a foreign key"
    if scheme.ended_on is not None:
        raise Refusal(RefusalCode.SCHEME_ENDED, "ruleId", "This rule's scheme has ended.")
    owner = proposal.owner
    region_code = await owner_region(session, scheme, owner)
    target = Target(region_code, person_id=owner.person_id, household_id=owner.household_id)
    if not may_propose(viewer, target):
        raise forbidden("propose points for this holder")
    holder = await open_holder(session, scheme, owner)
    await _check_cap(session, terms, holder, proposal.event_on)
    application = Application(
        scheme_id=scheme.id,
        rule_id=rule.id,
        rule_version_id=terms.id,
        holder_id=holder.id,
        region_code=holder.region_code,
        points=terms.points,
        event_on=proposal.event_on,
        evidence_note=note or None,
        status=ApplicationStatus.PROPOSED,
        proposed_by_user_id=viewer.user_id,
        proposed_at=now,
        idempotency_key=proposal.idempotency_key,
        request_digest=proposal_digest(proposal) if proposal.idempotency_key else None,
    )
    return await _insert(session, application, proposal)


async def _stored(session: AsyncSession, user_id: int, proposal: Proposal) -> Application | None:
    """The application filed earlier under the proposal's key, if the fields match."""
    key = proposal.idempotency_key
    assert key is not None
    idempotency.check_key(key)
    stored = await repository.application_by_key(session, user_id, key)
    same = stored is not None and stored.request_digest == proposal_digest(proposal)
    return idempotency.replay(stored, same_content=same, what="proposal")


async def _insert(
    session: AsyncSession, application: Application, proposal: Proposal
) -> Application:
    """Insert; if a retry raced its original under the same key, answer the original's row."""
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError:
        if proposal.idempotency_key is None:
            raise
        stored = await _stored(session, application.proposed_by_user_id, proposal)
        if stored is None:
            raise
        return stored
    return application


async def _check_cap(
    session: AsyncSession, rule: RuleVersion, holder: Holder, event_on: dt.date
) -> None:
    """The cap of the version in force, over the rule's points under any of its versions."""
    if rule.cap_points is None or rule.cap_period is None:
        return
    start, end = period_of(event_on, rule.cap_period)
    counted = await repository.rule_points_in_period(session, holder.id, rule.rule_id, start, end)
    if counted + abs(rule.points) > rule.cap_points:
        message = f"This rule gives at most {rule.cap_points} points per {rule.cap_period.lower()}."
        raise Refusal(RefusalCode.CAP_EXCEEDED, "ruleId", message)


def period_of(day: dt.date, period: CapPeriod) -> tuple[dt.date, dt.date]:
    """The calendar month, quarter or year holding ``day``, as [start, end)."""
    months = {CapPeriod.MONTH: 1, CapPeriod.QUARTER: 3, CapPeriod.YEAR: 12}[period]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    end_month = first_month + months
    end = dt.date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end


@dataclass(frozen=True, slots=True)
class Review:
    application_id: int
    approve: bool
    reason: str | None = None


async def review(
    session: AsyncSession, viewer: Viewer, decision: Review, now: dt.datetime
) -> Application:
    """Approve (for the next announcement) or reject, with a reason."""
    assert viewer.user_id is not None
    application = await repository.lock_application(session, decision.application_id)
    if application is None:
        raise Refusal(
            RefusalCode.APPLICATION_NOT_FOUND, "applicationId", "No application has this id."
        )
    if not administers(viewer, application.region_code):
        raise forbidden("review applications of this village")
    if application.status is not ApplicationStatus.PROPOSED:
        raise Refusal(
            RefusalCode.ALREADY_REVIEWED, "applicationId", "This application was reviewed."
        )
    reason = (decision.reason or "").strip()
    if not decision.approve and not reason:
        raise Refusal(RefusalCode.REASON_REQUIRED, "reason", "Say why the application is rejected.")
    await conflicts.refuse_own_household(session, viewer.user_id, application, "applicationId", now)
    application.status = (
        ApplicationStatus.APPROVED if decision.approve else ApplicationStatus.REJECTED
    )
    application.rejection_reason = None if decision.approve else reason[:NOTE_LENGTH_MAX]
    application.reviewed_by_user_id = viewer.user_id
    application.reviewed_at = now
    await session.flush()
    return application
