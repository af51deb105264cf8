"""Reading roster files into numbered rows: CSV as Excel saves it (UTF-8 with or without BOM, or
GBK/GB18030 from Chinese Windows), and .xlsx (first sheet).

A file that is not one of those (a renamed binary, random bytes) raises ``RosterUnreadable``:
one sentence naming the file and what was expected, never a parser's traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from charset_normalizer import from_bytes
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from governance.people.roster import (
    ROSTER_ROWS_MAX,
    RosterRejected,
    RowError,
    check_header,
    normalise_header,
)

Row = tuple[int, dict[str, Any]]

ROSTER_BYTES_MAX = 64 * 1024 * 1024
# GBK and GB2312 are subsets of GB18030: decoding as GB18030 reads all three.
CSV_ENCODINGS = ("utf_8", "gb18030")
EXPECTED_CSV = "a CSV roster: text in UTF-8 or GBK/GB18030 (Excel's CSV or CSV UTF-8)"
EXPECTED_XLSX = "an .xlsx workbook (Excel or WPS, saved as .xlsx)"
# What openpyxl raises on a file that is not a workbook: not a zip, a zip without the parts,
# broken XML, or cells it cannot make sense of.
_XLSX_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    ParseError,
    ValueError,
    TypeError,
    OSError,
)


class RosterUnreadable(Exception):
    """The file is not a roster at all; the message names it and what was expected."""

    def __init__(self, path: Path, expected: str) -> None:
        super().__init__(f"{path}: cannot read this file: expected {expected}")
        self.path = path


HeaderCheck = Callable[[Sequence[str]], None]


def read_roster(path: Path, check: HeaderCheck = check_header) -> list[Row]:
    """(row number, cells by canonical column) for every non-empty row after the header;
    ``check`` refuses a header without the columns needed (the residents' roster's default)."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise RosterUnreadable(path, "a roster saved as .csv or .xlsx")
    if path.stat().st_size > ROSTER_BYTES_MAX:
        size_mib = ROSTER_BYTES_MAX // (1024 * 1024)
        raise RosterUnreadable(path, f"a roster under {size_mib} MiB; split the file")
    rows = _csv_numbered(path, check) if suffix == ".csv" else _xlsx_numbered(path, check)
    if len(rows) > ROSTER_ROWS_MAX:
        reason = f"more than {ROSTER_ROWS_MAX} rows; split the file"
        raise RosterRejected([RowError(ROSTER_ROWS_MAX + 2, None, reason)])
    return rows


def _csv_numbered(path: Path, check: HeaderCheck) -> list[Row]:
    text = decode_csv(path.read_bytes())
    if text is None:
        raise RosterUnreadable(path, EXPECTED_CSV)
    try:
        return _numbered(iter(csv.reader(io.StringIO(text, newline=""))), check)
    except csv.Error:
        raise RosterUnreadable(path, EXPECTED_CSV) from None


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV file in one of ``CSV_ENCODINGS`` (a BOM dropped); None otherwise."""
    if b"\x00" in data:
        return None  # a binary file: no text encoding used here has NUL bytes
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(CSV_ENCODINGS)).best()
    if best is None:
        return None
    return str(best)


def _xlsx_numbered(path: Path, check: HeaderCheck) -> list[Row]:
    try:
        return _numbered(_xlsx_rows(path), check)
    except _XLSX_ERRORS:
        raise RosterUnreadable(path, EXPECTED_XLSX) from None


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _numbered(lines: Iterator[list[Any]], check: HeaderCheck) -> list[Row]:
    header = next(lines, None)
    if header is None:
        raise RosterRejected([RowError(1, None, "the file is empty")])
    columns = normalise_header(header)
    check(columns)
    rows = []
    for offset, values in enumerate(lines):
        if any(value not in (None, "") for value in values):
            rows.append((offset + 2, dict(zip(columns, values, strict=False))))
        if len(rows) > ROSTER_ROWS_MAX:
            break
    return rows
