"""Client-chosen idempotency keys: one rule for sales, proposals and returns.

A key names one request. Sent again with the same content, it answers what the first request
answered; with other content, ``IDEMPOTENCY_KEY_REUSED`` (never a silent first answer).
"""

from __future__ import annotations

from typing import TypeVar

from governance.refusals import Refusal, RefusalCode

IDEMPOTENCY_KEY_LENGTH_MAX = 64  # a till's receipt key, and a proposer's
KEY_FIELD = "idempotencyKey"

T = TypeVar("T")


def check_key(key: str) -> None:
    if not 0 < len(key) <= IDEMPOTENCY_KEY_LENGTH_MAX:
        message = f"An idempotency key has 1 to {IDEMPOTENCY_KEY_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.IDEMPOTENCY_KEY_INVALID, KEY_FIELD, message)


def reused(what: str) -> Refusal:
    return Refusal(
        RefusalCode.IDEMPOTENCY_KEY_REUSED, KEY_FIELD, f"This key was used for a different {what}."
    )


def replay(stored: T | None, *, same_content: bool, what: str) -> T | None:
    """The first answer under a key (None if the key is new), if the content is the same."""
    if stored is not None and not same_content:
        raise reused(what)
    return stored
