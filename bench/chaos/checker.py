"""The checker: the clients' history against the database, as a pure function.

- every acknowledged sale or award is present exactly once (its answer matching), a refused one
  not at all, an unacknowledged one at most once;
- every receipt and keyed application traces to a key a client sent; every ledger transfer to
  the setup, to a receipt or application, or to the settlement of one;
- per unit, debits equal credits; per wallet and shelf, the balance is what the receipts and
  applications say; no balance below zero; ``ledger.verify`` clean.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bench.chaos.history import History, Kind, Operation, Outcome
from bench.chaos.state import AccountRecord, Baseline, DatabaseState
from governance.bank.accounts import transfer_id


@dataclass(frozen=True)
class Violation:
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


RECOVERY_SECONDS_MAX = 30.0  # from a postmaster kill to /readyz answering 200 again


def check_availability(server_errors: int, recovery_seconds_max: float) -> list[Violation]:
    """An outage is answered 503 (retry), never 500; the server heals within the bound."""
    violations = []
    if server_errors:
        violations.append(Violation("server-error", f"{server_errors} answers 5xx other than 503"))
    if recovery_seconds_max > RECOVERY_SECONDS_MAX:
        detail = f"ready again after {recovery_seconds_max:.1f} s (at most {RECOVERY_SECONDS_MAX})"
        violations.append(Violation("slow-recovery", detail))
    return violations


def check(history: History, state: DatabaseState, baseline: Baseline) -> list[Violation]:
    return [
        *check_operations(history, state),
        *check_traceable(history, state, baseline),
        *check_transfers(state, baseline),
        *check_conservation(state),
        *check_balances(state),
        *(Violation("ledger-verify", text) for text in state.verify_violations),
    ]


def _presence(operation: Operation, found: Counter[tuple[int, str]]) -> int:
    return sum(found[(operation.scope_id, key)] for key in operation.keys)


def _expect(operation: Operation, present: int) -> Violation | None:
    keys = operation.keys[0] + (
        f" (+{len(operation.keys) - 1} more)" if len(operation.keys) > 1 else ""
    )
    name = f"{operation.kind} #{operation.number} key {keys}"
    if operation.outcome is Outcome.OK and present == 0:
        return Violation("lost", f"{name}: acknowledged, absent")
    if operation.outcome is Outcome.REFUSED and present > 0:
        return Violation("refused-but-applied", f"{name}: refused, present {present}×")
    if present > 1:
        return Violation("doubled", f"{name} ({operation.outcome}): present {present}×")
    return None


def check_operations(history: History, state: DatabaseState) -> list[Violation]:
    receipts = Counter((r.supermarket_id, r.key) for r in state.receipts)
    applications = Counter(
        (a.proposer_user_id, a.key) for a in state.applications if a.key is not None
    )
    totals = {(r.supermarket_id, r.key): r.total_points for r in state.receipts}
    violations = []
    for operation, found in [
        *((op, receipts) for op in history.of_kind(Kind.REDEEM)),
        *((op, applications) for op in history.of_kind(Kind.AWARD)),
    ]:
        violation = _expect(operation, _presence(operation, found))
        if violation is not None:
            violations.append(violation)
    for operation in history.of_kind(Kind.REDEEM):
        answered = operation.answer.get("total_points")
        stored = totals.get((operation.scope_id, operation.keys[-1]))
        if operation.outcome is Outcome.OK and stored is not None and answered != stored:
            detail = f"redeem #{operation.number}: answered {answered}, stored {stored}"
            violations.append(Violation("answer-differs", detail))
    return violations


def _sent(history: History, kind: Kind) -> set[tuple[int, str]]:
    return {(op.scope_id, key) for op in history.of_kind(kind) for key in op.keys}


def check_traceable(history: History, state: DatabaseState, baseline: Baseline) -> list[Violation]:
    sent_sales, sent_awards = _sent(history, Kind.REDEEM), _sent(history, Kind.AWARD)
    violations = [
        Violation("untraceable-receipt", f"supermarket {r.supermarket_id} key {r.key!r}")
        for r in state.receipts
        if (r.supermarket_id, r.key) not in sent_sales | baseline.receipt_keys
    ]
    for application in state.applications:
        keyed = (application.proposer_user_id, application.key)
        if application.id in baseline.application_ids or keyed in sent_awards:
            continue
        detail = f"application {application.id} key {application.key!r}"
        violations.append(Violation("untraceable-application", detail))
    return violations


def accounted_transfers(state: DatabaseState, baseline: Baseline) -> set[uuid.UUID]:
    """Transfers the setup wrote, or derived from a client's key, or settling one of those."""
    accounted = set(baseline.transfer_ids)
    for receipt in state.receipts:
        if receipt.points_transfer_id == transfer_id(
            "redeem", receipt.supermarket_id, receipt.key, "points"
        ):
            accounted.add(receipt.points_transfer_id)
    accounted.update(line.stock_transfer_id for line in state.lines)
    accounted.update(a.transfer_id for a in state.applications if a.transfer_id is not None)
    accounted.update(
        t.id
        for t in state.transfers.values()
        if t.pending_id is not None and t.pending_id in accounted
    )
    return accounted


def check_transfers(state: DatabaseState, baseline: Baseline) -> list[Violation]:
    accounted = accounted_transfers(state, baseline)
    violations = [
        Violation("transfer-without-key", f"{t.id} ({t.kind}, {t.amount} {t.unit})")
        for t in state.transfers.values()
        if t.id not in accounted
    ]
    for receipt in state.receipts:
        if receipt.points_transfer_id not in state.transfers:
            detail = f"supermarket {receipt.supermarket_id} key {receipt.key!r}"
            violations.append(Violation("receipt-without-transfer", detail))
    return violations


def check_conservation(state: DatabaseState) -> list[Violation]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for account in state.accounts.values():
        totals = sums[account.unit]
        totals[0] += account.debits_pending
        totals[1] += account.credits_pending
        totals[2] += account.debits_posted
        totals[3] += account.credits_posted
    return [
        Violation("not-conserved", f"unit {unit}: debits {d}/{dp}, credits {c}/{cp}")
        for unit, (d, c, dp, cp) in sums.items()
        if d != c or dp != cp
    ]


def _wallet_expectations(state: DatabaseState) -> dict[int, int]:
    """Holder id → posted points its receipts and settled applications say it holds."""
    expected: dict[int, int] = defaultdict(int)
    for application in state.applications:
        if application.status == "POSTED" and application.points_applied:
            sign = 1 if application.points > 0 else -1
            expected[application.holder_id] += sign * application.points_applied
    for receipt in state.receipts:
        expected[receipt.holder_id] -= receipt.total_points - receipt.returned_points
    return expected


def _shelf_expectations(state: DatabaseState) -> Iterable[tuple[int, int, int]]:
    issued: dict[int, int] = defaultdict(int)
    for line in state.lines:
        issued[line.goods_id] += line.quantity - line.returned_quantity
    for goods in state.goods:
        yield goods.id, goods.shelf_account_id, goods.stocked_in - issued[goods.id]


def check_balances(state: DatabaseState) -> list[Violation]:
    violations = []
    for holder_id, expected in _wallet_expectations(state).items():
        account = state.accounts[state.wallets[holder_id]]
        actual = account.credits_posted - account.debits_posted
        if actual != expected:
            detail = f"holder {holder_id}: holds {actual}, receipts and awards say {expected}"
            violations.append(Violation("wallet-mismatch", detail))
    for goods_id, account_id, expected in _shelf_expectations(state):
        account = state.accounts[account_id]
        actual = account.credits_posted - account.debits_posted
        if actual != expected:
            detail = (
                f"goods {goods_id}: shelf holds {actual}, stock-ins and receipts say {expected}"
            )
            violations.append(Violation("stock-mismatch", detail))
    violations.extend(
        Violation("negative-balance", f"account {account.id} ({account.unit})")
        for account in state.accounts.values()
        if _negative(account)
    )
    return violations


def _negative(account: AccountRecord) -> bool:
    """Below zero on the side the account promises: wallets and shelves never lend."""
    debits = account.debits_pending + account.debits_posted
    credits = account.credits_pending + account.credits_posted
    return (account.debits_must_not_exceed_credits and debits > account.credits_posted) or (
        account.credits_must_not_exceed_debits and credits > account.debits_posted
    )
