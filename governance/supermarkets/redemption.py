"""Redeeming points for goods at a supermarket, and returns.

A sale is one linked ledger batch: the points (wallet → till) and each line's stock (shelf →
issued) move together or not at all. The cashier's client key makes it idempotent: the ledger
transfer ids are derived from (supermarket, key, line), and ``receipts`` is unique on
(supermarket, key). The same key with the same holder and lines answers the stored receipt;
with anything else, ``IDEMPOTENCY_KEY_REUSED``.

The hot path is two statements on the driver (counted by
``tests/api/bank/test_hot_path_statements.py``): one read of everything the sale needs, then
one that posts the sale to the ledger (its fast path, ``ledger.posting``: lock, check, write)
and inserts the receipt with its lines, the receipt only if the ledger wrote the transfers. A
sale the fast path turns down (stock short, a race) is judged by the ledger's full rules, as
is a sale that cannot take it. A refused sale leaves nothing behind: nothing is written before
the ledger, the fast path writes all or nothing, and the rules are told not to record the
failure (``record_failures=False``), so the same key may be used again once the household has
the points. That is why the API runs it without a savepoint (``run_mutation(savepoint=False)``);
``tests/api/bank/test_redemption.py`` fingerprints every table around refused sales.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance import idempotency
from governance.access.principal import Viewer
from governance.bank import accounts
from governance.bank.accounts import Reason
from governance.bank.announcements import settle_due
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.supermarkets import repository
from governance.supermarkets.models import (
    QUANTITY_MAX,
)
from governance.supermarkets.serving import may_use_till, serves
from kit.driver import driver_connection
from ledger import posting as ledger_posting

LINES_MAX = 50  # goods on one receipt


@dataclass(frozen=True, slots=True)
class SaleLine:
    goods_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Sale:
    supermarket_id: int
    holder_id: int
    lines: Sequence[SaleLine]
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class ReceiptLineView:
    line_number: int
    goods_id: int
    goods_name: str
    quantity: int
    unit_price_points: int
    amount_points: int
    returned_quantity: int = 0


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """A receipt as the cashier prints it; built from what was written, never re-read."""

    id: int
    supermarket_id: int
    holder_id: int
    household_id: int | None
    person_id: int | None
    total_points: int
    balance_after_points: int
    returned_points: int
    created_at: dt.datetime
    lines: list[ReceiptLineView] = field(default_factory=list)

    @property
    def number(self) -> str:
        return receipt_number(self.supermarket_id, self.id)


def receipt_number(supermarket_id: int, receipt_id: int) -> str:
    return f"{supermarket_id:04d}-{receipt_id:08d}"


def _check_sale(sale: Sale) -> None:
    idempotency.check_key(sale.idempotency_key)
    if not 0 < len(sale.lines) <= LINES_MAX:
        raise Refusal(RefusalCode.LINES_INVALID, "lines", f"A sale has 1 to {LINES_MAX} lines.")
    if len({line.goods_id for line in sale.lines}) != len(sale.lines):
        raise Refusal(
            RefusalCode.DUPLICATE_GOODS, "lines", "Give each goods once, with its quantity."
        )
    for index, line in enumerate(sale.lines):
        if not 0 < line.quantity <= QUANTITY_MAX:
            message = f"Quantities range from 1 to {QUANTITY_MAX}."
            raise Refusal(RefusalCode.QUANTITY_INVALID, f"lines.{index}.quantity", message)


def request_digest(sale: Sale) -> str:
    parts = [str(sale.holder_id), *(f"{line.goods_id}x{line.quantity}" for line in sale.lines)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


async def redeem(
    session: AsyncSession, viewer: Viewer, sale: Sale, now: dt.datetime | None = None
) -> ReceiptView:
    """Debit the points and move the stock atomically; answer the receipt (or the stored one).

    Given ``now``, a sale short of points first settles the holder's announcements past their
    deadline (what the balance read already shows as posted), then reads again."""
    _check_sale(sale)
    if not may_use_till(viewer, sale.supermarket_id):
        raise forbidden("redeem at this supermarket")
    connection = await driver_connection(session)  # begins the database transaction
    context = await _context(connection, sale)
    digest = request_digest(sale)
    if context.receipt is not None:
        return _replayed(context.receipt, digest)
    holder, supermarket = _check_context(context)
    priced = _priced_lines(sale, context.goods)
    total = sum(line.amount_points for line in priced)
    short = holder["available"] < total and holder["has_pending"]
    if short and now is not None and await settle_due(session, now, holder_ids=[holder["id"]]):
        holder, supermarket = _check_context(await _context(connection, sale))
    if holder["available"] < total:
        raise Refusal(
            RefusalCode.INSUFFICIENT_POINTS, "lines", _insufficient(holder["available"], total)
        )
    specs = _sale_specs(
        sale=sale,
        holder=holder,
        supermarket=supermarket,
        goods=context.goods,
        priced=priced,
        total=total,
    )
    ready = _Posting.of(
        sale, holder=holder, digest=digest, priced=priced, specs=specs,
        cashier_user_id=viewer.user_id,
    )  # fmt: skip
    return await _post(session, connection, ready)


@dataclass(frozen=True, slots=True)
class _Posting:
    """A sale ready for the ledger: its transfers, and the receipt to write with them."""

    sale: Sale
    holder: dict[str, Any]
    digest: str
    priced: list[ReceiptLineView]
    specs: list[ledger.TransferSpec]
    receipt: repository.ReceiptRow
    rows: list[repository.LineRow]

    @classmethod
    def of(
        cls,
        sale: Sale,
        *,
        holder: dict[str, Any],
        digest: str,
        priced: list[ReceiptLineView],
        specs: list[ledger.TransferSpec],
        cashier_user_id: int | None,
    ) -> _Posting:
        total = sum(line.amount_points for line in priced)
        receipt = repository.ReceiptRow(
            sale.supermarket_id, holder["id"], holder["household_id"], holder["person_id"],
            holder["region_code"], sale.idempotency_key, digest, total, None,
            specs[0].id, cashier_user_id,
        )  # fmt: skip
        rows = [
            repository.LineRow(line.line_number, line.goods_id, line.quantity,
                               line.unit_price_points, spec.id)
            for line, spec in zip(priced, specs[1:], strict=True)
        ]  # fmt: skip
        return cls(sale, holder, digest, priced, specs, receipt, rows)

    def view(
        self, results: Sequence[ledger.TransferResult], receipt: tuple[int, dt.datetime]
    ) -> ReceiptView:
        receipt_id, created_at = receipt
        holder = self.holder
        return ReceiptView(
            receipt_id, self.sale.supermarket_id, holder["id"], holder["household_id"],
            holder["person_id"], self.receipt.total_points, _balance_after(results), 0,
            created_at, self.priced,
        )  # fmt: skip


async def _post(session: AsyncSession, connection: Any, sale: _Posting) -> ReceiptView:
    if ledger_posting.eligible(sale.specs):
        # The ledger's lock-check-write and the receipt in one statement; when the ledger
        # turns the batch down (stock short, a race), it wrote nothing: the rules say why.
        posted = await repository.post_sale(connection, sale.specs, sale.receipt, sale.rows)
        if posted is not None:
            if posted.receipt is None:
                return await _stored(connection, sale.sale, sale.digest)
            return sale.view(posted.results, posted.receipt)
    # Refused sales leave nothing behind (no stored failure, no savepoint to roll back to):
    # reads so far wrote nothing, and a later retry of the same key is judged afresh.
    results = await ledger.create_transfers(session, sale.specs, record_failures=False)
    total = sale.receipt.total_points
    if not all(result.ok for result in results):
        raise _refusal_of(results, sale.holder["available"], total)
    if results[0].status is ledger.TransferStatus.EXISTS:
        return await _stored(connection, sale.sale, sale.digest)  # a retry raced its original
    receipt = replace(sale.receipt, balance_after_points=_balance_after(results))
    written = await repository.insert_receipt(connection, receipt, sale.rows)
    if written is None:
        return await _stored(connection, sale.sale, sale.digest)
    return sale.view(results, (written["id"], written["created_at"]))


def _balance_after(results: Sequence[ledger.TransferResult]) -> int:
    points = results[0].transfer
    assert points is not None
    return points.debit_balances_after.available_credit_balance


async def _context(connection: Any, sale: Sale) -> repository.SaleContext:
    return await repository.sale_context(
        connection, sale.supermarket_id, sale.holder_id,
        [line.goods_id for line in sale.lines], sale.idempotency_key,
    )  # fmt: skip


def _insufficient(available: int, total: int) -> str:
    return f"The sale costs {total} points; {available} are available."


def _check_context(context: repository.SaleContext) -> tuple[dict[str, Any], dict[str, Any]]:
    supermarket, holder = context.supermarket, context.holder
    if supermarket is None:
        raise Refusal(
            RefusalCode.SUPERMARKET_NOT_FOUND, "supermarketId", "No supermarket has this id."
        )
    if not supermarket["open"]:
        raise Refusal(
            RefusalCode.SUPERMARKET_CLOSED, "supermarketId", "This supermarket is closed."
        )
    if holder is None:
        raise Refusal(RefusalCode.HOLDER_NOT_FOUND, "accountId", "No points account has this id.")
    if holder["closed"]:
        raise Refusal(RefusalCode.ACCOUNT_CLOSED, "accountId", "This points account is closed.")
    if not serves(supermarket["region_code"], holder["region_code"]):
        message = "This supermarket serves households living under its township or village."
        raise Refusal(RefusalCode.HOLDER_NOT_SERVED, "accountId", message)
    return holder, supermarket


def _priced_lines(sale: Sale, goods: dict[int, dict[str, Any]]) -> list[ReceiptLineView]:
    priced = []
    for index, line in enumerate(sale.lines):
        found = goods.get(line.goods_id)
        if found is None:
            message = "This supermarket sells no goods with this id."
            raise Refusal(RefusalCode.GOODS_NOT_FOUND, f"lines.{index}.goodsId", message)
        if not found["active"]:
            message = "These goods are retired: they are no longer sold."
            raise Refusal(RefusalCode.GOODS_RETIRED, f"lines.{index}.goodsId", message)
        price = found["price_points"]
        priced.append(
            ReceiptLineView(index + 1, line.goods_id, found["name"], line.quantity, price,
                            price * line.quantity)
        )  # fmt: skip
    return priced


def _sale_specs(
    *,
    sale: Sale,
    holder: dict[str, Any],
    supermarket: dict[str, Any],
    goods: dict[int, dict[str, Any]],
    priced: Sequence[ReceiptLineView],
    total: int,
) -> list[ledger.TransferSpec]:
    key = ("redeem", sale.supermarket_id, sale.idempotency_key)
    reference = f"redeem:{sale.supermarket_id}"
    specs = [
        ledger.TransferSpec(
            id=accounts.transfer_id(*key, "points"), debit_account_id=holder["points_account_id"],
            credit_account_id=supermarket["till_account_id"], amount=total,
            unit=ledger.Unit.POINTS, code=Reason.REDEMPTION, reference=reference, linked=True,
        )
    ]  # fmt: skip
    for line in priced:
        found = goods[line.goods_id]
        specs.append(
            ledger.TransferSpec(
                id=accounts.transfer_id(*key, "line", line.line_number),
                debit_account_id=found["shelf_account_id"],
                credit_account_id=found["issued_account_id"], amount=line.quantity,
                unit=ledger.stock_unit(line.goods_id), code=Reason.REDEMPTION_STOCK,
                reference=reference, linked=line.line_number < len(priced),
            )
        )  # fmt: skip
    return specs


def _refusal_of(results: Sequence[ledger.TransferResult], available: int, total: int) -> Refusal:
    """The user's reason for a failed batch: the transfer that failed on its own."""
    statuses = ledger.TransferStatus
    for index, result in enumerate(results):
        if result.status in (statuses.LINKED_EVENT_FAILED, statuses.CREATED, statuses.EXISTS):
            continue
        if result.status is statuses.EXISTS_WITH_DIFFERENT_FIELDS:
            return idempotency.reused("sale")
        if result.status in (statuses.DEBIT_ACCOUNT_CLOSED, statuses.CREDIT_ACCOUNT_CLOSED):
            return Refusal(
                RefusalCode.ACCOUNT_CLOSED, "accountId", "An account of this sale is closed."
            )
        if result.status is statuses.EXCEEDS_CREDITS and index == 0:
            return Refusal(
                RefusalCode.INSUFFICIENT_POINTS, "lines", _insufficient(available, total)
            )
        if result.status is statuses.EXCEEDS_CREDITS:
            field_name = f"lines.{index - 1}.quantity"
            return Refusal(
                RefusalCode.INSUFFICIENT_STOCK, field_name, "Not enough of this goods in stock."
            )
        raise AssertionError(f"unexpected ledger outcome {result}")
    raise AssertionError("a failed batch has a failing transfer")


def _replayed(stored: dict[str, Any], digest: str) -> ReceiptView:
    idempotency.replay(stored, same_content=stored["request_digest"] == digest, what="sale")
    lines = [
        ReceiptLineView(
            line["line_number"], line["goods_id"], line["goods_name"], line["quantity"],
            line["unit_price_points"], line["amount_points"], line["returned_quantity"],
        )
        for line in stored["lines"] or []
    ]  # fmt: skip
    return ReceiptView(
        stored["id"], stored["supermarket_id"], stored["holder_id"], stored["household_id"],
        stored["person_id"], stored["total_points"], stored["balance_after_points"],
        stored["returned_points"], dt.datetime.fromisoformat(stored["created_at"]), lines,
    )  # fmt: skip


async def _stored(connection: Any, sale: Sale, digest: str) -> ReceiptView:
    context = await repository.sale_context(
        connection, sale.supermarket_id, sale.holder_id, [], sale.idempotency_key
    )
    assert context.receipt is not None, "the ledger saw this key's transfers: its receipt exists"
    return _replayed(context.receipt, digest)
