"""The hash chain: a canonical encoding of each transfer, its digest, and the links.

``digest = sha256(payload ":" position ":" recorded_at_us)`` where ``payload`` is compact JSON
with sorted keys (ASCII only, so its bytes are unique) of every other stored field — integers
as JSON integers, UUIDs as lowercase hex, instants as integer microseconds since the Unix epoch
(UTC) — including the balances after the transfer, so neither an amount nor a running balance
can be edited without changing the digest. The writer computes the payload; the database adds
position and recording time and stores the digest (one statement, no lock beyond the accounts).

Sealing (``ledger.sealing``) then links committed transfers in order:
``link hash = sha256(digest || previous link hash)``, from 32 zero bytes. ``verify`` and any
outside checker recompute both from the rows; the head is publishable.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Protocol

from ledger.types import Balances, Transfer, TransferKind, TransferSpec

GENESIS_HASH = bytes(32)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ChainFields(Protocol):
    """The fields a transfer has before the chain places it (a draft or a stored transfer)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def debit_account_id(self) -> int: ...
    @property
    def credit_account_id(self) -> int: ...
    @property
    def amount(self) -> int: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> TransferKind: ...
    @property
    def pending_id(self) -> uuid.UUID | None: ...
    @property
    def timeout_seconds(self) -> int | None: ...
    @property
    def reverses_id(self) -> uuid.UUID | None: ...
    @property
    def event_at(self) -> datetime | None: ...
    @property
    def code(self) -> int: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def linked(self) -> bool: ...
    @property
    def debit_balances_after(self) -> Balances: ...
    @property
    def credit_balances_after(self) -> Balances: ...


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


def _hex(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def payload(transfer: ChainFields) -> str:
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
        "pending_id": _hex(transfer.pending_id),
        "reference": transfer.reference,
        "reverses_id": _hex(transfer.reverses_id),
        "timeout_seconds": transfer.timeout_seconds,
        "unit": transfer.unit,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def payload_parts(transfer: TransferSpec) -> tuple[str, str, str]:
    """``payload`` cut around its two balance lists, for the database to fill them in:
    ``head + credit list + middle + debit list + tail`` is the payload, each list written
    ``[debits_pending,debits_posted,credits_pending,credits_posted]`` (``ledger_post_batch``,
    migration 0025). Keys sort as ``payload`` sorts them, so the cut is fixed."""
    before = {
        "amount": transfer.amount,
        "code": transfer.code,
        "credit_account_id": transfer.credit_account_id,
    }
    after = {
        "event_at": None if transfer.event_at is None else microseconds(transfer.event_at),
        "id": transfer.id.hex,
        "kind": transfer.kind.value,
        "linked": transfer.linked,
        "pending_id": _hex(transfer.pending_id),
        "reference": transfer.reference,
        "reverses_id": _hex(transfer.reverses_id),
        "timeout_seconds": transfer.timeout_seconds,
        "unit": transfer.unit,
    }
    head = _compact(before)[:-1] + ',"credit_balances_after":'
    middle = f',"debit_account_id":{_compact(transfer.debit_account_id)},"debit_balances_after":'
    return head, middle, "," + _compact(after)[1:]


def _compact(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def digest(transfer: Transfer) -> bytes:
    """The digest a stored transfer must carry."""
    placed = f"{payload(transfer)}:{transfer.position}:{microseconds(transfer.recorded_at)}"
    return hashlib.sha256(placed.encode("ascii")).digest()


def link_hash(transfer_digest: bytes, previous_hash: bytes) -> bytes:
    """The hash of the chain link of a transfer, after the link whose hash is given."""
    assert len(transfer_digest) == 32
    assert len(previous_hash) == 32
    return hashlib.sha256(transfer_digest + previous_hash).digest()
