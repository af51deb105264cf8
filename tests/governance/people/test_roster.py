"""Goal: roster validation names the row, the column and the reason for each kind of mistake a
village office makes, and accepts the spellings they use (Chinese labels, spreadsheet dates).

Method: pure validation (no database) on hand-written rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from governance.people.id_card import make_id_card
from governance.people.models import Gender, PersonTag, RelationToHead
from governance.people.roster import RosterRejected, normalise_header
from governance.people.service import validate_rows

TODAY = dt.date(2026, 11, 25)
BORN = dt.date(1960, 5, 17)


def row(**overrides: Any) -> dict[str, Any]:
    cells: dict[str, Any] = {
        "household_number": "H1",
        "village_code": "130826100201",
        "grid_code": "130826100201001",
        "address": "一街1号",
        "name": "王伟",
        "gender": "男",
        "birth_date": "1960-05-17",
        "id_card_number": make_id_card("130826", BORN, 11),
        "phone": "138 1234 5678",
        "relation_to_head": "户主",
        "tags": "老党员、退役军人",
    }
    return cells | overrides


def rejected(*rows: dict[str, Any]) -> list[str]:
    with pytest.raises(RosterRejected) as error:
        validate_rows([(number + 2, cells) for number, cells in enumerate(rows)], TODAY)
    return [str(e) for e in error.value.errors]


def test_a_good_row() -> None:
    ((row_number, record),) = validate_rows([(2, row())], TODAY)
    assert row_number == 2
    assert record.gender is Gender.MALE
    assert record.region_code == "130826100201001"
    assert record.phone == "13812345678"
    assert record.relation_to_head is RelationToHead.HEAD
    assert record.tags == (PersonTag.VETERAN_PARTY_MEMBER, PersonTag.MILITARY_VETERAN)


def test_spreadsheet_values_are_accepted() -> None:
    # openpyxl hands dates over as naive datetimes.
    naive = dt.datetime(1960, 5, 17)  # noqa: DTZ001
    cells = row(birth_date=naive, gender="MALE", grid_code=None, phone=None)
    ((_, record),) = validate_rows([(2, cells)], TODAY)
    assert record.region_code == "130826100201"
    assert record.birth_date == BORN


def test_header_aliases() -> None:
    assert normalise_header(["户号", "身份证号", " Name "]) == [
        "household_number",
        "id_card_number",
        "name",
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"gender": "女"}, "row 2, column gender: differs from the gender in the ID-card number"),
        ({"birth_date": "1960-05-18"}, "row 2, column birth_date: differs from the birth date"),
        ({"birth_date": "17/05/1960"}, "row 2, column birth_date: is not a date"),
        ({"phone": "12345"}, "row 2, column phone: is not an 11-digit mobile number"),
        ({"name": " "}, "row 2, column name: is empty"),
        ({"tags": "富豪"}, "row 2, column tags: unknown tag '富豪'"),
        ({"relation_to_head": "邻居"}, "row 2, column relation_to_head: unknown value '邻居'"),
        ({"grid_code": "130826100202001"}, "row 2, column grid_code: must be 15 digits"),
        ({"village_code": "13082610"}, "row 2, column village_code: must be the 12-digit"),
        (
            {"id_card_number": "13082619600517001"},
            "row 2, column id_card_number: ID-card number must",
        ),
    ],
)
def test_bad_cells(overrides: dict[str, Any], expected: str) -> None:
    (error,) = rejected(row(**overrides))
    assert error.startswith(expected)


def test_duplicate_number_names_the_first_row() -> None:
    errors = rejected(row(), row(household_number="H2"))
    assert errors == ["row 3, column id_card_number: ID-card number already on row 2"]


def test_household_rules() -> None:
    second_head = row(id_card_number=make_id_card("130826", BORN, 13))
    other_grid = row(
        id_card_number=make_id_card("130826", BORN, 15),
        grid_code="130826100201002",
        relation_to_head="配偶",
    )
    errors = rejected(row(), second_head, other_grid)
    assert errors == [
        "row 3, column relation_to_head: household already has a head on row 2",
        "row 4, column village_code: household's region differs from row 2",
    ]


def test_every_bad_row_is_reported() -> None:
    errors = rejected(row(gender="女"), row(household_number="H2", phone="1"))
    assert [error.split(",")[0] for error in errors] == ["row 2", "row 3"]
