"""Indicator definitions (data, migrated and editable), their periodic snapshots, and the
designations of villages and towns (civilized, government-service proxy) that some targets count.

A definition names a calculator (``formula_key``) implemented in ``governance.indicators.
calculators``: the formula is code, never SQL stored in a row. Every calculator returns, per
counted unit (township or village), a numerator and a denominator; a region's value is the sum
of its units' numerators over the sum of their denominators, whatever the formula kind.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from kit.models import Base

INDICATOR_KEY_LENGTH_MAX = 64
INDICATOR_NAME_LENGTH_MAX = 100
# Targets and values: exact decimals with 4 places (a share of 0.9, 10 organizations per unit).
VALUE_PRECISION = 12
VALUE_SCALE = 4
AWARDED_BY_LENGTH_MAX = 100


class FormulaKind(enum.StrEnum):
    """How the numerator and denominator of a unit are read."""

    SHARE_OF_UNITS = "SHARE_OF_UNITS"  # units meeting a condition / units (0..1)
    COUNT_PER_UNIT = "COUNT_PER_UNIT"  # things counted / units (an average)
    RATIO = "RATIO"  # a quantity over another, summed over units (0..1)


class Comparison(enum.StrEnum):
    AT_LEAST = "AT_LEAST"
    AT_MOST = "AT_MOST"


class UnitLevel(enum.StrEnum):
    """Which regions are counted: the level of the units under the region asked about."""

    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


class UnitKind(enum.StrEnum):
    """Narrows village-level units where the plan separates urban communities from villages."""

    VILLAGE = "VILLAGE"
    COMMUNITY = "COMMUNITY"


class DesignationKind(enum.StrEnum):
    CIVILIZED = "CIVILIZED"  # 文明村镇: a civilized village or town
    GOVERNMENT_SERVICE_PROXY = "GOVERNMENT_SERVICE_PROXY"  # 代办政务服务事项
    DEMOCRATIC_RULE_OF_LAW_MODEL = "DEMOCRATIC_RULE_OF_LAW_MODEL"  # 民主法治示范村


class IndicatorDefinition(Base):
    __tablename__ = "indicator_definitions"
    __table_args__ = (
        CheckConstraint("key ~ '^[a-z][a-z0-9_]*$'", name="key_snake_case"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint(
            "unit_kind IS NULL OR unit_level = 'VILLAGE'", name="unit_kind_only_for_villages"
        ),
    )

    key: Mapped[str] = mapped_column(String(INDICATOR_KEY_LENGTH_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(INDICATOR_NAME_LENGTH_MAX))
    plan_sentence: Mapped[str] = mapped_column(Text, comment="Quoted from the county plan")
    formula_kind: Mapped[FormulaKind] = mapped_column(enum_type(FormulaKind, "formula_kind"))
    formula_key: Mapped[str] = mapped_column(
        String(INDICATOR_KEY_LENGTH_MAX), comment="A calculator of governance.indicators"
    )
    unit_level: Mapped[UnitLevel] = mapped_column(enum_type(UnitLevel, "indicator_unit_level"))
    unit_kind: Mapped[UnitKind | None] = mapped_column(enum_type(UnitKind, "indicator_unit_kind"))
    target: Mapped[Decimal] = mapped_column(
        Numeric(VALUE_PRECISION, VALUE_SCALE), comment="A share (0..1) or a count per unit"
    )
    comparison: Mapped[Comparison] = mapped_column(enum_type(Comparison, "indicator_comparison"))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(BigInteger, comment="Display order")


class IndicatorSnapshot(Base):
    """An indicator's value for one region in one period (the first day of a month)."""

    __tablename__ = "indicator_snapshots"
    __table_args__ = (
        UniqueConstraint("indicator_key", "region_code", "period"),
        CheckConstraint("numerator >= 0", name="numerator_not_negative"),
        CheckConstraint("denominator >= 0", name="denominator_not_negative"),
        CheckConstraint("extract(day FROM period) = 1", name="period_month_start"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    indicator_key: Mapped[str] = mapped_column(
        String(INDICATOR_KEY_LENGTH_MAX),
        ForeignKey("indicator_definitions.key", ondelete="CASCADE"),
    )
    region_code: Mapped[str] = region_code_column("County, township or village", index=False)
    period: Mapped[dt.date] = mapped_column(Date, comment="First day of the month")
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[Decimal | None] = mapped_column(
        Numeric(VALUE_PRECISION, VALUE_SCALE), comment="numerator / denominator; null if 0 units"
    )
    taken_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class RegionDesignation(Base):
    """A title or capability awarded to a village or town (e.g. 文明村), until withdrawn."""

    __tablename__ = "region_designations"
    __table_args__ = (
        code_length_check((9, 12)),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= awarded_on", name="withdrawn_after_award"
        ),
        UniqueConstraint("region_code", "kind", "awarded_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("Township or village code", index=False)
    kind: Mapped[DesignationKind] = mapped_column(enum_type(DesignationKind, "designation_kind"))
    awarded_by: Mapped[str] = mapped_column(
        String(AWARDED_BY_LENGTH_MAX), comment="The awarding body, e.g. 县文明委"
    )
    awarded_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()
