"""Returning goods: reversing transfers of a receipt's points and stock, wholly or by lines.

Each return carries the cashier's key: its transfer ids derive from (receipt, key, line), and
``receipt_returns`` is unique on (receipt, key), so a retried return gives back nothing twice.
The ledger itself refuses to reverse more than a transfer's amount in total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance import idempotency
from governance.access.principal import Viewer
from governance.bank import accounts
from governance.bank.accounts import Reason
from governance.bank.errors import ledger_refusal
from governance.bank.models import Holder
from governance.bank.permissions import cashier_of
from governance.refusals import Refusal, RefusalCode
from governance.supermarkets.models import (
    Goods,
    Receipt,
    ReceiptLine,
    ReceiptReturn,
    ReceiptReturnLine,
    Supermarket,
)
from governance.supermarkets.redemption import ReceiptLineView, ReceiptView


@dataclass(frozen=True, slots=True)
class ReturnLine:
    line_number: int
    quantity: int


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    receipt_id: int
    idempotency_key: str
    lines: Sequence[ReturnLine] | None = None  # None: everything not yet returned


async def return_goods(
    session: AsyncSession, viewer: Viewer, request: ReturnRequest
) -> ReceiptView:
    """Give back points for returned goods; answer the receipt as it now stands."""
    idempotency.check_key(request.idempotency_key)
    receipt = await _lock_receipt(session, request.receipt_id)
    if receipt is None or not cashier_of(viewer, receipt.supermarket_id):
        raise Refusal(
            RefusalCode.RECEIPT_NOT_FOUND, "receiptId", "No receipt of your supermarket has it."
        )
    lines = await _lines(session, receipt.id)
    stored = await _stored_return(session, receipt.id, request.idempotency_key)
    same = stored is not None and _same_return(request, stored, lines)
    if idempotency.replay(stored, same_content=same, what="return") is not None:
        return await receipt_view(session, receipt, lines)
    quantities = _quantities(request, lines)
    points = sum(lines[n].unit_price_points * q for n, q in quantities.items())
    specs = await _return_specs(
        session, receipt=receipt, lines=lines, quantities=quantities,
        key=request.idempotency_key, points=points,
    )  # fmt: skip
    results = await ledger.create_transfers(session, specs)
    if not all(result.ok for result in results):
        refusal = ledger_refusal({result.status.value for result in results})
        assert refusal is not None, results
        raise refusal
    returned = ReceiptReturn(
        receipt_id=receipt.id, idempotency_key=request.idempotency_key, points=points,
        points_transfer_id=specs[0].id, cashier_user_id=viewer.user_id,
    )  # fmt: skip
    session.add(returned)
    await session.flush()
    for spec, (number, quantity) in zip(specs[1:], quantities.items(), strict=True):
        lines[number].returned_quantity += quantity
        session.add(ReceiptReturnLine(return_id=returned.id, line_number=number,
                                      receipt_id=receipt.id, quantity=quantity,
                                      stock_transfer_id=spec.id))  # fmt: skip
    receipt.returned_points += points
    await session.flush()
    return await receipt_view(session, receipt, lines)


async def _lock_receipt(session: AsyncSession, receipt_id: int) -> Receipt | None:
    statement = select(Receipt).where(Receipt.id == receipt_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def _lines(session: AsyncSession, receipt_id: int) -> dict[int, ReceiptLine]:
    statement = select(ReceiptLine).where(ReceiptLine.receipt_id == receipt_id)
    return {line.line_number: line for line in (await session.execute(statement)).scalars()}


async def _stored_return(session: AsyncSession, receipt_id: int, key: str) -> dict[int, int] | None:
    """Line number → quantity of the return made under ``key``, or None if the key is new."""
    statement = (
        select(ReceiptReturnLine.line_number, ReceiptReturnLine.quantity)
        .join(ReceiptReturn, ReceiptReturn.id == ReceiptReturnLine.return_id)
        .where(ReceiptReturn.receipt_id == receipt_id, ReceiptReturn.idempotency_key == key)
    )
    rows = (await session.execute(statement)).all()
    return {row.line_number: row.quantity for row in rows} if rows else None


def _same_return(
    request: ReturnRequest, stored: dict[int, int], lines: dict[int, ReceiptLine]
) -> bool:
    """Whether ``request`` repeats the stored return: the same lines and quantities, or
    "everything not yet returned" again once nothing remains (what that request leaves)."""
    if request.lines is None:
        return all(line.returned_quantity == line.quantity for line in lines.values())
    return {line.line_number: line.quantity for line in request.lines} == stored


def _quantities(request: ReturnRequest, lines: dict[int, ReceiptLine]) -> dict[int, int]:
    """Line number → quantity returned now, checked against what remains on each line."""
    if request.lines is None:
        wanted = {n: line.quantity - line.returned_quantity for n, line in lines.items()}
        wanted = {n: q for n, q in wanted.items() if q > 0}
    else:
        wanted = {}
        for index, line in enumerate(request.lines):
            stored = lines.get(line.line_number)
            if stored is None or line.line_number in wanted:
                raise Refusal(
                    RefusalCode.LINE_NOT_FOUND, f"lines.{index}.lineNumber", "No such line, once."
                )
            if not 0 < line.quantity <= stored.quantity - stored.returned_quantity:
                message = "More than was bought and not yet returned."
                raise Refusal(RefusalCode.QUANTITY_INVALID, f"lines.{index}.quantity", message)
            wanted[line.line_number] = line.quantity
    if not wanted:
        raise Refusal(
            RefusalCode.NOTHING_TO_RETURN, "lines", "Everything on this receipt was returned."
        )
    return dict(sorted(wanted.items()))


async def _return_specs(
    session: AsyncSession,
    *,
    receipt: Receipt,
    lines: dict[int, ReceiptLine],
    quantities: dict[int, int],
    key: str,
    points: int,
) -> list[ledger.TransferSpec]:
    holder = await session.get(Holder, receipt.holder_id)
    supermarket = await session.get(Supermarket, receipt.supermarket_id)
    assert holder is not None
    assert supermarket is not None
    goods_ids = [lines[n].goods_id for n in quantities]
    goods = {
        g.id: g
        for g in (await session.execute(select(Goods).where(Goods.id.in_(goods_ids)))).scalars()
    }
    prefix = ("return", receipt.id, key)
    reference = f"receipt:{receipt.id}"
    specs = [
        ledger.TransferSpec(
            id=accounts.transfer_id(*prefix, "points"),
            debit_account_id=supermarket.till_account_id,
            credit_account_id=holder.points_account_id, amount=points, unit=ledger.Unit.POINTS,
            reverses_id=receipt.points_transfer_id, code=Reason.RETURN, reference=reference,
            linked=True,
        )
    ]  # fmt: skip
    for position, (number, quantity) in enumerate(quantities.items(), start=1):
        line = lines[number]
        specs.append(
            ledger.TransferSpec(
                id=accounts.transfer_id(*prefix, "line", number),
                debit_account_id=goods[line.goods_id].issued_account_id,
                credit_account_id=goods[line.goods_id].shelf_account_id, amount=quantity,
                unit=ledger.stock_unit(line.goods_id), reverses_id=line.stock_transfer_id,
                code=Reason.RETURN_STOCK, reference=reference, linked=position < len(quantities),
            )
        )  # fmt: skip
    return specs


async def receipt_view(
    session: AsyncSession, receipt: Receipt, lines: dict[int, ReceiptLine]
) -> ReceiptView:
    ids = sorted({line.goods_id for line in lines.values()})
    found = await session.execute(select(Goods.id, Goods.name).where(Goods.id.in_(ids)))
    names = {row.id: row.name for row in found}
    views = [
        ReceiptLineView(line.line_number, line.goods_id, names[line.goods_id], line.quantity,
                        line.unit_price_points, line.amount_points, line.returned_quantity)
        for line in sorted(lines.values(), key=lambda line: line.line_number)
    ]  # fmt: skip
    return ReceiptView(
        receipt.id, receipt.supermarket_id, receipt.holder_id, receipt.household_id,
        receipt.person_id, receipt.total_points, receipt.balance_after_points,
        receipt.returned_points, receipt.created_at, views,
    )  # fmt: skip
