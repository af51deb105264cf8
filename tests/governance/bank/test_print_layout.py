"""Goal: the announcement list (.xlsx, and the CSV) is ready to print for the notice board:
Chinese headers and status words (never ``POSTED``), columns as wide as their text, the header
row repeated on every printed page, A4 fitted to the page's width.

Method: the builders on a hand-made list (no database), the workbook read back with openpyxl.
"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from governance.bank.exports import HEADER, Sheet, printed_rows, to_csv, to_xlsx
from governance.bank.models import ApplicationStatus
from governance.bank.print_layout import STATUS_WORDS, display_width

ENGLISH_STATUSES = {status.value for status in ApplicationStatus}
SHEET = Sheet(
    "积分公示 花石社区",
    [("方案", "丰宁县道德银行积分方案"), ("账本链头哈希", "ab" * 32)],
    [
        (1, "王*", "R130826001001-0001", "LL-01", "邻里互助：帮助空巢老人打扫卫生", 10,
         "POSTED", "", "K7Q2-9XDM"),
        (2, "户R130826001001-0002", "R130826001001-0002", "LL-02", "乱扔垃圾", -5,
         "ANNOUNCED", "有", "P3ZC-4HWT"),
        (3, "李*", "R130826001001-0003", "LL-01", "邻里互助", 10, "VOIDED", "", "M8RA-2KJN"),
    ],
)  # fmt: skip


def _worksheet():  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(to_xlsx(SHEET))).active
    assert sheet is not None
    return sheet


def _header_row(sheet) -> int:  # type: ignore[no-untyped-def]
    [row] = [
        row[0].row
        for row in sheet.iter_rows()
        if tuple(cell.value for cell in row[: len(HEADER)]) == HEADER
    ]
    return int(row)


def test_every_status_has_a_chinese_word() -> None:
    assert set(STATUS_WORDS) == set(ApplicationStatus)
    assert not set(STATUS_WORDS.values()) & ENGLISH_STATUSES


def test_statuses_and_headers_are_chinese() -> None:
    sheet = _worksheet()
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert not values & ENGLISH_STATUSES
    first = _header_row(sheet) + 1
    statuses = [sheet.cell(first + index, HEADER.index("状态") + 1).value for index in range(3)]
    assert statuses == ["已入账", "公示中", "已作废"]
    rows = list(csv.reader(io.StringIO(to_csv(SHEET).decode("utf-8-sig"))))
    assert [row[6] for row in rows if len(row) == len(HEADER)][1:] == statuses


def test_columns_are_as_wide_as_their_text() -> None:
    sheet = _worksheet()
    for index, name in enumerate(HEADER):
        letter = "ABCDEFGHI"[index]
        column = [name, *(row[index] for row in printed_rows(SHEET))]
        widest = max(display_width(value) for value in column)
        assert sheet.column_dimensions[letter].width >= min(widest, 40), name


def test_printed_on_a4_one_page_wide_with_the_header_on_every_page() -> None:
    sheet = _worksheet()
    header_row = _header_row(sheet)
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
