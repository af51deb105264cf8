"""The fast path of a batch: the whole lock-check-write in one statement.

``ledger_post_batch`` (migration 0025) takes a batch of new POSTED transfers, locks their
accounts in id order, checks the ledger's rules set-wise and writes everything, or writes
nothing and returns no row when any transfer would not be CREATED (a known id, an account
missing, closed or of another unit, an overdraft, an overflow). The caller then runs the batch
through the full rules (``ledger.rules`` via ``ledger.service``), which say exactly what failed
and store failures; a batch that fails on the fast path therefore costs one more statement,
one that succeeds costs one in all.

Only batches whose every transfer can be judged without reading another transfer take it:
POSTED, no pending or reversed transfer, valid on its own (``rules.validate``), distinct ids,
and no linked chain left open at the end of the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from ledger import repository
from ledger.chain import payload_parts
from ledger.rules import validate
from ledger.types import TransferKind, TransferResult, TransferSpec, TransferStatus

ARGUMENT_COUNT = 12


def eligible(specs: Sequence[TransferSpec]) -> bool:
    """Whether the batch may try the fast path (its outcome would not depend on other
    transfers than its own)."""
    if not specs or specs[-1].linked:
        return False
    if len({spec.id for spec in specs}) != len(specs):
        return False
    return all(
        spec.kind is TransferKind.POSTED
        and spec.reverses_id is None
        and spec.pending_id is None
        and validate(spec) is None
        for spec in specs
    )


def arguments(specs: Sequence[TransferSpec]) -> list[list[Any]]:
    """The function's twelve arrays, in its parameters' order."""
    parts = [payload_parts(spec) for spec in specs]
    return [
        [spec.id for spec in specs],
        [spec.debit_account_id for spec in specs],
        [spec.credit_account_id for spec in specs],
        [spec.amount for spec in specs],
        [spec.unit for spec in specs],
        [spec.event_at for spec in specs],
        [spec.code for spec in specs],
        [spec.reference for spec in specs],
        [spec.linked for spec in specs],
        [head for head, _, _ in parts],
        [middle for _, middle, _ in parts],
        [tail for _, _, tail in parts],
    ]


def call(first_parameter: int = 1) -> str:
    """``ledger_post_batch($n, …)`` with its parameters numbered from ``first_parameter``, for
    a caller that writes its own rows in the same statement (a ``WITH`` around it)."""
    numbers = range(first_parameter, first_parameter + ARGUMENT_COUNT)
    return "ledger_post_batch(" + ", ".join(f"${n}" for n in numbers) + ")"


def results(
    specs: Sequence[TransferSpec], records: Sequence[asyncpg.Record]
) -> list[TransferResult] | None:
    """One CREATED result per spec from the rows written, or None when nothing was."""
    if not records:
        return None
    by_id = {record["id"]: repository.transfer_of(record) for record in records}
    assert len(by_id) == len(specs), "the fast path writes the whole batch or nothing"
    return [TransferResult(spec.id, TransferStatus.CREATED, by_id[spec.id]) for spec in specs]


async def post(
    connection: asyncpg.Connection, specs: Sequence[TransferSpec]
) -> list[TransferResult] | None:
    """Try the batch on the fast path: its results, or None (nothing written)."""
    return results(specs, await repository.post_batch(connection, call(), arguments(specs)))
