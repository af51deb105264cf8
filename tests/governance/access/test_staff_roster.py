"""Goal: a staff roster's rows are read in either language and every bad row is named (missing
cells, bad ID-card numbers, unknown roles, duplicates within the file), before the database.

Method: ``parse_staff_rows`` over hand-made rows; Hypothesis for "a repeated ID-card number is
reported at each repetition and nowhere else".
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from governance.access.roles import Role
from governance.access.staff_roster import parse_staff_rows
from governance.people.id_card import check_character

TODAY = dt.date(2026, 12, 3)


def number(sequence: int) -> str:
    first = f"13082619900101{sequence:03d}"
    return first + check_character(first)


def test_chinese_headings_and_role_words() -> None:
    rows = [
        (2, {"姓名": "王", "身份证号": number(1), "角色": "网格员", "区划代码": "130826001001001"})
    ]
    parsed, errors = parse_staff_rows(rows, TODAY)
    assert errors == []
    assert [(row.name, row.role, row.username) for row in parsed] == [
        ("王", Role.GRID_WORKER, None)
    ]


def test_every_bad_row_is_named() -> None:
    good = {"name": "王", "role": "GRID_WORKER", "region_code": "130826001001001"}
    rows = [
        (2, {**good, "id_card_number": number(1), "username": "Wang"}),
        (3, {**good, "id_card_number": number(2)[:17] + "Y"}),
        (4, {**good, "id_card_number": number(3), "role": "BOSS"}),
        (5, {**good, "id_card_number": number(4), "name": ""}),
        (6, {**good, "id_card_number": number(5), "username": "wang"}),
    ]
    parsed, errors = parse_staff_rows(rows, TODAY)
    assert [row.row_number for row in parsed] == [2]
    assert [(error.row_number, error.column) for error in errors] == [
        (3, "id_card_number"),
        (4, "role"),
        (5, "name"),
        (6, "username"),
    ]


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=12))
def test_repeated_numbers_are_reported_at_each_repetition(sequences: list[int]) -> None:
    rows = [
        (
            index + 2,
            {
                "name": "王",
                "id_card_number": number(sequence),
                "role": "MEDIATOR",
                "region_code": "130826001",
            },
        )
        for index, sequence in enumerate(sequences)
    ]
    parsed, errors = parse_staff_rows(rows, TODAY)
    firsts = {sequence: sequences.index(sequence) for sequence in sequences}
    assert [row.row_number for row in parsed] == sorted(index + 2 for index in firsts.values())
    assert {error.row_number for error in errors} == {
        index + 2 for index, sequence in enumerate(sequences) if firsts[sequence] != index
    }
