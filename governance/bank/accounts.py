"""Ledger account codes, transfer ids and reason codes used by the bank and the supermarkets.

Transfer ids are derived (uuid5) from what the transfer is for, so any retry, by any process,
names the same transfer and the ledger's idempotency does the rest.
"""

from __future__ import annotations

import enum
import uuid

TRANSFER_NAMESPACE = uuid.UUID("2b7c4f1e-93a4-4d5e-8f0b-5c1d2e3f4a6b")


class Reason(enum.IntEnum):
    """The ledger ``code`` of each kind of movement (shown on statements)."""

    AWARD = 1
    DEDUCTION = 2
    VOLUNTEER_POINTS = 3
    VOLUNTEER_MINUTES = 4
    REDEMPTION = 10
    REDEMPTION_STOCK = 11
    RETURN = 12
    RETURN_STOCK = 13
    STOCK_IN = 20
    STOCK_WRITE_OFF = 21  # shelf → the goods' adjusted account (damaged, expired, short count)
    STOCK_FOUND = 22  # the goods' adjusted account → shelf (a stocktake counted more)
    CLEARING = 30
    SETTLEMENT = 31  # the holder left the scheme (moved out, died, household ended): expired
    MERGE = 40  # an absorbed household's points handed to the surviving household


def scheme_pool_code(scheme_id: int) -> str:
    return f"scheme:{scheme_id}:pool"


def scheme_expiry_code(scheme_id: int) -> str:
    return f"scheme:{scheme_id}:expired"


def scheme_minutes_source_code(scheme_id: int) -> str:
    return f"scheme:{scheme_id}:minutes-served"


def household_wallet_code(scheme_id: int, household_id: int) -> str:
    return f"scheme:{scheme_id}:household:{household_id}"


def person_wallet_code(scheme_id: int, person_id: int) -> str:
    return f"scheme:{scheme_id}:person:{person_id}"


def volunteer_minutes_code(person_id: int) -> str:
    return f"volunteer:{person_id}:minutes"


def supermarket_till_code(supermarket_id: int) -> str:
    return f"supermarket:{supermarket_id}:till"


def goods_account_code(goods_id: int, role: str) -> str:
    assert role in ("shelf", "received", "issued", "adjusted")
    return f"goods:{goods_id}:{role}"


def transfer_id(*parts: object) -> uuid.UUID:
    """The id of the transfer named by ``parts`` (e.g. ``"redeem", 1, "key", "points"``)."""
    return uuid.uuid5(TRANSFER_NAMESPACE, "\x1f".join(str(part) for part in parts))
