"""The rules of a batch, applied in memory to a snapshot of the locked accounts: pure, no I/O.

``process_batch`` walks the specs in order, as TigerBeetle does: each one is validated, checked
for idempotency, resolved against its pending or reversed transfer, then applied to the account
balances. A linked chain that fails is undone from an undo log, so later specs see exactly the
state the database will hold. The service loads the snapshot and writes the outcome.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ledger.types import (
    AMOUNT_MAX,
    REFERENCE_LENGTH_MAX,
    TIMEOUT_SECONDS_MAX,
    TRANSFER_CODE_MAX,
    Balances,
    Transfer,
    TransferKind,
    TransferSpec,
    TransferStatus,
    is_unit,
)

Status = TransferStatus
RESOLVING_KINDS = frozenset(
    {TransferKind.POST_PENDING, TransferKind.VOID_PENDING, TransferKind.EXPIRE_PENDING}
)
RELEASING_KINDS = frozenset({TransferKind.VOID_PENDING, TransferKind.EXPIRE_PENDING})
REVERSIBLE_KINDS = frozenset({TransferKind.POSTED, TransferKind.POST_PENDING})


@dataclass(slots=True)
class AccountState:
    """A locked account, as its row will be written at the end of the batch."""

    id: int
    unit: str
    debits_must_not_exceed_credits: bool
    credits_must_not_exceed_debits: bool
    closed: bool
    balances: Balances


@dataclass(frozen=True, slots=True)
class OpenPending:
    transfer_id: uuid.UUID
    debit_account_id: int
    credit_account_id: int
    amount: int
    unit: str
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class Draft:
    """A transfer accepted by the rules, before the chain gives it sequence, time and hash."""

    id: uuid.UUID
    debit_account_id: int
    credit_account_id: int
    amount: int
    unit: str
    kind: TransferKind
    pending_id: uuid.UUID | None
    timeout_seconds: int | None
    reverses_id: uuid.UUID | None
    event_at: datetime | None
    code: int
    reference: str | None
    linked: bool
    debit_balances_after: Balances
    credit_balances_after: Balances


Known = Transfer | Draft


@dataclass(slots=True)
class Snapshot:
    """What the database holds for a batch (its accounts locked), updated as specs apply."""

    accounts: dict[int, AccountState]
    transfers: dict[uuid.UUID, Known]  # by id: the batch's ids, pendings and reversed ones
    failures: dict[uuid.UUID, tuple[TransferSpec, TransferStatus]]
    open_pendings: dict[uuid.UUID, OpenPending]
    resolutions: dict[uuid.UUID, TransferKind]  # pending id -> the kind that resolved it
    reversed_amounts: dict[uuid.UUID, int]  # reversed id -> amount already reversed
    now: datetime | None = None  # judges timeouts; set whenever pendings are referenced


@dataclass(slots=True)
class Outcome:
    statuses: list[Status] = field(default_factory=list)
    known: list[Known | None] = field(default_factory=list)
    failures: list[TransferStatus | None] = field(default_factory=list)  # ID_ALREADY_FAILED's
    drafts: list[Draft] = field(default_factory=list)
    new_failures: list[tuple[TransferSpec, TransferStatus]] = field(default_factory=list)
    resolved_pendings: list[uuid.UUID] = field(default_factory=list)
    touched_accounts: set[int] = field(default_factory=set)


# --- Validation of one spec alone -----------------------------------------------------------


def validate(spec: TransferSpec) -> Status | None:
    """The first rule the spec breaks on its own, or None."""
    for check in (_validate_shape, _validate_amount, _validate_pending, _validate_extras):
        status = check(spec)
        if status is not None:
            return status
    return None


def _validate_shape(spec: TransferSpec) -> Status | None:
    inherits = spec.kind in RESOLVING_KINDS
    if not inherits and (spec.debit_account_id is None or spec.credit_account_id is None):
        return Status.ACCOUNT_ID_REQUIRED
    for account_id in (spec.debit_account_id, spec.credit_account_id):
        if account_id is not None and not 0 < account_id <= AMOUNT_MAX:
            return Status.ACCOUNT_ID_INVALID
    if not inherits and spec.unit is None:
        return Status.UNIT_REQUIRED
    if spec.unit is not None and not is_unit(spec.unit):
        return Status.UNIT_INVALID
    if spec.debit_account_id is not None and spec.debit_account_id == spec.credit_account_id:
        return Status.ACCOUNTS_MUST_BE_DIFFERENT
    return None


def _validate_amount(spec: TransferSpec) -> Status | None:
    if spec.amount is None:
        return None if spec.kind in RESOLVING_KINDS else Status.AMOUNT_MUST_BE_POSITIVE
    if spec.amount <= 0:
        return Status.AMOUNT_MUST_BE_POSITIVE
    if spec.amount > AMOUNT_MAX:
        return Status.AMOUNT_TOO_LARGE
    return None


def _validate_pending(spec: TransferSpec) -> Status | None:
    if spec.kind in RESOLVING_KINDS:
        if spec.pending_id is None:
            return Status.PENDING_ID_REQUIRED
        if spec.pending_id == spec.id:
            return Status.PENDING_ID_MUST_BE_DIFFERENT
    elif spec.pending_id is not None:
        return Status.PENDING_ID_MUST_BE_ABSENT
    if spec.timeout_seconds is not None:
        if spec.kind is not TransferKind.PENDING:
            return Status.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER
        if not 1 <= spec.timeout_seconds <= TIMEOUT_SECONDS_MAX:
            return Status.TIMEOUT_INVALID
    return None


def _validate_extras(spec: TransferSpec) -> Status | None:
    if spec.reverses_id is not None and spec.kind is not TransferKind.POSTED:
        return Status.REVERSAL_MUST_BE_POSTED
    if not 0 <= spec.code <= TRANSFER_CODE_MAX:
        return Status.CODE_INVALID
    if spec.reference is not None and len(spec.reference) > REFERENCE_LENGTH_MAX:
        return Status.REFERENCE_TOO_LONG
    return None


# --- Idempotency ----------------------------------------------------------------------------


def same_as_stored(spec: TransferSpec, stored: Known, snapshot: Snapshot) -> bool:
    """Whether a replayed spec asks for exactly what the stored transfer did."""
    inherited = (
        (spec.debit_account_id in (None, stored.debit_account_id))
        and (spec.credit_account_id in (None, stored.credit_account_id))
        and (spec.unit in (None, stored.unit))
    )
    return (
        inherited
        and _expected_amount(spec, snapshot) == stored.amount
        and (spec.kind, spec.pending_id, spec.timeout_seconds, spec.reverses_id)
        == (stored.kind, stored.pending_id, stored.timeout_seconds, stored.reverses_id)
        and (spec.event_at, spec.code, spec.reference, spec.linked)
        == (stored.event_at, stored.code, stored.reference, stored.linked)
    )


def _expected_amount(spec: TransferSpec, snapshot: Snapshot) -> int | None:
    if spec.amount is not None and spec.kind not in RELEASING_KINDS:
        return spec.amount
    assert spec.pending_id is not None, "validated: resolving kinds carry a pending id"
    pending = snapshot.transfers.get(spec.pending_id)
    if pending is None:
        return None
    if spec.amount is not None and spec.amount != pending.amount:
        return None  # a void names the full pending amount, or none
    return pending.amount


def replay_status(spec: TransferSpec, snapshot: Snapshot) -> tuple[Status, Known | None] | None:
    """EXISTS, ID_ALREADY_FAILED or EXISTS_WITH_DIFFERENT_FIELDS for a known id, else None."""
    stored = snapshot.transfers.get(spec.id)
    if stored is not None:
        if same_as_stored(spec, stored, snapshot):
            return Status.EXISTS, stored
        return Status.EXISTS_WITH_DIFFERENT_FIELDS, None
    failed = snapshot.failures.get(spec.id)
    if failed is not None:
        if failed[0] == spec:
            return Status.ID_ALREADY_FAILED, None
        return Status.EXISTS_WITH_DIFFERENT_FIELDS, None
    return None


# --- Resolution against accounts, pendings and reversed transfers ----------------------------


@dataclass(frozen=True, slots=True)
class Resolved:
    debit_account_id: int
    credit_account_id: int
    amount: int
    unit: str
    pending: OpenPending | None


def resolve(spec: TransferSpec, snapshot: Snapshot) -> Resolved | Status:
    if spec.kind in RESOLVING_KINDS:
        return _resolve_pending(spec, snapshot)
    assert spec.debit_account_id is not None
    assert spec.credit_account_id is not None
    assert spec.amount is not None
    assert spec.unit is not None
    resolved = Resolved(spec.debit_account_id, spec.credit_account_id, spec.amount, spec.unit, None)
    status = check_accounts(spec, resolved, snapshot)
    if status is None and spec.reverses_id is not None:
        status = check_reversal(spec, resolved, snapshot)
    return resolved if status is None else status


def _resolve_pending(spec: TransferSpec, snapshot: Snapshot) -> Resolved | Status:
    assert spec.pending_id is not None
    pending = snapshot.open_pendings.get(spec.pending_id)
    if pending is None:
        return _closed_pending_status(spec.pending_id, snapshot)
    status = _pending_mismatch(spec, pending) or _expiry_status(spec, pending, snapshot)
    if status is not None:
        return status
    amount = pending.amount
    if spec.kind is TransferKind.POST_PENDING and spec.amount is not None:
        amount = spec.amount
    resolved = Resolved(
        pending.debit_account_id, pending.credit_account_id, amount, pending.unit, pending
    )
    return check_accounts(spec, resolved, snapshot) or resolved


def _closed_pending_status(pending_id: uuid.UUID, snapshot: Snapshot) -> Status:
    known = snapshot.transfers.get(pending_id)
    if known is None:
        return Status.PENDING_TRANSFER_NOT_FOUND
    if known.kind is not TransferKind.PENDING:
        return Status.PENDING_TRANSFER_NOT_PENDING
    resolution = snapshot.resolutions.get(pending_id)
    assert resolution is not None, "a pending transfer not open was resolved"
    return {
        TransferKind.POST_PENDING: Status.PENDING_TRANSFER_ALREADY_POSTED,
        TransferKind.VOID_PENDING: Status.PENDING_TRANSFER_ALREADY_VOIDED,
        TransferKind.EXPIRE_PENDING: Status.PENDING_TRANSFER_EXPIRED,
    }[resolution]


def _pending_mismatch(spec: TransferSpec, pending: OpenPending) -> Status | None:
    if spec.debit_account_id not in (None, pending.debit_account_id):
        return Status.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID
    if spec.credit_account_id not in (None, pending.credit_account_id):
        return Status.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID
    if spec.unit not in (None, pending.unit):
        return Status.PENDING_TRANSFER_HAS_DIFFERENT_UNIT
    return _pending_amount_mismatch(spec, pending)


def _pending_amount_mismatch(spec: TransferSpec, pending: OpenPending) -> Status | None:
    if spec.amount is None:
        return None
    if spec.kind is TransferKind.POST_PENDING and spec.amount > pending.amount:
        return Status.EXCEEDS_PENDING_TRANSFER_AMOUNT
    if spec.kind in RELEASING_KINDS and spec.amount != pending.amount:
        return Status.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT
    return None


def _expiry_status(spec: TransferSpec, pending: OpenPending, snapshot: Snapshot) -> Status | None:
    assert snapshot.now is not None, "the clock is read whenever pendings are referenced"
    expired = pending.expires_at is not None and pending.expires_at <= snapshot.now
    if spec.kind is TransferKind.EXPIRE_PENDING:
        return None if expired else Status.PENDING_TRANSFER_NOT_EXPIRED
    return Status.PENDING_TRANSFER_EXPIRED if expired else None


def check_accounts(spec: TransferSpec, resolved: Resolved, snapshot: Snapshot) -> Status | None:
    debit = snapshot.accounts.get(resolved.debit_account_id)
    credit = snapshot.accounts.get(resolved.credit_account_id)
    if debit is None:
        return Status.DEBIT_ACCOUNT_NOT_FOUND
    if credit is None:
        return Status.CREDIT_ACCOUNT_NOT_FOUND
    if debit.unit != credit.unit:
        return Status.ACCOUNTS_MUST_HAVE_THE_SAME_UNIT
    if resolved.unit != debit.unit:
        return Status.TRANSFER_MUST_HAVE_THE_SAME_UNIT_AS_ACCOUNTS
    return _closed_status(spec, debit, credit)


def _closed_status(spec: TransferSpec, debit: AccountState, credit: AccountState) -> Status | None:
    # Releasing a reservation is always allowed, so an account can be closed with pendings.
    if spec.kind in RELEASING_KINDS:
        return None
    if debit.closed:
        return Status.DEBIT_ACCOUNT_CLOSED
    if credit.closed:
        return Status.CREDIT_ACCOUNT_CLOSED
    return None


def check_reversal(spec: TransferSpec, resolved: Resolved, snapshot: Snapshot) -> Status | None:
    assert spec.reverses_id is not None
    reversed_transfer = snapshot.transfers.get(spec.reverses_id)
    if reversed_transfer is None:
        return Status.REVERSED_TRANSFER_NOT_FOUND
    if reversed_transfer.kind not in REVERSIBLE_KINDS:
        return Status.REVERSED_TRANSFER_NOT_POSTED
    if (resolved.debit_account_id, resolved.credit_account_id) != (
        reversed_transfer.credit_account_id,
        reversed_transfer.debit_account_id,
    ):
        return Status.REVERSAL_MUST_SWAP_ACCOUNTS
    already = snapshot.reversed_amounts.get(spec.reverses_id, 0)
    if resolved.amount > reversed_transfer.amount - already:
        return Status.EXCEEDS_REVERSIBLE_AMOUNT
    return None


# --- Balances -------------------------------------------------------------------------------


def debit_side(balances: Balances, kind: TransferKind, amount: int, released: int) -> Balances:
    """The debit account's balances after a transfer (``released``: the pending amount)."""
    pending, posted = balances.debits_pending, balances.debits_posted
    if kind is TransferKind.POSTED:
        posted += amount
    elif kind is TransferKind.PENDING:
        pending += amount
    else:
        pending -= released
        posted += amount if kind is TransferKind.POST_PENDING else 0
    return Balances(pending, posted, balances.credits_pending, balances.credits_posted)


def credit_side(balances: Balances, kind: TransferKind, amount: int, released: int) -> Balances:
    """The credit account's balances after a transfer: the mirror of ``debit_side``."""
    pending, posted = balances.credits_pending, balances.credits_posted
    if kind is TransferKind.POSTED:
        posted += amount
    elif kind is TransferKind.PENDING:
        pending += amount
    else:
        pending -= released
        posted += amount if kind is TransferKind.POST_PENDING else 0
    return Balances(balances.debits_pending, balances.debits_posted, pending, posted)


def limit_status(account: AccountState, balances: Balances) -> Status | None:
    """The same rules as the accounts table's CHECK constraints, plus bigint overflow."""
    debits = balances.debits_pending + balances.debits_posted
    credits = balances.credits_pending + balances.credits_posted
    if debits > AMOUNT_MAX or credits > AMOUNT_MAX:
        return Status.OVERFLOWS
    assert min(balances.debits_pending, balances.credits_pending) >= 0, "released too much"
    if account.debits_must_not_exceed_credits and debits > balances.credits_posted:
        return Status.EXCEEDS_CREDITS
    if account.credits_must_not_exceed_debits and credits > balances.debits_posted:
        return Status.EXCEEDS_DEBITS
    return None


# --- The batch ------------------------------------------------------------------------------


class _Batch:
    """One pass over the specs, with an undo log per linked chain."""

    def __init__(self, specs: Sequence[TransferSpec], snapshot: Snapshot) -> None:
        self.specs = specs
        self.snapshot = snapshot
        self.outcome = Outcome()
        self.undo: list[Callable[[], object]] = []

    def run(self) -> Outcome:
        start = 0
        while start < len(self.specs):
            end = _chain_end(self.specs, start)
            self.run_chain(start, end)
            start = end + 1
        return self.outcome

    def run_chain(self, start: int, end: int) -> None:
        self.undo.clear()
        first_result = len(self.outcome.statuses)
        for index in range(start, end + 1):
            status = self.apply(self.specs[index])
            if status not in (Status.CREATED, Status.EXISTS):
                if start != end:
                    self.fail_chain(first_result, index - start, end - start)
                return
        chain_open = end == len(self.specs) - 1 and self.specs[end].linked
        if chain_open:
            self.fail_chain(first_result, None, end - start)

    def fail_chain(self, first: int, failed: int | None, last: int) -> None:
        """Undo the chain; every member but the one that failed reports LINKED_EVENT_FAILED."""
        for undo in reversed(self.undo):
            undo()
        outcome = self.outcome
        while len(outcome.statuses) < first + last + 1:
            outcome.statuses.append(Status.LINKED_EVENT_FAILED)
            outcome.known.append(None)
            outcome.failures.append(None)
        for offset in range(last + 1):
            if offset != failed:
                outcome.statuses[first + offset] = Status.LINKED_EVENT_FAILED
                outcome.known[first + offset] = None
                outcome.failures[first + offset] = None
        if failed is None:
            outcome.statuses[first + last] = Status.LINKED_EVENT_CHAIN_OPEN

    def record(self, status: Status, known: Known | None, failure: Status | None = None) -> Status:
        self.outcome.statuses.append(status)
        self.outcome.known.append(known)
        self.outcome.failures.append(failure)
        return status

    def apply(self, spec: TransferSpec) -> Status:
        invalid = validate(spec)
        if invalid is not None:
            return self.record(invalid, None)
        replay = replay_status(spec, self.snapshot)
        if replay is not None:
            status, known = replay
            failed = self.snapshot.failures.get(spec.id)
            original = failed[1] if failed and status is Status.ID_ALREADY_FAILED else None
            return self.record(status, known, original)
        resolved = resolve(spec, self.snapshot)
        if isinstance(resolved, Status):
            return self.fail(spec, resolved)
        return self.post(spec, resolved)

    def fail(self, spec: TransferSpec, status: Status) -> Status:
        """A failure on the ledger's state, kept under the spec's id. It ends its linked chain,
        so it is never undone: a retry of the chain under the same ids fails the same way."""
        self.snapshot.failures[spec.id] = (spec, status)
        self.outcome.new_failures.append((spec, status))
        return self.record(status, None)

    def post(self, spec: TransferSpec, resolved: Resolved) -> Status:
        debit = self.snapshot.accounts[resolved.debit_account_id]
        credit = self.snapshot.accounts[resolved.credit_account_id]
        released = resolved.pending.amount if resolved.pending else 0
        debit_after = debit_side(debit.balances, spec.kind, resolved.amount, released)
        credit_after = credit_side(credit.balances, spec.kind, resolved.amount, released)
        status = limit_status(debit, debit_after) or limit_status(credit, credit_after)
        if status is not None:
            return self.fail(spec, status)
        draft = _draft(spec, resolved, debit_after, credit_after)
        self.set_balances(debit, debit_after)
        self.set_balances(credit, credit_after)
        self.remember(draft, resolved)
        return self.record(Status.CREATED, draft)

    def set_balances(self, account: AccountState, balances: Balances) -> None:
        before = account.balances
        account.balances = balances
        self.outcome.touched_accounts.add(account.id)
        self.undo.append(lambda: setattr(account, "balances", before))

    def remember(self, draft: Draft, resolved: Resolved) -> None:
        snapshot, outcome = self.snapshot, self.outcome
        snapshot.transfers[draft.id] = draft
        outcome.drafts.append(draft)
        self.undo.append(lambda: snapshot.transfers.pop(draft.id))
        self.undo.append(outcome.drafts.pop)
        if draft.kind is TransferKind.PENDING:
            snapshot.open_pendings[draft.id] = _open_pending(draft)
            self.undo.append(lambda: snapshot.open_pendings.pop(draft.id))
        if resolved.pending is not None:
            self.resolve_pending(draft, resolved.pending)
        if draft.reverses_id is not None:
            self.add_reversed(draft.reverses_id, draft.amount)

    def resolve_pending(self, draft: Draft, pending: OpenPending) -> None:
        snapshot, outcome = self.snapshot, self.outcome
        del snapshot.open_pendings[pending.transfer_id]
        snapshot.resolutions[pending.transfer_id] = draft.kind
        outcome.resolved_pendings.append(pending.transfer_id)

        def undo() -> None:
            snapshot.open_pendings[pending.transfer_id] = pending
            del snapshot.resolutions[pending.transfer_id]
            outcome.resolved_pendings.pop()

        self.undo.append(undo)

    def add_reversed(self, reverses_id: uuid.UUID, amount: int) -> None:
        amounts = self.snapshot.reversed_amounts
        before = amounts.get(reverses_id, 0)
        amounts[reverses_id] = before + amount
        self.undo.append(lambda: amounts.__setitem__(reverses_id, before))


def _chain_end(specs: Sequence[TransferSpec], start: int) -> int:
    end = start
    while specs[end].linked and end < len(specs) - 1:
        end += 1
    return end


def _draft(spec: TransferSpec, resolved: Resolved, debit: Balances, credit: Balances) -> Draft:
    return Draft(
        id=spec.id,
        debit_account_id=resolved.debit_account_id,
        credit_account_id=resolved.credit_account_id,
        amount=resolved.amount,
        unit=resolved.unit,
        kind=spec.kind,
        pending_id=spec.pending_id,
        timeout_seconds=spec.timeout_seconds,
        reverses_id=spec.reverses_id,
        event_at=spec.event_at,
        code=spec.code,
        reference=spec.reference,
        linked=spec.linked,
        debit_balances_after=debit,
        credit_balances_after=credit,
    )


def _open_pending(draft: Draft) -> OpenPending:
    # Created in this batch: its timeout runs from the batch's recording time, not yet passed.
    return OpenPending(
        draft.id, draft.debit_account_id, draft.credit_account_id, draft.amount, draft.unit, None
    )


def process_batch(specs: Sequence[TransferSpec], snapshot: Snapshot) -> Outcome:
    """Apply ``specs`` in order to ``snapshot`` (mutated) and say what to write."""
    outcome = _Batch(specs, snapshot).run()
    assert len(outcome.statuses) == len(specs)
    return outcome
