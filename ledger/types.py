"""Values crossing the ledger's boundary: units, kinds, result codes, specs and results.

Amounts and balances are integers counted in the account's unit (points, minutes of volunteer
service, or items of one goods stock), always within a signed 64-bit integer.
"""

from __future__ import annotations

import enum
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

AMOUNT_MAX = 2**63 - 1  # the largest PostgreSQL bigint; every balance stays within it too
BATCH_SIZE_MAX = 8_190  # TigerBeetle's batch limit: one call, one database transaction
ACCOUNT_CODE_LENGTH_MAX = 128
UNIT_CODE_LENGTH_MAX = 80
REFERENCE_LENGTH_MAX = 128
TIMEOUT_SECONDS_MAX = 366 * 24 * 3600  # a pending transfer waits at most one (leap) year
STATEMENT_PAGE_SIZE_MAX = 100
TRANSFER_CODE_MAX = 65_535  # like TigerBeetle's u16 `code`: the reason, chosen by the caller

UNIT_PATTERN = r"^(POINTS|VOLUNTEER_MINUTES|STOCK:[A-Za-z0-9_.-]{1,64})$"
_UNIT_RE = re.compile(UNIT_PATTERN)


class Unit(enum.StrEnum):
    """The fixed units; goods stock units are ``STOCK:<goods id>`` (see ``stock_unit``)."""

    POINTS = "POINTS"
    VOLUNTEER_MINUTES = "VOLUNTEER_MINUTES"


def new_transfer_id() -> uuid.UUID:
    """A fresh, time-ordered transfer id (UUIDv7, RFC 9562): 48 bits of Unix milliseconds, then
    random bits. Ids that grow with time land at the right end of the primary-key index instead
    of on a random page, which keeps inserts and their write-ahead log small (TigerBeetle
    recommends time-based ids for the same reason). Any UUID is accepted; this is the advice."""
    milliseconds = time.time_ns() // 1_000_000
    value = (milliseconds & (2**48 - 1)) << 80 | secrets.randbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)


def stock_unit(goods_id: str | int) -> str:
    """The unit of one goods item's stock: a supermarket's inventory is a ledger too."""
    unit = f"STOCK:{goods_id}"
    if not is_unit(unit):
        raise ValueError(f"not a valid goods id for a stock unit: {goods_id!r}")
    return unit


def is_unit(unit: str) -> bool:
    return _UNIT_RE.fullmatch(unit) is not None


class TransferKind(enum.StrEnum):
    """What a transfer does to the balances of its two accounts."""

    POSTED = "POSTED"  # single-phase: moves the amount at once
    PENDING = "PENDING"  # reserves the amount (debits/credits pending)
    POST_PENDING = "POST_PENDING"  # posts all or part of a pending transfer, releasing the rest
    VOID_PENDING = "VOID_PENDING"  # releases a pending transfer's reservation
    EXPIRE_PENDING = "EXPIRE_PENDING"  # releases it because its timeout passed (expire_pending)


class TransferStatus(enum.StrEnum):
    """The outcome of one transfer of a batch (TigerBeetle's result codes, plus our own)."""

    CREATED = "CREATED"
    EXISTS = "EXISTS"
    EXISTS_WITH_DIFFERENT_FIELDS = "EXISTS_WITH_DIFFERENT_FIELDS"
    ID_ALREADY_FAILED = "ID_ALREADY_FAILED"
    LINKED_EVENT_FAILED = "LINKED_EVENT_FAILED"
    LINKED_EVENT_CHAIN_OPEN = "LINKED_EVENT_CHAIN_OPEN"
    # Validation of the transfer alone (never stored: the same input always fails the same way).
    AMOUNT_MUST_BE_POSITIVE = "AMOUNT_MUST_BE_POSITIVE"
    AMOUNT_TOO_LARGE = "AMOUNT_TOO_LARGE"
    ACCOUNTS_MUST_BE_DIFFERENT = "ACCOUNTS_MUST_BE_DIFFERENT"
    ACCOUNT_ID_REQUIRED = "ACCOUNT_ID_REQUIRED"
    ACCOUNT_ID_INVALID = "ACCOUNT_ID_INVALID"  # outside 1 .. 2**63 - 1
    UNIT_REQUIRED = "UNIT_REQUIRED"
    UNIT_INVALID = "UNIT_INVALID"
    PENDING_ID_REQUIRED = "PENDING_ID_REQUIRED"
    PENDING_ID_MUST_BE_ABSENT = "PENDING_ID_MUST_BE_ABSENT"
    PENDING_ID_MUST_BE_DIFFERENT = "PENDING_ID_MUST_BE_DIFFERENT"
    TIMEOUT_RESERVED_FOR_PENDING_TRANSFER = "TIMEOUT_RESERVED_FOR_PENDING_TRANSFER"
    TIMEOUT_INVALID = "TIMEOUT_INVALID"
    REVERSAL_MUST_BE_POSTED = "REVERSAL_MUST_BE_POSTED"
    CODE_INVALID = "CODE_INVALID"
    REFERENCE_TOO_LONG = "REFERENCE_TOO_LONG"
    # Failures on the state of the ledger (stored under the transfer's id).
    DEBIT_ACCOUNT_NOT_FOUND = "DEBIT_ACCOUNT_NOT_FOUND"
    CREDIT_ACCOUNT_NOT_FOUND = "CREDIT_ACCOUNT_NOT_FOUND"
    ACCOUNTS_MUST_HAVE_THE_SAME_UNIT = "ACCOUNTS_MUST_HAVE_THE_SAME_UNIT"
    TRANSFER_MUST_HAVE_THE_SAME_UNIT_AS_ACCOUNTS = "TRANSFER_MUST_HAVE_THE_SAME_UNIT_AS_ACCOUNTS"
    DEBIT_ACCOUNT_CLOSED = "DEBIT_ACCOUNT_CLOSED"
    CREDIT_ACCOUNT_CLOSED = "CREDIT_ACCOUNT_CLOSED"
    EXCEEDS_CREDITS = "EXCEEDS_CREDITS"  # insufficient balance on a no-negative account
    EXCEEDS_DEBITS = "EXCEEDS_DEBITS"  # an issuing pool over its budget
    OVERFLOWS = "OVERFLOWS"
    PENDING_TRANSFER_NOT_FOUND = "PENDING_TRANSFER_NOT_FOUND"
    PENDING_TRANSFER_NOT_PENDING = "PENDING_TRANSFER_NOT_PENDING"
    PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID = (
        "PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID"
    )
    PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID = (
        "PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID"
    )
    PENDING_TRANSFER_HAS_DIFFERENT_UNIT = "PENDING_TRANSFER_HAS_DIFFERENT_UNIT"
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT = "PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT"
    EXCEEDS_PENDING_TRANSFER_AMOUNT = "EXCEEDS_PENDING_TRANSFER_AMOUNT"
    PENDING_TRANSFER_ALREADY_POSTED = "PENDING_TRANSFER_ALREADY_POSTED"
    PENDING_TRANSFER_ALREADY_VOIDED = "PENDING_TRANSFER_ALREADY_VOIDED"
    PENDING_TRANSFER_EXPIRED = "PENDING_TRANSFER_EXPIRED"
    PENDING_TRANSFER_NOT_EXPIRED = "PENDING_TRANSFER_NOT_EXPIRED"
    REVERSED_TRANSFER_NOT_FOUND = "REVERSED_TRANSFER_NOT_FOUND"
    REVERSED_TRANSFER_NOT_POSTED = "REVERSED_TRANSFER_NOT_POSTED"
    REVERSAL_MUST_SWAP_ACCOUNTS = "REVERSAL_MUST_SWAP_ACCOUNTS"
    EXCEEDS_REVERSIBLE_AMOUNT = "EXCEEDS_REVERSIBLE_AMOUNT"


# Failures decided by the input alone: not stored, since a retry fails identically anyway.
VALIDATION_FAILURES = frozenset(
    {
        TransferStatus.AMOUNT_MUST_BE_POSITIVE,
        TransferStatus.AMOUNT_TOO_LARGE,
        TransferStatus.ACCOUNTS_MUST_BE_DIFFERENT,
        TransferStatus.ACCOUNT_ID_REQUIRED,
        TransferStatus.ACCOUNT_ID_INVALID,
        TransferStatus.UNIT_REQUIRED,
        TransferStatus.UNIT_INVALID,
        TransferStatus.PENDING_ID_REQUIRED,
        TransferStatus.PENDING_ID_MUST_BE_ABSENT,
        TransferStatus.PENDING_ID_MUST_BE_DIFFERENT,
        TransferStatus.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
        TransferStatus.TIMEOUT_INVALID,
        TransferStatus.REVERSAL_MUST_BE_POSTED,
        TransferStatus.CODE_INVALID,
        TransferStatus.REFERENCE_TOO_LONG,
    }
)
NOT_STORED = VALIDATION_FAILURES | {
    TransferStatus.CREATED,
    TransferStatus.EXISTS,
    TransferStatus.EXISTS_WITH_DIFFERENT_FIELDS,
    TransferStatus.ID_ALREADY_FAILED,
    TransferStatus.LINKED_EVENT_FAILED,
    TransferStatus.LINKED_EVENT_CHAIN_OPEN,
}


class AccountStatus(enum.StrEnum):
    CREATED = "CREATED"
    EXISTS = "EXISTS"
    EXISTS_WITH_DIFFERENT_FIELDS = "EXISTS_WITH_DIFFERENT_FIELDS"


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """An account to open. ``code`` is the caller's unique reference (e.g. ``household:42``)."""

    code: str
    unit: str
    debits_must_not_exceed_credits: bool = False  # a member's wallet never goes negative
    credits_must_not_exceed_debits: bool = False  # an issuing pool spends only its budget


@dataclass(frozen=True, slots=True)
class Balances:
    """Debits and credits, posted and pending, of one account (in its unit)."""

    debits_pending: int = 0
    debits_posted: int = 0
    credits_pending: int = 0
    credits_posted: int = 0

    @property
    def credit_balance(self) -> int:
        """Posted credits minus posted debits: a member wallet's spendable points, plus pending."""
        return self.credits_posted - self.debits_posted

    @property
    def available_credit_balance(self) -> int:
        """What a no-negative account can still spend: reservations already subtracted."""
        return self.credits_posted - self.debits_posted - self.debits_pending

    @property
    def debit_balance(self) -> int:
        return self.debits_posted - self.credits_posted


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    code: str
    unit: str
    debits_must_not_exceed_credits: bool
    credits_must_not_exceed_debits: bool
    closed: bool
    balances: Balances
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AccountResult:
    status: AccountStatus
    account: Account


@dataclass(frozen=True, slots=True)
class TransferSpec:
    """One transfer as the caller asks for it; ``id`` is chosen by the caller (idempotency).

    For ``POST_PENDING`` and ``VOID_PENDING``, accounts, unit and amount may be left ``None``
    to take the pending transfer's (a post without amount posts the full pending amount).
    ``linked`` chains this transfer to the next one of the batch: they succeed or fail together.
    """

    id: uuid.UUID
    debit_account_id: int | None
    credit_account_id: int | None
    amount: int | None
    unit: str | None
    kind: TransferKind = TransferKind.POSTED
    pending_id: uuid.UUID | None = None
    timeout_seconds: int | None = None
    reverses_id: uuid.UUID | None = None
    event_at: datetime | None = None
    code: int = 0
    reference: str | None = None
    linked: bool = False


@dataclass(frozen=True, slots=True)
class Transfer:
    """A stored transfer: its resolved fields, position, the balances after it, its digest."""

    id: uuid.UUID
    position: int
    debit_account_id: int
    credit_account_id: int
    amount: int
    unit: str
    kind: TransferKind
    pending_id: uuid.UUID | None
    timeout_seconds: int | None
    reverses_id: uuid.UUID | None
    event_at: datetime | None
    recorded_at: datetime
    code: int
    reference: str | None
    linked: bool
    debit_balances_after: Balances
    credit_balances_after: Balances
    digest: bytes


@dataclass(frozen=True, slots=True)
class TransferResult:
    """The outcome for one spec. ``transfer`` is set for CREATED and EXISTS; ``failure`` holds
    the original failure code when a replayed id had failed (ID_ALREADY_FAILED)."""

    id: uuid.UUID
    status: TransferStatus
    transfer: Transfer | None = None
    failure: TransferStatus | None = None

    @property
    def ok(self) -> bool:
        return self.status in (TransferStatus.CREATED, TransferStatus.EXISTS)
