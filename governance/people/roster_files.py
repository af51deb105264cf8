"""Reading roster files (CSV in UTF-8, with or without BOM, and .xlsx) into numbered rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from governance.people.roster import (
    ROSTER_ROWS_MAX,
    RosterRejected,
    RowError,
    check_header,
    normalise_header,
)

Row = tuple[int, dict[str, Any]]


def read_roster(path: Path) -> list[Row]:
    """(row number, cells by canonical column) for every non-empty row after the header."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _numbered(_csv_rows(path))
    elif suffix == ".xlsx":
        rows = _numbered(_xlsx_rows(path))
    else:
        raise RosterRejected([RowError(1, None, "roster must be a .csv or .xlsx file")])
    if len(rows) > ROSTER_ROWS_MAX:
        reason = f"more than {ROSTER_ROWS_MAX} rows; split the file"
        raise RosterRejected([RowError(ROSTER_ROWS_MAX + 2, None, reason)])
    return rows


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _numbered(lines: Iterator[list[Any]]) -> list[Row]:
    header = next(lines, None)
    if header is None:
        raise RosterRejected([RowError(1, None, "the file is empty")])
    columns = normalise_header(header)
    check_header(columns)
    rows = []
    for offset, values in enumerate(lines):
        if any(value not in (None, "") for value in values):
            rows.append((offset + 2, dict(zip(columns, values, strict=False))))
        if len(rows) > ROSTER_ROWS_MAX:
            break
    return rows
