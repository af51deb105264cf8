"""What the clients did, recorded before each request is sent: the checker's ground truth.

One ``Operation`` is one intent of a client (a sale, an award). Its ``keys`` are the idempotency
keys it was sent under: one, reused on every retry; several only when idempotency is bypassed
on purpose (``--unsafe-no-idempotency``), which is how the checker can see a doubled sale.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    REDEEM = "redeem"
    AWARD = "award"
    BALANCE = "balance"
    PUBLISH = "publish"


class Outcome(enum.StrEnum):
    PENDING = "pending"  # not answered yet
    OK = "ok"  # acknowledged: done
    REFUSED = "refused"  # acknowledged: a userError, nothing changed
    UNKNOWN = "unknown"  # never acknowledged: the client gave up


@dataclass
class Operation:
    """One client intent. ``scope_id`` is the supermarket (sales) or proposer user (awards):
    the scope of its keys. ``answer`` holds what the acknowledgement said (e.g. total points)."""

    number: int
    kind: Kind
    scope_id: int = 0
    keys: list[str] = field(default_factory=list)
    requests: int = 0  # distinct requests (an award: its proposal, then its review)
    attempts: int = 0  # sends, retries included
    outcome: Outcome = Outcome.PENDING
    answer: dict[str, object] = field(default_factory=dict)

    @property
    def retries(self) -> int:
        return max(0, self.attempts - max(1, self.requests))


@dataclass
class History:
    operations: list[Operation] = field(default_factory=list)

    def begin(self, kind: Kind, scope_id: int = 0) -> Operation:
        operation = Operation(len(self.operations), kind, scope_id)
        self.operations.append(operation)
        return operation

    def of_kind(self, kind: Kind) -> list[Operation]:
        return [op for op in self.operations if op.kind is kind]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for op in self.operations if op.outcome is outcome)

    @property
    def retries(self) -> int:
        return sum(op.retries for op in self.operations)
