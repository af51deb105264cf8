"""The downloadable .xlsx template of a master table: Chinese headers, notes, an example row.

Code and ID-number columns are formatted as text ("@"), so a number typed in keeps every digit
(Excel rounds numbers beyond 15 digits: the commonest roster mistake).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from governance.imports.sheets import Sheet

TEXT_FORMAT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
OPTIONAL_FONT = Font(bold=True)


def template_xlsx(sheet: Sheet) -> bytes:
    """The template workbook: the sheet to fill in, then a 说明 (notes) sheet."""
    workbook = Workbook()
    rows = workbook.active
    assert rows is not None
    rows.title = sheet.title
    for index, column in enumerate(sheet.columns, start=1):
        cell = rows.cell(row=1, column=index, value=column.header)
        cell.font = REQUIRED_FONT if column.required else OPTIONAL_FONT
        cell.fill = HEADER_FILL
        cell.comment = Comment(column.note, "grassroots")
        letter = get_column_letter(index)
        rows.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.text:  # a column style: Excel applies it to every cell typed in the column
            rows.column_dimensions[letter].number_format = TEXT_FORMAT
    rows.freeze_panes = "A2"
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明", "示例"])
    for column in sheet.columns:
        required = "是" if column.required else "否"
        notes.append([column.header, required, column.note, column.example])
    notes.append([])
    for line in (*sheet.notes, "整个文件一次导入：任何一行有错，全部不导入，并列出行号。"):
        notes.append([line])
    notes.column_dimensions["C"].width = 60
    notes.column_dimensions["D"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
