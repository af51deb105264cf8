"""Goal: a roster is read whatever encoding Excel saved it in (UTF-8 with or without BOM, GBK or
GB18030 from Chinese Windows), a file that is no roster is refused in one sentence naming the
file and what was expected, and an ID number stored as a number gets its own message.

Method: write the same rows in each encoding, as random bytes and as renamed binaries, and as
an .xlsx whose ID column holds numbers; read them with ``read_roster`` and validate the rows
(no database).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from governance.people.id_card import make_id_card
from governance.people.roster import STORED_AS_NUMBER, RosterRejected
from governance.people.roster_files import RosterUnreadable, read_roster
from governance.people.service import validate_rows
from tests.support.rosters import HEADER

TODAY = dt.date(2026, 11, 25)
BORN = dt.date(1960, 5, 17)
NUMBER = make_id_card("130826", BORN, 11)


def _cells(id_card_number: object = NUMBER) -> list[object]:
    return [
        "H1", "130826100201", "", "一街1号", "王伟", "男", "1960-05-17", id_card_number,
        "", "户主", "老党员",
    ]  # fmt: skip


def _csv_text(id_card_number: str = NUMBER) -> str:
    rows = [HEADER, [str(cell) for cell in _cells(id_card_number)]]
    return "".join(",".join(row) + "\r\n" for row in rows)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_excel_saves(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv_text().encode(encoding))
    ((row_number, cells),) = read_roster(path)
    assert row_number == 2
    assert cells["name"] == "王伟"
    assert cells["relation_to_head"] == "户主"
    ((_, record),) = validate_rows([(row_number, cells)], TODAY)
    assert record.tags[0].name == "VETERAN_PARTY_MEMBER"


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


GARBAGE = {
    "random.csv": os.urandom(5 * 1024 * 1024),
    "random.xlsx": os.urandom(5 * 1024 * 1024),
    "workbook-renamed.csv": _xlsx_bytes(),
    "old-excel.xlsx": bytes.fromhex("d0cf11e0a1b11ae1") + os.urandom(4096),  # an .xls
    "other-zip.xlsx": _zip_without_workbook(),
    "text.xlsx": _csv_text().encode(),
    "old-excel.xls": bytes.fromhex("d0cf11e0a1b11ae1") + os.urandom(4096),
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_a_file_that_is_no_roster_is_one_sentence(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(GARBAGE[name])
    with pytest.raises(RosterUnreadable) as unreadable:
        read_roster(path)
    message = str(unreadable.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: cannot read this file: expected ")
    expected = {
        ".csv": "CSV roster: text in UTF-8 or GBK/GB18030",
        ".xlsx": "an .xlsx workbook",
        ".xls": "a roster saved as .csv or .xlsx",
    }[path.suffix]
    assert expected in message


def test_id_number_in_scientific_notation(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv_text("1.30826E+17").encode("gbk"))
    with pytest.raises(RosterRejected) as rejected:
        validate_rows(read_roster(path), TODAY)
    assert [str(error) for error in rejected.value.errors] == [
        f"row 2, column id_card_number: {STORED_AS_NUMBER}"
    ]


def test_id_number_rounded_to_15_digits(tmp_path: Path) -> None:
    """What Excel saves from a number-formatted column showing all digits: the last three 0."""
    path = tmp_path / "roster.csv"
    path.write_text(_csv_text(NUMBER[:15] + "000"), encoding="utf-8")
    with pytest.raises(RosterRejected, match="stored as a number") as rejected:
        validate_rows(read_roster(path), TODAY)
    assert "format the column as text" in str(rejected.value)


@pytest.mark.parametrize("number", [float(NUMBER[:15] + "000"), int(NUMBER[:15] + "000")])
def test_id_number_cell_holding_a_number(tmp_path: Path, number: float) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(_cells(number))
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    with pytest.raises(RosterRejected) as rejected:
        validate_rows(read_roster(path), TODAY)
    assert [str(error) for error in rejected.value.errors] == [
        f"row 2, column id_card_number: {STORED_AS_NUMBER}"
    ]
