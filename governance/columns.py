"""Column helpers shared by every governance table that hangs off the region tree."""

from __future__ import annotations

import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from governance.regions.codes import REGION_CODE_LENGTH_MAX


def region_code_column(comment: str, *, unique: bool = False, index: bool = True) -> Mapped[str]:
    """``region_code``: the code of the owning region, collation "C" so subtrees are ranges.

    Indexed for "everything under region X" range scans; also the natural sharding key.
    ``unique`` (one row per region) makes the unique index serve the scans too.
    """
    return mapped_column(
        String(REGION_CODE_LENGTH_MAX, collation="C"),
        ForeignKey("regions.code", ondelete="RESTRICT"),
        unique=unique or None,
        index=None if unique or not index else True,
        comment=comment,
    )


def enum_type(values: type[enum.StrEnum], name: str) -> Enum:
    """A VARCHAR with a CHECK listing the values (no native type: adding a value is cheap)."""
    length = max(len(member.value) for member in values)
    return Enum(values, native_enum=False, length=length, name=name, create_constraint=True)


def code_length_check(lengths: tuple[int, ...], name: str = "region_code_level") -> CheckConstraint:
    """Pairs the service's level checks: the owning region's code has one of ``lengths``."""
    allowed = ", ".join(str(length) for length in lengths)
    return CheckConstraint(f"length(region_code) IN ({allowed})", name=name)


def version_column() -> Mapped[int]:
    """``version``: bumped by every recorded change (``governance.history.service``).

    An edit names the version it was made against, so a stale edit is refused, not applied.
    """
    return mapped_column(
        Integer, server_default="1", default=1, comment="Bumped by each recorded change"
    )
