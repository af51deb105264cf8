"""Keeping insurance participation: one row per village and year, recorded then corrected.

Figures are not ended: a year's row stays, and a wrong figure is corrected as a versioned
change with its history (who, when, from → to, why). The plan's indicator reads each
village's latest year up to the day computed, with its current figures. One function per
change, taking a plain request (the API and the .xlsx imports both call these); who may:
``governance.records``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.facilities import repository
from governance.facilities.models import InsuranceParticipation
from governance.history.service import apply_edit, check_version, record_created
from governance.records import check_reason, kept_region
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel
from kit.clock import local_day

INSURANCE_ENTITY = "insurance_participation"
# Pairs the table's CHECK (year BETWEEN 2000 AND 2100); no year after the current one.
YEAR_MIN = 2000
RESIDENTS_MAX = 1_000_000


@dataclass(frozen=True, slots=True)
class InsuranceFigures:
    village_code: str
    year: int
    residents_total: int
    residents_insured: int


@dataclass(frozen=True, slots=True)
class InsuranceCorrection:
    """Figures left None stay as they are."""

    village_code: str
    year: int
    expected_version: int
    residents_total: int | None = None
    residents_insured: int | None = None
    reason: str | None = None


async def _village(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, village_code: str, year: int
) -> None:
    await kept_region(
        session, viewer, village_code, (RegionLevel.VILLAGE,), "a village", field="villageCode"
    )
    if not YEAR_MIN <= year <= local_day(now).year:
        message = f"Give a year from {YEAR_MIN} to the current one."
        raise Refusal(RefusalCode.DATE_OUT_OF_RANGE, "year", message)


def _check_figures(residents_total: int, residents_insured: int) -> None:
    if not 0 <= residents_total <= RESIDENTS_MAX:
        message = f"Residents are counted from 0 to {RESIDENTS_MAX}."
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, "residentsTotal", message)
    if not 0 <= residents_insured <= residents_total:
        message = "Insured residents are counted from 0 to the residents of the village."
        raise Refusal(RefusalCode.COUNT_OUT_OF_RANGE, "residentsInsured", message)


async def record_insurance(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, figures: InsuranceFigures
) -> InsuranceParticipation:
    """The village's figures for a year not recorded yet."""
    await _village(session, viewer, now, figures.village_code, figures.year)
    _check_figures(figures.residents_total, figures.residents_insured)
    if await repository.insurance_of(session, figures.village_code, figures.year) is not None:
        message = "This year's figures are recorded already: correct them."
        raise Refusal(RefusalCode.INSURANCE_EXISTS, "year", message)
    row = InsuranceParticipation(
        region_code=figures.village_code,
        year=figures.year,
        residents_total=figures.residents_total,
        residents_insured=figures.residents_insured,
    )
    session.add(row)
    await session.flush()
    fields = {
        "region_code": row.region_code,
        "year": row.year,
        "residents_total": row.residents_total,
        "residents_insured": row.residents_insured,
    }
    await record_created(
        session, row, entity=INSURANCE_ENTITY, viewer=viewer, at=now, fields=fields
    )
    return row


async def correct_insurance(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, correction: InsuranceCorrection
) -> InsuranceParticipation:
    """Correct the figures of a recorded village and year."""
    await _village(session, viewer, now, correction.village_code, correction.year)
    row = await repository.insurance_of(session, correction.village_code, correction.year)
    if row is None:
        message = "No figures are recorded for this village and year: record them."
        raise Refusal(RefusalCode.INSURANCE_NOT_FOUND, "year", message)
    check_version(row, correction.expected_version)
    total = correction.residents_total
    insured = correction.residents_insured
    edits = {
        "residents_total": row.residents_total if total is None else total,
        "residents_insured": row.residents_insured if insured is None else insured,
    }
    _check_figures(edits["residents_total"], edits["residents_insured"])
    await apply_edit(
        session, row, edits, entity=INSURANCE_ENTITY,
        expected_version=correction.expected_version, viewer=viewer, at=now,
        reason=check_reason(correction.reason),
    )  # fmt: skip
    return row
