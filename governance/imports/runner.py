"""Importing a master table: every row through the same service function as its mutation.

All or nothing: each row runs in a savepoint so one refused row does not stop the others from
being checked, and any refusal rejects the whole file (``RosterRejected``, rows numbered as the
office sees them). The caller owns the transaction: it commits, or rolls back for a dry run —
which therefore checks exactly what a real import would, constraints included.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.imports.cells import CellProblem
from governance.imports.sheets import Sheet
from governance.people.roster import RosterRejected, RowError
from governance.refusals import Refusal

Row = tuple[int, dict[str, Any]]


class RowOutcome(enum.StrEnum):
    NEW = "NEW"
    CHANGED = "CHANGED"
    UNCHANGED = "UNCHANGED"
    ENDED = "ENDED"


@dataclass(frozen=True, slots=True)
class ImportReport:
    table: str
    outcomes: tuple[tuple[int, RowOutcome], ...]

    def counts(self) -> dict[RowOutcome, int]:
        counted = Counter(outcome for _, outcome in self.outcomes)
        return {outcome: counted.get(outcome, 0) for outcome in RowOutcome}


class Importer(Protocol):
    sheet: Sheet

    async def run(
        self, session: AsyncSession, viewer: Viewer, rows: Sequence[Row], now: dt.datetime
    ) -> ImportReport: ...


class RowImporter:
    """An importer whose rows are independent: ``apply_row`` calls the mutation's service."""

    sheet: Sheet

    async def apply_row(
        self, session: AsyncSession, viewer: Viewer, values: Mapping[str, Any], now: dt.datetime
    ) -> RowOutcome:
        raise NotImplementedError

    async def run(
        self, session: AsyncSession, viewer: Viewer, rows: Sequence[Row], now: dt.datetime
    ) -> ImportReport:
        errors: list[RowError] = []
        outcomes: list[tuple[int, RowOutcome]] = []
        first_rows: dict[tuple[str, ...], int] = {}
        for row_number, cells in rows:
            values = self.sheet.canonical(cells)
            if self.sheet.keys:
                key = tuple(str(values.get(name, "")) for name in self.sheet.keys)
                first = first_rows.setdefault(key, row_number)
                if first != row_number:
                    errors.append(RowError(row_number, None, f"repeats row {first}"))
                    continue
            try:
                async with session.begin_nested():
                    outcome = await self.apply_row(session, viewer, values, now)
            except CellProblem as problem:
                errors.append(RowError(row_number, self._header(problem.key), problem.reason))
            except Refusal as refusal:
                column = self.sheet.column_for(refusal.field)
                errors.append(RowError(row_number, column, refusal.message))
            else:
                outcomes.append((row_number, outcome))
        if errors:
            raise RosterRejected(errors)
        return ImportReport(self.sheet.name, tuple(outcomes))

    def _header(self, key: str) -> str:
        return next((c.header for c in self.sheet.columns if c.key == key), key)
