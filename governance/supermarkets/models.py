"""Tables of the supermarkets: supermarkets, goods and their price history, stock-ins (with the
donor, disclosable), stock adjustments (write-offs and stocktakes), receipts with their lines,
and returns.

Prices and totals are integers counted in points; quantities in items of the goods.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    String,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from governance.idempotency import IDEMPOTENCY_KEY_LENGTH_MAX
from kit.models import Base

NAME_LENGTH_MAX = 100
UNIT_LABEL_LENGTH_MAX = 16
NOTE_LENGTH_MAX = 500
PRICE_POINTS_MAX = 100_000
QUANTITY_MAX = 10_000


class StockSource(enum.StrEnum):
    DONATION = "DONATION"
    PURCHASE = "PURCHASE"
    GOVERNMENT = "GOVERNMENT"


class DonorKind(enum.StrEnum):
    COMPANY = "COMPANY"
    INDIVIDUAL = "INDIVIDUAL"
    GOVERNMENT = "GOVERNMENT"
    ORGANIZATION = "ORGANIZATION"


class StockAdjustmentKind(enum.StrEnum):
    WRITE_OFF = "WRITE_OFF"  # stock taken off the shelf for a reason (damaged, expired…)
    STOCKTAKE = "STOCKTAKE"  # a count: the difference is written off (short) or found (over)


class StockAdjustmentReason(enum.StrEnum):
    DAMAGED = "DAMAGED"  # 损坏
    EXPIRED = "EXPIRED"  # 过期
    LOST = "LOST"  # 丢失
    COUNT_DIFFERENCE = "COUNT_DIFFERENCE"  # 盘点差异 (a stocktake's)
    OTHER = "OTHER"


class Supermarket(Base):
    """A supermarket; closing it end-dates it (``ended_on``, ``open`` false), reopening clears
    the date; both are recorded in ``record_history``, so the record is never lost."""

    __tablename__ = "supermarkets"
    __table_args__ = (
        code_length_check((9, 12)),
        CheckConstraint("open = (ended_on IS NULL)", name="open_iff_not_ended"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The township or village it belongs to")
    name: Mapped[str] = mapped_column(String(NAME_LENGTH_MAX))
    open: Mapped[bool] = mapped_column(Boolean, server_default="true")
    till_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger POINTS account credited by redemptions"
    )
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day it closed (null while open): no sales or stock-ins from then on"
    )
    version: Mapped[int] = version_column()


class Goods(Base):
    """Goods of one supermarket. Retiring them (``ended_on``, ``active`` false) stops new sales
    and stock-ins; receipts keep them, returns of goods already sold are still taken, and what
    is left on the shelf can still be written off or counted."""

    __tablename__ = "goods"
    __table_args__ = (
        CheckConstraint(f"price_points BETWEEN 1 AND {PRICE_POINTS_MAX}", name="price_range"),
        CheckConstraint(
            f"low_stock_threshold BETWEEN 0 AND {QUANTITY_MAX}", name="low_stock_threshold_range"
        ),
        CheckConstraint("active = (ended_on IS NULL)", name="active_iff_not_ended"),
        Index("uq_goods_supermarket_id_name", "supermarket_id", "name", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    supermarket_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("supermarkets.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH_MAX))
    unit_label: Mapped[str] = mapped_column(String(UNIT_LABEL_LENGTH_MAX), comment="块, 袋, 桶…")
    price_points: Mapped[int] = mapped_column(Integer, comment="Current price, in points")
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    shelf_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger stock on the shelf (never negative)"
    )
    received_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger stock received (debit balance: all stock-ins)"
    )
    issued_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger stock handed out (credit balance)"
    )
    low_stock_threshold: Mapped[int | None] = mapped_column(
        Integer,
        comment="Items at or below which the goods read as low on stock; null: no warning",
    )
    adjusted_account_id: Mapped[int | None] = mapped_column(
        BigInteger,
        unique=True,
        comment="Ledger stock written off (credit) or found (debit); opened at the first one",
    )
    region_code: Mapped[str] = region_code_column("The supermarket's region (copied, for scoping)")
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day retired (null while offered): no new sales or stock-ins"
    )
    version: Mapped[int] = version_column()


class GoodsPrice(Base):
    """Price history: one row per price a goods has had, from ``effective_at``."""

    __tablename__ = "goods_prices"
    __table_args__ = (
        CheckConstraint(f"price_points BETWEEN 1 AND {PRICE_POINTS_MAX}", name="price_range"),
        Index("ix_goods_prices_goods_id_effective_at", "goods_id", "effective_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    goods_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("goods.id", ondelete="RESTRICT"))
    price_points: Mapped[int] = mapped_column(Integer)
    effective_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    set_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )


class StockIn(Base):
    """Stock received, from a donation or a purchase; donors are public (村务公开)."""

    __tablename__ = "stock_ins"
    __table_args__ = (
        CheckConstraint(f"quantity BETWEEN 1 AND {QUANTITY_MAX}", name="quantity_range"),
        CheckConstraint("source <> 'DONATION' OR donor_name IS NOT NULL", name="donor_named"),
        Index("ix_stock_ins_supermarket_id_received_on", "supermarket_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    supermarket_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("supermarkets.id", ondelete="RESTRICT")
    )
    goods_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("goods.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer, comment="Items of the goods")
    source: Mapped[StockSource] = mapped_column(enum_type(StockSource, "stock_source"))
    donor_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH_MAX))
    donor_kind: Mapped[DonorKind | None] = mapped_column(enum_type(DonorKind, "donor_kind"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))
    transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class StockAdjustment(Base):
    """Stock written off or found, as a ledger transfer between the shelf and the goods'
    adjusted account: never a deletion. A stocktake records the count even when it matches
    (no transfer then)."""

    __tablename__ = "stock_adjustments"
    __table_args__ = (
        CheckConstraint(
            f"quantity BETWEEN -{QUANTITY_MAX} AND {QUANTITY_MAX}", name="quantity_range"
        ),
        CheckConstraint("kind <> 'WRITE_OFF' OR quantity < 0", name="write_off_takes"),
        CheckConstraint(
            "(kind = 'STOCKTAKE') = (counted_quantity IS NOT NULL)", name="count_iff_stocktake"
        ),
        CheckConstraint("counted_quantity IS NULL OR counted_quantity >= 0", name="count_range"),
        CheckConstraint("(quantity = 0) = (transfer_id IS NULL)", name="transfer_iff_moved"),
        Index("ix_stock_adjustments_goods_id_id", "goods_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    supermarket_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("supermarkets.id", ondelete="RESTRICT")
    )
    goods_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("goods.id", ondelete="RESTRICT"))
    region_code: Mapped[str] = region_code_column("The supermarket's region (copied)", index=False)
    kind: Mapped[StockAdjustmentKind] = mapped_column(
        enum_type(StockAdjustmentKind, "stock_adjustment_kind")
    )
    reason: Mapped[StockAdjustmentReason] = mapped_column(
        enum_type(StockAdjustmentReason, "stock_adjustment_reason")
    )
    quantity: Mapped[int] = mapped_column(
        Integer, comment="Items onto (+, found) or off (−, written off) the shelf"
    )
    shelf_before: Mapped[int] = mapped_column(Integer, comment="Items on the shelf just before")
    counted_quantity: Mapped[int | None] = mapped_column(Integer, comment="Items counted")
    note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Receipt(Base):
    """A redemption: points and stock moved in one linked ledger batch.

    ``(supermarket_id, idempotency_key)`` is unique: a retry with the same key finds this row.
    ``request_digest`` (holder and lines) tells a retry from a different sale under the same key.
    """

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint("total_points > 0", name="total_positive"),
        CheckConstraint("balance_after_points >= 0", name="balance_not_negative"),
        CheckConstraint("returned_points BETWEEN 0 AND total_points", name="returned_range"),
        Index(
            "uq_receipts_supermarket_id_idempotency_key",
            "supermarket_id",
            "idempotency_key",
            unique=True,
        ),
        Index("ix_receipts_holder_id_id", "holder_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    supermarket_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("supermarkets.id", ondelete="RESTRICT")
    )
    holder_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_holders.id", ondelete="RESTRICT")
    )
    household_id: Mapped[int | None] = mapped_column(BigInteger, comment="Copied, for scoping")
    person_id: Mapped[int | None] = mapped_column(BigInteger, comment="Copied, for scoping")
    region_code: Mapped[str] = region_code_column("The holder's region (copied)", index=False)
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_LENGTH_MAX))
    request_digest: Mapped[str] = mapped_column(String(64), comment="sha256 hex of holder+lines")
    total_points: Mapped[int] = mapped_column(BigInteger)
    balance_after_points: Mapped[int] = mapped_column(
        BigInteger, comment="The wallet's available points just after"
    )
    returned_points: Mapped[int] = mapped_column(BigInteger, server_default="0")
    points_transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    cashier_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ReceiptLine(Base):
    __tablename__ = "receipt_lines"
    __table_args__ = (
        CheckConstraint(f"quantity BETWEEN 1 AND {QUANTITY_MAX}", name="quantity_range"),
        CheckConstraint("returned_quantity BETWEEN 0 AND quantity", name="returned_range"),
        CheckConstraint("amount_points = quantity * unit_price_points", name="amount_is_product"),
    )

    receipt_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("receipts.id", ondelete="RESTRICT"), primary_key=True
    )
    line_number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    goods_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("goods.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_points: Mapped[int] = mapped_column(Integer)
    amount_points: Mapped[int] = mapped_column(BigInteger)
    returned_quantity: Mapped[int] = mapped_column(Integer, server_default="0")
    stock_transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)


class ReceiptReturn(Base):
    """Goods brought back: reversing transfers of the receipt's points and stock."""

    __tablename__ = "receipt_returns"
    __table_args__ = (
        CheckConstraint("points > 0", name="points_positive"),
        Index(
            "uq_receipt_returns_receipt_id_idempotency_key",
            "receipt_id",
            "idempotency_key",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    receipt_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("receipts.id", ondelete="RESTRICT")
    )
    idempotency_key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_LENGTH_MAX))
    points: Mapped[int] = mapped_column(BigInteger, comment="Points given back")
    points_transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    cashier_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ReceiptReturnLine(Base):
    __tablename__ = "receipt_return_lines"
    __table_args__ = (
        CheckConstraint(f"quantity BETWEEN 1 AND {QUANTITY_MAX}", name="quantity_range"),
        ForeignKeyConstraint(
            ["receipt_id", "line_number"],
            ["receipt_lines.receipt_id", "receipt_lines.line_number"],
            ondelete="RESTRICT",
        ),
    )

    return_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("receipt_returns.id", ondelete="RESTRICT"), primary_key=True
    )
    line_number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    receipt_id: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(Integer)
    stock_transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
