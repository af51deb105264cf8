"""Mutations keeping insurance participation: record a village's year, correct its figures."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.facilities.types import InsuranceParticipation
from api.history import EXPECTED_VERSION, REASON, WHO
from api.mutations import UserError, run_mutation
from governance.facilities import insurance
from governance.facilities.models import InsuranceParticipation as InsuranceRow

FIGURE_CODES = "COUNT_OUT_OF_RANGE (insured ≤ residents ≤ 1,000,000)"


@strawberry.input(description="A village's insurance figures for a year not yet recorded.")
class RecordInsuranceParticipationInput:
    village_code: str = strawberry.field(description="The village's 12-digit code.")
    year: int = strawberry.field(description="Calendar year, from 2000 to the current one.")
    residents_total: int = strawberry.field(description="Residents of the village, persons.")
    residents_insured: int = strawberry.field(description="Insured residents, persons.")


@strawberry.input(description="Corrected figures of a recorded village and year; omitted stay.")
class CorrectInsuranceParticipationInput:
    village_code: str = strawberry.field(description="The village's 12-digit code.")
    year: int = strawberry.field(description="The recorded year.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    residents_total: int | None = strawberry.field(default=None, description="Residents.")
    residents_insured: int | None = strawberry.field(default=None, description="Insured.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on insurance participation.")
class InsuranceParticipationPayload:
    insurance_participation: InsuranceParticipation | None = strawberry.field(
        description="The figures as they are now; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _payload(row: InsuranceRow | None, errors: list[UserError]) -> InsuranceParticipationPayload:
    figures = InsuranceParticipation.from_row(row) if row is not None else None
    return InsuranceParticipationPayload(insurance_participation=figures, user_errors=errors)


@strawberry.type
class InsuranceMutations:
    @strawberry.mutation(
        description=(
            "Record a village's public-safety insurance figures for a year (one record per "
            f"village and year). {WHO} Refusal codes: REGION_NOT_FOUND, FORBIDDEN, "
            f"DATE_OUT_OF_RANGE (year), {FIGURE_CODES}, INSURANCE_EXISTS."
        )
    )
    async def record_insurance_participation(
        self,
        info: Info,
        input: Annotated[
            RecordInsuranceParticipationInput, strawberry.argument(description="The figures.")
        ],
    ) -> InsuranceParticipationPayload:
        figures = insurance.InsuranceFigures(
            input.village_code, input.year, input.residents_total, input.residents_insured
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: insurance.record_insurance(session, viewer, now, figures),
            target=f"insurance_participation:{figures.village_code}:{figures.year}",
        )  # fmt: skip
        return _payload(row, errors)

    @strawberry.mutation(
        description=(
            "Correct a village's figures for a recorded year (a versioned change, kept in its "
            f"history; the plan's indicator reads the current figures). {WHO} Refusal codes: "
            f"REGION_NOT_FOUND, FORBIDDEN, DATE_OUT_OF_RANGE (year), INSURANCE_NOT_FOUND, "
            f"STALE_VERSION, {FIGURE_CODES}, TOO_LONG."
        )
    )
    async def correct_insurance_participation(
        self,
        info: Info,
        input: Annotated[
            CorrectInsuranceParticipationInput, strawberry.argument(description="The correction.")
        ],
    ) -> InsuranceParticipationPayload:
        correction = insurance.InsuranceCorrection(
            input.village_code, input.year, input.expected_version, input.residents_total,
            input.residents_insured, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: insurance.correct_insurance(session, viewer, now, correction),
            target=f"insurance_participation:{correction.village_code}:{correction.year}",
        )  # fmt: skip
        return _payload(row, errors)
