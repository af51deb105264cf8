"""Validating a roster (花名册) row by row: pure functions, no database.

Every row is checked before anything is written; one bad row rejects the whole file, and the
error names the row number as the user sees it in the spreadsheet (the header is row 1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from governance.people.id_card import CHECK_CHARACTER_WRONG, IdCard, InvalidIdCard, parse_id_card
from governance.people.models import (
    ADDRESS_LENGTH_MAX,
    HOUSEHOLD_NUMBER_LENGTH_MAX,
    PERSON_NAME_LENGTH_MAX,
    Gender,
    PersonTag,
    RelationToHead,
)
from governance.people.records import HOUSEHOLD_MEMBERS_MAX, ResidentRecord
from governance.regions.codes import GRID_CODE_LENGTH, covers

ROSTER_ROWS_MAX = 200_000
ERRORS_REPORTED_MAX = 20
PHONE_PATTERN = re.compile(r"^1[3-9][0-9]{9}$")
VILLAGE_CODE_PATTERN = re.compile(r"^[0-9]{12}$")
GRID_CODE_PATTERN = re.compile(r"^[0-9]{15}$")
TAG_SEPARATORS = re.compile(r"[;；,，、|]")
# An ID number typed into a number-formatted column: Excel keeps 15 significant digits, shows
# 1.30826E+17 and saves that (CSV) or the rounded number (the last three digits become 000).
SCIENTIFIC_NUMBER_PATTERN = re.compile(r"^[0-9](\.[0-9]+)?E\+?[0-9]+$", re.IGNORECASE)
STORED_AS_NUMBER = (
    "stored as a number, which loses its last digits: format the column as text "
    "and type the numbers again"
)

COLUMNS = (
    "household_number",
    "village_code",
    "grid_code",
    "address",
    "name",
    "gender",
    "birth_date",
    "id_card_number",
    "phone",
    "relation_to_head",
    "tags",
)
REQUIRED_COLUMNS = frozenset(COLUMNS) - {"grid_code", "address", "phone", "tags"}
# Village offices head their sheets in Chinese; both spellings are accepted.
COLUMN_ALIASES = {
    "户号": "household_number",
    "村代码": "village_code",
    "网格代码": "grid_code",
    "地址": "address",
    "姓名": "name",
    "性别": "gender",
    "出生日期": "birth_date",
    "身份证号": "id_card_number",
    "电话": "phone",
    "与户主关系": "relation_to_head",
    "标签": "tags",
}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}
RELATIONS = {
    "户主": RelationToHead.HEAD,
    "配偶": RelationToHead.SPOUSE,
    "子女": RelationToHead.CHILD,
    "父母": RelationToHead.PARENT,
    "孙子女": RelationToHead.GRANDCHILD,
    "祖父母": RelationToHead.GRANDPARENT,
    "兄弟姐妹": RelationToHead.SIBLING,
    "其他": RelationToHead.OTHER,
}
TAG_LABELS = {
    "空巢老人": PersonTag.EMPTY_NEST_ELDER,
    "留守儿童": PersonTag.LEFT_BEHIND_CHILD,
    "脱贫户": PersonTag.LIFTED_OUT_OF_POVERTY,
    "低保户": PersonTag.MINIMUM_LIVING_ALLOWANCE,
    "残疾人": PersonTag.DISABLED,
    "党员": PersonTag.PARTY_MEMBER,
    "老党员": PersonTag.VETERAN_PARTY_MEMBER,
    "退役军人": PersonTag.MILITARY_VETERAN,
    "退休干部职工": PersonTag.RETIRED_CADRE_OR_WORKER,
    "待业人员": PersonTag.UNEMPLOYED,
}


@dataclass(frozen=True, slots=True)
class RowError:
    row_number: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row_number}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class RosterRejected(Exception):
    """The roster was not imported at all; ``errors`` (first ones) say which rows and why."""

    def __init__(self, errors: Sequence[RowError], errors_total: int | None = None) -> None:
        self.errors = list(errors[:ERRORS_REPORTED_MAX])
        self.errors_total = errors_total if errors_total is not None else len(errors)
        lines = "\n".join(str(error) for error in self.errors)
        more = self.errors_total - len(self.errors)
        suffix = f"\n… and {more} more" if more > 0 else ""
        super().__init__(f"roster rejected, nothing imported:\n{lines}{suffix}")


class _CellError(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def normalise_header(header: Iterable[Any]) -> list[str]:
    """Canonical column names of a header row (Chinese aliases mapped); unknown ones kept."""
    names = [str(cell or "").strip() for cell in header]
    return [COLUMN_ALIASES.get(name, name.lower()) for name in names]


def check_header(columns: Sequence[str]) -> None:
    missing = sorted(REQUIRED_COLUMNS - set(columns))
    if missing:
        raise RosterRejected([RowError(1, None, f"missing columns: {', '.join(missing)}")])


def parse_row(row_number: int, cells: Mapping[str, Any], today: dt.date) -> ResidentRecord:
    """One row as a record; ``RosterRejected`` with this row's first problem otherwise."""
    try:
        return _parse_cells(cells, today)
    except _CellError as error:
        raise RosterRejected([RowError(row_number, error.column, error.reason)]) from None


def _parse_cells(cells: Mapping[str, Any], today: dt.date) -> ResidentRecord:
    id_card = _id_card(cells, today)
    birth_date = _date(cells, "birth_date")
    gender = _choice(cells, "gender", GENDERS, Gender)
    if birth_date != id_card.birth_date:
        raise _CellError("birth_date", "differs from the birth date in the ID-card number")
    if gender is not id_card.gender:
        raise _CellError("gender", "differs from the gender in the ID-card number")
    return ResidentRecord(
        household_number=_text(cells, "household_number", HOUSEHOLD_NUMBER_LENGTH_MAX),
        region_code=_region_code(cells),
        address=_optional_text(cells, "address", ADDRESS_LENGTH_MAX),
        name=_text(cells, "name", PERSON_NAME_LENGTH_MAX),
        gender=gender,
        birth_date=birth_date,
        id_card_number=id_card.number,
        phone=_phone(cells),
        relation_to_head=_choice(cells, "relation_to_head", RELATIONS, RelationToHead),
        tags=_tags(cells),
    )


def _cell(cells: Mapping[str, Any], column: str) -> str:
    value = cells.get(column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn digit strings into numbers
    return str(value).strip()


def _text(cells: Mapping[str, Any], column: str, length_max: int) -> str:
    value = _cell(cells, column)
    if not value:
        raise _CellError(column, "is empty")
    if len(value) > length_max:
        raise _CellError(column, f"is longer than {length_max} characters")
    return value


def _optional_text(cells: Mapping[str, Any], column: str, length_max: int) -> str | None:
    return _text(cells, column, length_max) if _cell(cells, column) else None


def _id_card(cells: Mapping[str, Any], today: dt.date) -> IdCard:
    value = cells.get("id_card_number")
    text = _cell(cells, "id_card_number")
    if isinstance(value, int | float) or SCIENTIFIC_NUMBER_PATTERN.match(text):
        raise _CellError("id_card_number", STORED_AS_NUMBER)
    try:
        return parse_id_card(_text(cells, "id_card_number", 18), today)
    except InvalidIdCard as error:
        rounded = error.reason == CHECK_CHARACTER_WRONG and text.endswith("000")
        raise _CellError("id_card_number", STORED_AS_NUMBER if rounded else error.reason) from None


def _date(cells: Mapping[str, Any], column: str) -> dt.date:
    value = cells.get(column)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(cells, column).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise _CellError(column, f"is not a date (YYYY-MM-DD): {text!r}")


Choice = TypeVar("Choice", Gender, RelationToHead)


def _choice(
    cells: Mapping[str, Any], column: str, labels: Mapping[str, Choice], values: type[Choice]
) -> Choice:
    text = _cell(cells, column)
    if text in labels:
        return labels[text]
    try:
        return values(text.upper())
    except ValueError:
        allowed = "、".join(labels)
        raise _CellError(column, f"unknown value {text!r} (expected one of {allowed})") from None


def _region_code(cells: Mapping[str, Any]) -> str:
    village_code = _cell(cells, "village_code")
    grid_code = _cell(cells, "grid_code")
    if not VILLAGE_CODE_PATTERN.match(village_code):
        raise _CellError("village_code", "must be the 12-digit village/community code")
    if not grid_code:
        return village_code
    if not GRID_CODE_PATTERN.match(grid_code) or not covers(village_code, grid_code):
        raise _CellError("grid_code", "must be 15 digits beginning with the village code")
    return grid_code


def _phone(cells: Mapping[str, Any]) -> str | None:
    phone = _cell(cells, "phone").replace("-", "").replace(" ", "")
    if not phone:
        return None
    if not PHONE_PATTERN.match(phone):
        raise _CellError("phone", "is not an 11-digit mobile number")
    return phone


def _tags(cells: Mapping[str, Any]) -> tuple[PersonTag, ...]:
    tags: list[PersonTag] = []
    for label in filter(
        None, (part.strip() for part in TAG_SEPARATORS.split(_cell(cells, "tags")))
    ):
        tag = TAG_LABELS.get(label)
        if tag is None:
            try:
                tag = PersonTag(label.upper())
            except ValueError:
                raise _CellError("tags", f"unknown tag {label!r}") from None
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class KnownState:
    """What the database already holds that a roster must agree with."""

    region_codes: frozenset[str]
    id_card_numbers: frozenset[str]
    household_regions: Mapping[str, str]
    """Region code of each household number already in the database."""
    households_with_head: frozenset[str]


def check_file(rows: Sequence[tuple[int, ResidentRecord]]) -> list[RowError]:
    """Problems visible within the file alone: duplicate numbers, inconsistent households."""
    return _duplicate_id_cards(rows) + _household_problems(rows)


def _duplicate_id_cards(rows: Sequence[tuple[int, ResidentRecord]]) -> list[RowError]:
    first_row: dict[str, int] = {}
    errors = []
    for row_number, record in rows:
        seen = first_row.setdefault(record.id_card_number, row_number)
        if seen != row_number:
            reason = f"ID-card number already on row {seen}"
            errors.append(RowError(row_number, "id_card_number", reason))
    return errors


def _household_problems(rows: Sequence[tuple[int, ResidentRecord]]) -> list[RowError]:
    by_household: dict[str, list[tuple[int, ResidentRecord]]] = {}
    for row_number, record in rows:
        by_household.setdefault(record.household_number, []).append((row_number, record))
    errors: list[RowError] = []
    for members in by_household.values():
        errors += _one_household(members)
    return errors


def _one_household(members: Sequence[tuple[int, ResidentRecord]]) -> list[RowError]:
    first_row, first = members[0]
    errors = [
        RowError(row, "village_code", f"household's region differs from row {first_row}")
        for row, record in members[1:]
        if record.region_code != first.region_code
    ]
    heads = [row for row, record in members if record.relation_to_head is RelationToHead.HEAD]
    errors += [
        RowError(row, "relation_to_head", f"household already has a head on row {heads[0]}")
        for row in heads[1:]
    ]
    if len(members) > HOUSEHOLD_MEMBERS_MAX:
        reason = f"household has more than {HOUSEHOLD_MEMBERS_MAX} members"
        errors.append(RowError(members[HOUSEHOLD_MEMBERS_MAX][0], "household_number", reason))
    return errors


def check_against(rows: Sequence[tuple[int, ResidentRecord]], known: KnownState) -> list[RowError]:
    """Problems against the database: unknown regions, people or heads already recorded."""
    errors = []
    for row_number, record in rows:
        error = _against_known(row_number, record, known)
        if error is not None:
            errors.append(error)
    return errors + _new_households_without_head(rows, known)


def _against_known(row_number: int, record: ResidentRecord, known: KnownState) -> RowError | None:
    column = "grid_code" if len(record.region_code) == GRID_CODE_LENGTH else "village_code"
    if record.region_code not in known.region_codes:
        return RowError(row_number, column, f"unknown region code {record.region_code}")
    if record.id_card_number in known.id_card_numbers:
        return RowError(row_number, "id_card_number", "person already recorded")
    existing_region = known.household_regions.get(record.household_number)
    if existing_region is not None and existing_region != record.region_code:
        return RowError(row_number, column, "household is recorded in another region")
    is_head = record.relation_to_head is RelationToHead.HEAD
    if is_head and record.household_number in known.households_with_head:
        return RowError(row_number, "relation_to_head", "household already has a head")
    return None


def _new_households_without_head(
    rows: Sequence[tuple[int, ResidentRecord]], known: KnownState
) -> list[RowError]:
    first_rows: dict[str, int] = {}
    with_head: set[str] = set()
    for row_number, record in rows:
        first_rows.setdefault(record.household_number, row_number)
        if record.relation_to_head is RelationToHead.HEAD:
            with_head.add(record.household_number)
    return [
        RowError(row_number, "relation_to_head", "new household has no head (户主)")
        for number, row_number in first_rows.items()
        if number not in with_head and number not in known.household_regions
    ]
