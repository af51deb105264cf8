"""Factories for ledger tests: accounts and transfer specs with readable defaults."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from ledger import AccountSpec, TransferKind, TransferSpec, Unit


async def create_account(
    session: AsyncSession,
    code: str | None = None,
    unit: str = Unit.POINTS,
    *,
    no_negative: bool = False,
    budget: bool = False,
) -> int:
    spec = AccountSpec(
        code=code or f"test:{uuid.uuid4().hex[:12]}",
        unit=unit,
        debits_must_not_exceed_credits=no_negative,
        credits_must_not_exceed_debits=budget,
    )
    [result] = await ledger.create_accounts(session, [spec])
    return result.account.id


def transfer(
    debit: int | None,
    credit: int | None,
    amount: int | None,
    unit: str | None = Unit.POINTS,
    **fields: Any,
) -> TransferSpec:
    return TransferSpec(
        id=fields.pop("id", None) or uuid.uuid4(),
        debit_account_id=debit,
        credit_account_id=credit,
        amount=amount,
        unit=unit,
        **fields,
    )


def post(pending_id: uuid.UUID, amount: int | None = None, **fields: Any) -> TransferSpec:
    return _resolving(TransferKind.POST_PENDING, pending_id, amount, **fields)


def void(pending_id: uuid.UUID, amount: int | None = None, **fields: Any) -> TransferSpec:
    return _resolving(TransferKind.VOID_PENDING, pending_id, amount, **fields)


def _resolving(
    kind: TransferKind, pending_id: uuid.UUID, amount: int | None, **fields: Any
) -> TransferSpec:
    debit = fields.pop("debit_account_id", None)
    credit = fields.pop("credit_account_id", None)
    unit = fields.pop("unit", None)
    return transfer(debit, credit, amount, unit, kind=kind, pending_id=pending_id, **fields)
