"""Ledger tables.

- ``accounts``: one row per account, with its four balances kept current in the same database
  transaction as each transfer (an O(1) balance read).
- ``transfers``: the append-only log of successful transfers. Each row carries the balances of
  both accounts after it (an O(log n) balance as of any instant, and a statement with running
  balances), its ``position`` (the order of transfers on any one account: assigned while the
  accounts are locked), and ``digest``, the SHA-256 of its canonical encoding.
- ``chain_links``: the hash chain, one row per transfer, in the order the transfers were sealed
  (``ledger.sealing``): ``hash = sha256(digest || previous hash)``. Sealing runs after commit,
  so writers never queue on the chain (append-only too).
- ``transfer_failures``: ids whose transfer failed on the state of the ledger, with the fields
  as asked, so a retry under the same id reports the same failure (append-only too).
- ``pending_transfers``: the working set of pending transfers not yet posted, voided or expired
  (rows are deleted when resolved; the history stays in ``transfers``).
- ``ledger_chain``: one row, the chain head (last sequence and hash, the sealing horizon).

Every ``CHECK`` here repeats an assertion of ``ledger.rules``: the database backs the code.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base
from ledger.types import (
    ACCOUNT_CODE_LENGTH_MAX,
    REFERENCE_LENGTH_MAX,
    TIMEOUT_SECONDS_MAX,
    TRANSFER_CODE_MAX,
    UNIT_CODE_LENGTH_MAX,
    UNIT_PATTERN,
    TransferKind,
    TransferStatus,
)

HASH_BYTES = 32  # SHA-256
CHAIN_ROW_ID = 1

_BALANCE_NAMES = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")


def _balance_column(comment: str) -> Mapped[int]:
    return mapped_column(BigInteger, server_default=text("0"), comment=comment)


def _kind_enum() -> Enum:
    return Enum(
        TransferKind, native_enum=False, length=16, name="transfer_kind", create_constraint=True
    )


def _limit_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(
            "NOT debits_must_not_exceed_credits "
            "OR debits_pending + debits_posted <= credits_posted",
            name="debits_within_credits",
        ),
        CheckConstraint(
            "NOT credits_must_not_exceed_debits "
            "OR credits_pending + credits_posted <= debits_posted",
            name="credits_within_debits",
        ),
        CheckConstraint(
            "NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)",
            name="limit_flags_exclusive",
        ),
    )


class LedgerAccount(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(f"unit ~ '{UNIT_PATTERN}'", name="unit_valid"),
        *(CheckConstraint(f"{name} >= 0", name=f"{name}_not_negative") for name in _BALANCE_NAMES),
        *_limit_checks(),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(
        String(ACCOUNT_CODE_LENGTH_MAX, collation="C"),
        unique=True,
        comment="The caller's unique reference, e.g. household:42",
    )
    unit: Mapped[str] = mapped_column(String(UNIT_CODE_LENGTH_MAX, collation="C"))
    debits_must_not_exceed_credits: Mapped[bool] = mapped_column(Boolean)
    credits_must_not_exceed_debits: Mapped[bool] = mapped_column(Boolean)
    closed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    debits_pending: Mapped[int] = _balance_column("Reserved debits, in the account's unit")
    debits_posted: Mapped[int] = _balance_column("Posted debits, in the account's unit")
    credits_pending: Mapped[int] = _balance_column("Reserved credits, in the account's unit")
    credits_posted: Mapped[int] = _balance_column("Posted credits, in the account's unit")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


def _running_balance_checks(side: str) -> tuple[CheckConstraint, ...]:
    return tuple(
        CheckConstraint(f"{side}_{name}_after >= 0", name=f"{side}_{name}_after_not_negative")
        for name in _BALANCE_NAMES
    )


class LedgerTransfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("debit_account_id <> credit_account_id", name="accounts_differ"),
        CheckConstraint(f"length(digest) = {HASH_BYTES}", name="digest_length"),
        CheckConstraint(f"unit ~ '{UNIT_PATTERN}'", name="unit_valid"),
        CheckConstraint(
            "(pending_id IS NOT NULL) = "
            "(kind IN ('POST_PENDING', 'VOID_PENDING', 'EXPIRE_PENDING'))",
            name="pending_id_iff_resolving",
        ),
        CheckConstraint(
            f"timeout_seconds IS NULL OR (kind = 'PENDING' AND timeout_seconds BETWEEN 1 AND "
            f"{TIMEOUT_SECONDS_MAX})",
            name="timeout_only_pending",
        ),
        CheckConstraint("reverses_id IS NULL OR kind = 'POSTED'", name="reversal_is_posted"),
        CheckConstraint(f"code BETWEEN 0 AND {TRANSFER_CODE_MAX}", name="code_range"),
        *_running_balance_checks("debit"),
        *_running_balance_checks("credit"),
        # Statements (newest first) and balances as of an instant, per account and side.
        Index(
            "ix_transfers_debit_account_id_recorded_at_position",
            "debit_account_id",
            "recorded_at",
            "position",
        ),
        Index(
            "ix_transfers_credit_account_id_recorded_at_position",
            "credit_account_id",
            "recorded_at",
            "position",
        ),
        Index("ix_transfers_xid", "xid"),  # sealing walks transfers by inserting transaction
        # At most one post or void per pending transfer, whatever the code does.
        Index(
            "ix_transfers_pending_id",
            "pending_id",
            unique=True,
            postgresql_where=text("pending_id IS NOT NULL"),
        ),
        Index(
            "ix_transfers_reverses_id",
            "reverses_id",
            postgresql_where=text("reverses_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, comment="Chosen by the client")
    position: Mapped[int] = mapped_column(
        BigInteger,
        Identity(),
        unique=True,
        comment="Order of transfers on each account (gaps possible; not commit order)",
    )
    xid: Mapped[int] = mapped_column(
        BigInteger, comment="The inserting database transaction (pg_current_xact_id)"
    )
    debit_account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="RESTRICT")
    )
    credit_account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="RESTRICT")
    )
    amount: Mapped[int] = mapped_column(BigInteger, comment="In the unit of both accounts")
    unit: Mapped[str] = mapped_column(String(UNIT_CODE_LENGTH_MAX, collation="C"))
    kind: Mapped[TransferKind] = mapped_column(_kind_enum())
    pending_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("transfers.id", ondelete="RESTRICT")
    )
    timeout_seconds: Mapped[int | None] = mapped_column(Integer)
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("transfers.id", ondelete="RESTRICT")
    )
    event_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When the deed or sale happened, if told"
    )
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        comment="When it was written, under its accounts' locks: per account, follows position",
    )
    code: Mapped[int] = mapped_column(Integer, comment="The caller's reason code")
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LENGTH_MAX))
    linked: Mapped[bool] = mapped_column(Boolean)
    debit_debits_pending_after: Mapped[int] = mapped_column(BigInteger)
    debit_debits_posted_after: Mapped[int] = mapped_column(BigInteger)
    debit_credits_pending_after: Mapped[int] = mapped_column(BigInteger)
    debit_credits_posted_after: Mapped[int] = mapped_column(BigInteger)
    credit_debits_pending_after: Mapped[int] = mapped_column(BigInteger)
    credit_debits_posted_after: Mapped[int] = mapped_column(BigInteger)
    credit_credits_pending_after: Mapped[int] = mapped_column(BigInteger)
    credit_credits_posted_after: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[bytes] = mapped_column(
        LargeBinary, comment="sha256 of the canonical encoding of this row (ledger.chain)"
    )


class TransferFailure(Base):
    __tablename__ = "transfer_failures"
    __table_args__ = (
        CheckConstraint(
            "status NOT IN ('CREATED', 'EXISTS', 'EXISTS_WITH_DIFFERENT_FIELDS', "
            "'ID_ALREADY_FAILED', 'LINKED_EVENT_FAILED', 'LINKED_EVENT_CHAIN_OPEN')",
            name="status_is_failure",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    status: Mapped[TransferStatus] = mapped_column(
        Enum(
            TransferStatus,
            native_enum=False,
            length=64,
            name="transfer_status",
            create_constraint=True,
        )
    )
    debit_account_id: Mapped[int | None] = mapped_column(BigInteger)
    credit_account_id: Mapped[int | None] = mapped_column(BigInteger)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    unit: Mapped[str | None] = mapped_column(String(UNIT_CODE_LENGTH_MAX, collation="C"))
    kind: Mapped[TransferKind] = mapped_column(_kind_enum())
    pending_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    timeout_seconds: Mapped[int | None] = mapped_column(Integer)
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    event_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    code: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_LENGTH_MAX))
    linked: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PendingTransfer(Base):
    __tablename__ = "pending_transfers"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index(
            "ix_pending_transfers_expires_at",
            "expires_at",
            postgresql_where=text("expires_at IS NOT NULL"),
        ),
    )

    transfer_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transfers.id", ondelete="RESTRICT"), primary_key=True
    )
    debit_account_id: Mapped[int] = mapped_column(BigInteger)
    credit_account_id: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChainLink(Base):
    __tablename__ = "chain_links"
    __table_args__ = (
        CheckConstraint("sequence > 0", name="sequence_positive"),
        CheckConstraint(f"length(hash) = {HASH_BYTES}", name="hash_length"),
    )

    sequence: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, comment="From 1, without gaps"
    )
    transfer_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("transfers.id", ondelete="RESTRICT"), unique=True
    )
    hash: Mapped[bytes] = mapped_column(
        LargeBinary, comment="sha256(the transfer's digest || the previous link's hash)"
    )


class LedgerChain(Base):
    __tablename__ = "ledger_chain"
    __table_args__ = (
        CheckConstraint(f"id = {CHAIN_ROW_ID}", name="single_row"),
        CheckConstraint(f"length(hash) = {HASH_BYTES}", name="hash_length"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("horizon_xid >= 0", name="horizon_xid_not_negative"),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    sequence: Mapped[int] = mapped_column(BigInteger, comment="Last link's sequence (0: empty)")
    hash: Mapped[bytes] = mapped_column(LargeBinary, comment="Last link's hash")
    horizon_xid: Mapped[int] = mapped_column(
        BigInteger, comment="Every transfer of a transaction older than this is sealed"
    )
    sealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
