"""Goal: the chaos checker fails on bad histories: a doubled sale, a lost acknowledged sale, a
sale refused yet applied, a receipt or transfer no client sent, a negative balance, a wallet or
shelf that disagrees with its receipts, unconserved units; and passes a consistent one.

Method: a small consistent database state and history built by hand (one wallet funded by one
posted award, one sale of two items), then one defect at a time.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from bench.chaos.checker import check
from bench.chaos.history import History, Kind, Outcome
from bench.chaos.state import (
    AccountRecord,
    ApplicationRecord,
    Baseline,
    DatabaseState,
    GoodsRecord,
    LineRecord,
    ReceiptRecord,
    TransferRecord,
)
from governance.bank.accounts import transfer_id

SUPERMARKET, HOLDER, GOODS = 7, 3, 11
POOL, WALLET, TILL, RECEIVED, SHELF, ISSUED = 1, 2, 3, 4, 5, 6
STOCK_UNIT = f"goods:{GOODS}"


def _account(
    account_id: int, unit: str, debits: int, credits: int, *, limited: bool = False
) -> AccountRecord:
    return AccountRecord(account_id, unit, 0, debits, 0, credits, limited, False)


def _transfer(identifier: uuid.UUID, amount: int, unit: str = "POINTS") -> TransferRecord:
    return TransferRecord(identifier, "POSTED", unit, amount, None)


def consistent() -> tuple[History, DatabaseState, Baseline]:
    """100 points awarded in setup, 5 items stocked; a client bought 2 items for 30 points."""
    award, stock_in = uuid.uuid4(), uuid.uuid4()
    points = transfer_id("redeem", SUPERMARKET, "k1", "points")
    line = transfer_id("redeem", SUPERMARKET, "k1", "line", 1)
    history = History()
    sale = history.begin(Kind.REDEEM, SUPERMARKET)
    sale.keys.append("k1")
    sale.attempts, sale.outcome, sale.answer = 2, Outcome.OK, {"total_points": 30}
    state = DatabaseState(
        receipts=[ReceiptRecord(SUPERMARKET, "k1", HOLDER, 30, 0, points)],
        lines=[LineRecord(SUPERMARKET, "k1", GOODS, 2, 0, line)],
        applications=[ApplicationRecord(1, 99, None, HOLDER, 100, "POSTED", 100, award)],
        transfers={t.id: t for t in [_transfer(award, 100), _transfer(stock_in, 5, STOCK_UNIT),
                                     _transfer(points, 30), _transfer(line, 2, STOCK_UNIT)]},
        accounts={a.id: a for a in [
            _account(POOL, "POINTS", 100, 0), _account(WALLET, "POINTS", 30, 100, limited=True),
            _account(TILL, "POINTS", 0, 30), _account(RECEIVED, STOCK_UNIT, 5, 0),
            _account(SHELF, STOCK_UNIT, 2, 5, limited=True), _account(ISSUED, STOCK_UNIT, 0, 2),
        ]},
        wallets={HOLDER: WALLET},
        goods=[GoodsRecord(GOODS, SHELF, 5)],
    )  # fmt: skip
    return history, state, Baseline(frozenset({award, stock_in}), frozenset({1}), frozenset())


def _kinds(history: History, state: DatabaseState, baseline: Baseline) -> set[str]:
    return {violation.kind for violation in check(history, state, baseline)}


def test_a_consistent_history_passes() -> None:
    assert check(*consistent()) == []


def test_a_doubled_sale_is_caught() -> None:
    history, state, baseline = consistent()
    history.operations[0].keys.append("k2")  # retried under a fresh key: charged twice
    again = transfer_id("redeem", SUPERMARKET, "k2", "points")
    state.receipts.append(ReceiptRecord(SUPERMARKET, "k2", HOLDER, 30, 0, again))
    state.transfers[again] = _transfer(again, 30)
    assert "doubled" in _kinds(history, state, baseline)


def test_a_lost_acknowledged_sale_is_caught() -> None:
    history, state, baseline = consistent()
    state.receipts.clear()
    assert "lost" in _kinds(history, state, baseline)


def test_a_refused_sale_that_was_applied_is_caught() -> None:
    history, state, baseline = consistent()
    history.operations[0].outcome = Outcome.REFUSED
    assert _kinds(history, state, baseline) == {"refused-but-applied"}


def test_an_unacknowledged_sale_may_be_present_once() -> None:
    history, state, baseline = consistent()
    history.operations[0].outcome = Outcome.UNKNOWN
    assert check(history, state, baseline) == []


def test_a_receipt_no_client_sent_is_caught() -> None:
    history, state, baseline = consistent()
    history.operations.clear()
    assert "untraceable-receipt" in _kinds(history, state, baseline)


def test_a_transfer_without_a_key_is_caught() -> None:
    history, state, baseline = consistent()
    stray = uuid.uuid4()
    state.transfers[stray] = _transfer(stray, 5)
    assert "transfer-without-key" in _kinds(history, state, baseline)


def test_a_negative_balance_is_caught() -> None:
    history, state, baseline = consistent()
    state.accounts[WALLET] = replace(state.accounts[WALLET], debits_posted=130)
    assert "negative-balance" in _kinds(history, state, baseline)


def test_a_wallet_or_shelf_disagreeing_with_receipts_is_caught() -> None:
    history, state, baseline = consistent()
    state.accounts[WALLET] = replace(state.accounts[WALLET], debits_posted=20)
    state.accounts[SHELF] = replace(state.accounts[SHELF], debits_posted=1)
    kinds = _kinds(history, state, baseline)
    assert {"wallet-mismatch", "stock-mismatch", "not-conserved"} <= kinds


def test_a_keyed_award_is_checked_like_a_sale() -> None:
    history, state, baseline = consistent()
    award = history.begin(Kind.AWARD, 99)
    award.keys.append("a1")
    award.outcome = Outcome.OK
    assert "lost" in _kinds(history, state, baseline)
    for number in (2, 3):
        state.applications.append(
            ApplicationRecord(number, 99, "a1", HOLDER, 100, "APPROVED", None, None)
        )
    assert "doubled" in _kinds(history, state, baseline)


def test_ledger_verify_violations_are_reported() -> None:
    history, state, baseline = consistent()
    state.verify_violations = ["chain: link 3 does not follow link 2"]
    assert _kinds(history, state, baseline) == {"ledger-verify"}
