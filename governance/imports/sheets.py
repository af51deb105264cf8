"""What a master table's sheet holds: its columns, their Chinese headers and what goes in them.

One ``Sheet`` describes a table for both directions: the downloadable template (headers, notes,
text-formatted code columns) and the import (header check, Chinese or English names, and the
column a refusal's field points at, so a row error names the column the office sees).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from governance.people.roster import RosterRejected, RowError


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    note: str
    required: bool = True
    example: str = ""
    # Codes and ID numbers: the template formats the column as text, so Excel keeps every digit.
    text: bool = False
    # The input field of the mutation a refusal names (``pricePoints``), when it differs.
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = ()
    # The columns that name a row's record: a second row with the same key is refused.
    keys: tuple[str, ...] = ()
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, Column] = {}
        for column in self.columns:
            names[column.key] = column
            names[column.header] = column
        object.__setattr__(self, "_by_name", names)

    def check_header(self, columns: Sequence[str]) -> None:
        """The header check for ``read_roster``: every required column, in either language."""
        present = {found.key for name in columns if (found := self._column(name)) is not None}
        missing = [c.header for c in self.columns if c.required and c.key not in present]
        if missing:
            raise RosterRejected([RowError(1, None, f"missing columns: {', '.join(missing)}")])

    def canonical(self, cells: Mapping[str, Any]) -> dict[str, Any]:
        """Cells by column key; unknown columns dropped, blank cells left out."""
        values: dict[str, Any] = {}
        for name, value in cells.items():
            column = self._column(name)
            if column is not None and value not in (None, ""):
                values[column.key] = value.strip() if isinstance(value, str) else value
        return values

    def column_for(self, refusal_field: str | None) -> str | None:
        """The header a refusal's input field points at (None: the row as a whole)."""
        if refusal_field is None:
            return None
        for column in self.columns:
            if refusal_field in {column.field, _camel(column.key)}:
                return column.header
        return None

    def _column(self, name: str) -> Column | None:
        return self._by_name.get(name.strip()) or self._by_name.get(name.strip().lower())


def _camel(key: str) -> str:
    first, *rest = key.split("_")
    return first + "".join(part.title() for part in rest)
