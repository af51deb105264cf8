"""Reading one cell of an imported sheet: text, whole numbers, dates and labelled choices.

A problem is a ``CellProblem`` naming the column; the runner turns it into a row error.
Spreadsheets turn digit strings into numbers (``12.0``): whole floats read back as integers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

Value = TypeVar("Value")


class CellProblem(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def text(cells: Mapping[str, Any], key: str, length_max: int) -> str:
    value = optional_text(cells, key, length_max)
    if value is None:
        raise CellProblem(key, "is required")
    return value


def optional_text(cells: Mapping[str, Any], key: str, length_max: int) -> str | None:
    value = cells.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > length_max:
        raise CellProblem(key, f"is longer than {length_max} characters")
    return result or None


def whole_number(cells: Mapping[str, Any], key: str) -> int:
    value = cells.get(key)
    if value is None:
        raise CellProblem(key, "is required")
    if isinstance(value, bool):
        raise CellProblem(key, f"is not a whole number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise CellProblem(key, f"is not a whole number: {value!r}") from None


def optional_date(cells: Mapping[str, Any], key: str) -> dt.date | None:
    value = cells.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = str(value).strip().replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(written, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CellProblem(key, f"is not a date (YYYY-MM-DD): {written!r}")


def choice(cells: Mapping[str, Any], key: str, labels: Mapping[str, Value]) -> Value:
    """A value by its Chinese label or its English name (case-insensitive)."""
    written = text(cells, key, 64)
    if written in labels:
        return labels[written]
    by_name = {str(getattr(v, "value", v)).upper(): v for v in labels.values()}
    if written.upper() in by_name:
        return by_name[written.upper()]
    allowed = "、".join(labels)
    raise CellProblem(key, f"unknown value {written!r} (expected one of {allowed})")
