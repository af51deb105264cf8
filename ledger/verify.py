"""Checking the whole ledger from its log: digests, the chain, conservation, every balance.

One pass over ``transfers`` in position order (on each account, the order its balances moved)
recomputes each digest from the row's fields (an edited row is reported by its id), replays
every transfer onto balances computed from zero, and compares them with the balances stored
after each transfer and, at the end, on each account. A second pass over ``chain_links``
recomputes each link from the transfer's stored digest (a row edited together with its digest
breaks its link, reported with the transfer's id), and checks that every transfer older than
the sealing horizon is linked. Memory grows with accounts and open pendings only.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from ledger import repository
from ledger.chain import GENESIS_HASH, digest, link_hash
from ledger.rules import RESOLVING_KINDS, credit_side, debit_side
from ledger.types import Account, Balances, Transfer, TransferKind

STREAM_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class Violation:
    kind: str  # digest, chain, unsealed, running_balance, account_balance, conservation, unit,
    # pending
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
    transfers: int = 0
    violations: list[Violation] = field(default_factory=list)

    def report(self, kind: str, subject: str, detail: str) -> None:
        self.violations.append(Violation(kind, subject, detail))


@dataclass(frozen=True, slots=True)
class VerifyReport:
    transfers_checked: int
    links_checked: int
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
    query = f"SELECT {repository.TRANSFER_COLUMNS} FROM transfers ORDER BY position"
    async for rows in _partitions(session, query):
        for row in rows:
            check_transfer(replay, repository.transfer_of(row._mapping))
        if progress is not None:
            progress(replay.transfers)
    check_accounts(replay)
    check_conservation(replay)
    await check_pendings(session, replay)
    links = await check_links(session, replay)
    await check_sealed(session, replay)
    return VerifyReport(replay.transfers, links, len(accounts), replay.violations)


async def _partitions(session: AsyncSession, query: str) -> AsyncIterator[Sequence[Row[Any]]]:
    result = await session.stream(text(query), execution_options={"yield_per": STREAM_ROWS})
    async for partition in result.partitions(STREAM_ROWS):
        yield partition


async def _all_accounts(session: AsyncSession) -> list[Account]:
    result = await session.execute(text(f"SELECT {repository.ACCOUNT_COLUMNS} FROM accounts"))
    return [repository.account_of(row._mapping) for row in result]


def check_transfer(replay: _Replay, transfer: Transfer) -> None:
    subject = f"transfer {transfer.id}"
    replay.transfers += 1
    expected = digest(transfer)
    if expected != transfer.digest:
        replay.report(
            "digest", subject, f"stored {transfer.digest.hex()} != recomputed {expected.hex()}"
        )
    _check_units(replay, transfer, subject)
    _replay_balances(replay, transfer, subject)


_LINKS = """
SELECT l.sequence, l.transfer_id, l.hash, t.digest
FROM chain_links AS l LEFT JOIN transfers AS t ON t.id = l.transfer_id
ORDER BY l.sequence
"""


async def check_links(session: AsyncSession, replay: _Replay) -> int:
    """Recompute every link; then compare the last with the published head row."""
    previous, sequence = GENESIS_HASH, 0
    async for rows in _partitions(session, _LINKS):
        for row in rows:
            sequence += 1
            subject = f"transfer {row.transfer_id}"
            if row.sequence != sequence:
                replay.report("chain", subject, f"link {row.sequence}, expected {sequence}")
                sequence = row.sequence
            stored_digest = bytes(row.digest) if row.digest is not None else bytes(32)
            expected = link_hash(stored_digest, previous)
            if expected != bytes(row.hash):
                replay.report("chain", subject, f"link {row.sequence} hash does not follow")
            previous = bytes(row.hash)
    head = await repository.chain_head(session)
    if (head.sequence, bytes(head.hash)) != (sequence, previous):
        replay.report(
            "chain",
            "chain head",
            f"head {head.sequence}:{bytes(head.hash).hex()} but links end at "
            f"{sequence}:{previous.hex()}",
        )
    return sequence


_UNSEALED = """
SELECT t.id FROM transfers AS t
WHERE t.xid < (SELECT horizon_xid FROM ledger_chain)
  AND NOT EXISTS (SELECT 1 FROM chain_links AS l WHERE l.transfer_id = t.id)
LIMIT 100
"""


async def check_sealed(session: AsyncSession, replay: _Replay) -> None:
    """Every transfer of a transaction older than the sealing horizon has its link."""
    for row in await session.execute(text(_UNSEALED)):
        replay.report("unsealed", f"transfer {row.id}", "older than the horizon, not linked")


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
