"""The hash chain: a canonical encoding of each transfer, and the hash linking it to the last.

``hash = sha256(canonical(transfer) || previous hash)``, starting from 32 zero bytes. The
canonical encoding is compact JSON with sorted keys (ASCII only, so its bytes are unique):
integers as JSON integers, UUIDs as lowercase hex strings, instants as integer microseconds
since the Unix epoch in UTC. Everything stored on the row is covered, including the balances
after it, so neither an amount nor a running balance can be edited without breaking the chain.
This module is pure (no I/O) so ``verify`` and any outside checker recompute exactly the same.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from ledger.types import Balances, Transfer

GENESIS_HASH = bytes(32)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(instant: datetime) -> int:
    """Integer microseconds since the Unix epoch (exact: no float on the way)."""
    assert instant.tzinfo is not None, "instants are timezone-aware"
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _balances(balances: Balances) -> list[int]:
    return [
        balances.debits_pending,
        balances.debits_posted,
        balances.credits_pending,
        balances.credits_posted,
    ]


def canonical(transfer: Transfer) -> bytes:
    fields = {
        "amount": transfer.amount,
        "code": transfer.code,
        "credit_account_id": transfer.credit_account_id,
        "credit_balances_after": _balances(transfer.credit_balances_after),
        "debit_account_id": transfer.debit_account_id,
        "debit_balances_after": _balances(transfer.debit_balances_after),
        "event_at": None if transfer.event_at is None else microseconds(transfer.event_at),
        "id": transfer.id.hex,
        "kind": transfer.kind.value,
        "linked": transfer.linked,
        "pending_id": None if transfer.pending_id is None else transfer.pending_id.hex,
        "recorded_at": microseconds(transfer.recorded_at),
        "reference": transfer.reference,
        "reverses_id": None if transfer.reverses_id is None else transfer.reverses_id.hex,
        "sequence": transfer.sequence,
        "timeout_seconds": transfer.timeout_seconds,
        "unit": transfer.unit,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def chain_hash(transfer: Transfer, previous_hash: bytes) -> bytes:
    assert len(previous_hash) == 32
    return hashlib.sha256(canonical(transfer) + previous_hash).digest()
