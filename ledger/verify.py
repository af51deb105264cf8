"""Checking the whole ledger from its log: the chain, conservation, and every stored balance.

One pass over ``transfers`` in sequence order recomputes each hash from the row's fields and
the previous row's stored hash (so an edited row is reported alone, by its id), replays every
transfer onto balances computed from zero, and compares them with the balances stored after
each transfer and, at the end, on each account. Memory grows with accounts and open pendings,
not with the number of transfers.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from ledger import repository
from ledger.chain import GENESIS_HASH, chain_hash
from ledger.rules import RESOLVING_KINDS, credit_side, debit_side
from ledger.types import Account, Balances, Transfer, TransferKind

STREAM_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class Violation:
    kind: str  # chain, sequence, running_balance, account_balance, conservation, unit, pending
    subject: str  # "transfer <id>", "account <id>", "unit <code>", "chain head"
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"


@dataclass(slots=True)
class _Replay:
    """Balances rebuilt from the log, and what was seen along the way."""

    accounts: dict[int, Account]
    balances: dict[int, Balances] = field(default_factory=lambda: defaultdict(Balances))
    pending_amounts: dict[uuid.UUID, int] = field(default_factory=dict)  # open pendings
    previous_hash: bytes = GENESIS_HASH
    sequence: int = 0
    violations: list[Violation] = field(default_factory=list)

    def report(self, kind: str, subject: str, detail: str) -> None:
        self.violations.append(Violation(kind, subject, detail))


@dataclass(frozen=True, slots=True)
class VerifyReport:
    transfers_checked: int
    accounts_checked: int
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations


async def verify(
    session: AsyncSession, progress: Callable[[int], None] | None = None
) -> VerifyReport:
    """Every violation found; ``progress`` is told how many transfers have been checked."""
    accounts = {a.id: a for a in await _all_accounts(session)}
    replay = _Replay(accounts)
    result = await session.stream(
        text(f"SELECT {repository.TRANSFER_COLUMNS} FROM transfers ORDER BY sequence"),
        execution_options={"yield_per": STREAM_ROWS},
    )
    async for partition in result.partitions(STREAM_ROWS):
        for row in partition:
            check_transfer(replay, repository.transfer_of(row._mapping))
        if progress is not None:
            progress(replay.sequence)
    check_accounts(replay)
    check_conservation(replay)
    await check_pendings(session, replay)
    await check_head(session, replay)
    return VerifyReport(replay.sequence, len(accounts), replay.violations)


async def _all_accounts(session: AsyncSession) -> list[Account]:
    result = await session.execute(text(f"SELECT {repository.ACCOUNT_COLUMNS} FROM accounts"))
    return [repository.account_of(row._mapping) for row in result]


def check_transfer(replay: _Replay, transfer: Transfer) -> None:
    subject = f"transfer {transfer.id}"
    replay.sequence += 1
    if transfer.sequence != replay.sequence:
        replay.report(
            "sequence", subject, f"sequence {transfer.sequence}, expected {replay.sequence}"
        )
        replay.sequence = transfer.sequence
    expected_hash = chain_hash(transfer, replay.previous_hash)
    if expected_hash != transfer.hash:
        replay.report(
            "chain",
            subject,
            f"stored hash {transfer.hash.hex()} != recomputed {expected_hash.hex()}",
        )
    replay.previous_hash = transfer.hash
    _check_units(replay, transfer, subject)
    _replay_balances(replay, transfer, subject)


def _check_units(replay: _Replay, transfer: Transfer, subject: str) -> None:
    for account_id in (transfer.debit_account_id, transfer.credit_account_id):
        account = replay.accounts.get(account_id)
        if account is None or account.unit != transfer.unit:
            replay.report("unit", subject, f"unit {transfer.unit} but account {account_id} differs")


def _replay_balances(replay: _Replay, transfer: Transfer, subject: str) -> None:
    released = 0
    if transfer.kind in RESOLVING_KINDS:
        assert transfer.pending_id is not None
        released = replay.pending_amounts.pop(transfer.pending_id, 0)
        if released == 0:
            replay.report("pending", subject, f"resolves {transfer.pending_id}, not open")
    if transfer.kind is TransferKind.PENDING:
        replay.pending_amounts[transfer.id] = transfer.amount
    debit, credit = transfer.debit_account_id, transfer.credit_account_id
    replay.balances[debit] = debit_side(
        replay.balances[debit], transfer.kind, transfer.amount, released
    )
    replay.balances[credit] = credit_side(
        replay.balances[credit], transfer.kind, transfer.amount, released
    )
    for side, account_id, stored in (
        ("debit", debit, transfer.debit_balances_after),
        ("credit", credit, transfer.credit_balances_after),
    ):
        if replay.balances[account_id] != stored:
            replay.report(
                "running_balance",
                subject,
                f"{side} account {account_id}: stored {stored}, recomputed "
                f"{replay.balances[account_id]}",
            )


def check_accounts(replay: _Replay) -> None:
    for account in replay.accounts.values():
        recomputed = replay.balances.get(account.id, Balances())
        if account.balances != recomputed:
            replay.report(
                "account_balance",
                f"account {account.id} ({account.code})",
                f"stored {account.balances}, sum of transfers {recomputed}",
            )


def check_conservation(replay: _Replay) -> None:
    """Per unit, total debits equal total credits, posted and pending (stored balances)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for account in replay.accounts.values():
        total, b = totals[account.unit], account.balances
        total[0] += b.debits_posted
        total[1] += b.credits_posted
        total[2] += b.debits_pending
        total[3] += b.credits_pending
    for unit, (debits_posted, credits_posted, debits_pending, credits_pending) in totals.items():
        if debits_posted != credits_posted or debits_pending != credits_pending:
            replay.report(
                "conservation",
                f"unit {unit}",
                f"posted debits {debits_posted} vs credits {credits_posted}; "
                f"pending debits {debits_pending} vs credits {credits_pending}",
            )


async def check_pendings(session: AsyncSession, replay: _Replay) -> None:
    result = await session.execute(text("SELECT transfer_id, amount FROM pending_transfers"))
    stored = {row.transfer_id: row.amount for row in result}
    if stored != replay.pending_amounts:
        missing = replay.pending_amounts.keys() - stored.keys()
        extra = stored.keys() - replay.pending_amounts.keys()
        replay.report(
            "pending",
            "pending_transfers",
            f"open in the log but missing: {sorted(map(str, missing))}; "
            f"stored but not open (or amount differs): {sorted(map(str, extra))}",
        )


async def check_head(session: AsyncSession, replay: _Replay) -> None:
    head = await repository.chain_head(session)
    if head.sequence != replay.sequence or bytes(head.hash) != replay.previous_hash:
        replay.report(
            "chain",
            "chain head",
            f"head {head.sequence}:{bytes(head.hash).hex()} but log ends at "
            f"{replay.sequence}:{replay.previous_hash.hex()}",
        )
