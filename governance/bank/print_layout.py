"""How the announcement list looks on paper: Chinese status words, and the .xlsx laid out for
A4 (title, columns as wide as their text, the header row repeated on every printed page, the
sheet fitted to the page's width).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from governance.bank.models import ApplicationStatus

# What the notice board says for each status (the enum's names are for programs).
STATUS_WORDS = {
    ApplicationStatus.PROPOSED: "待审核",
    ApplicationStatus.REJECTED: "未通过",
    ApplicationStatus.APPROVED: "待公示",
    ApplicationStatus.ANNOUNCED: "公示中",
    ApplicationStatus.POSTED: "已入账",
    ApplicationStatus.VOIDED: "已作废",
}
COLUMN_WIDTH_MIN = 6
COLUMN_WIDTH_MAX = 40  # wider text wraps
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def status_word(status: object) -> object:
    """The Chinese word for an application status; anything else unchanged."""
    try:
        return STATUS_WORDS[ApplicationStatus(str(status))]
    except (ValueError, KeyError):
        return status


def display_width(value: object) -> int:
    """Columns a value takes in a spreadsheet: wide (Chinese) characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def workbook_bytes(
    title: str,
    preamble: Sequence[tuple[str, str]],
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    sheet_name: str = "公示",
) -> bytes:
    """The list as one A4 sheet: title, preamble (label, value across the row), the table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name
    columns = len(header)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    for label, value in preamble:
        sheet.append([label, value])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=columns
        )
    sheet.append([])
    sheet.append(list(header))
    header_row = sheet.max_row
    for row in rows:
        sheet.append(list(row))
    _style_table(sheet, header_row, columns)
    _set_widths(sheet, header, rows)
    _set_print(sheet, header_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style_table(sheet: Worksheet, header_row: int, columns: int) -> None:
    fill = PatternFill("solid", fgColor="D9D9D9")
    for row in sheet.iter_rows(min_row=header_row, max_col=columns):
        for cell in row:
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.row == header_row:
                cell.font = Font(bold=True)
                cell.fill = fill
                cell.alignment = Alignment(horizontal="center", vertical="center")


def _set_widths(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    for index, name in enumerate(header):
        widest = max([display_width(name)] + [display_width(row[index]) for row in rows])
        width = min(max(widest + 2, COLUMN_WIDTH_MIN), COLUMN_WIDTH_MAX)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _set_print(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, as many pages tall as needed but one wide, the header on every page."""
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
