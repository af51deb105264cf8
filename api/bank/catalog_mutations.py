"""Mutations keeping a scheme's catalog current: scheme settings, ending a scheme, a new
version of a rule, retiring a rule. Each converts its input to the request dataclass of
``governance.bank.catalog`` (which does every check) and runs it through ``run_mutation``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.bank.enums import CapPeriod, NameDisplay, RuleCategory
from api.bank.types import PointsRule, PointsScheme
from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.bank import catalog
from governance.bank import models as rows

ERRORS = "Why it was refused (empty on success); nothing was changed."
EXPECTED_VERSION = "The `version` you read: a stale one is refused (STALE_VERSION)."
REASON = f"Why (at most {catalog.REASON_LENGTH_MAX} characters); kept in the history."


@strawberry.input(description="A scheme's settings, all given (unchanged ones are not recorded).")
class ChangePointsSchemeInput:
    scheme_id: relay.GlobalID = strawberry.field(description="The PointsScheme.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str = strawberry.field(description="Name of the scheme.")
    announcement_days: int = strawberry.field(
        description=f"公示 window in days (1–{rows.ANNOUNCEMENT_DAYS_MAX}); announcements "
        "already published keep their deadline."
    )
    name_display: NameDisplay = strawberry.field(description="Names on public lists.")
    points_per_volunteer_hour: int = strawberry.field(
        description=f"Points per confirmed volunteer hour (0–{catalog.POINTS_PER_HOUR_MAX})."
    )
    clears_on: dt.date | None = strawberry.field(
        default=None, description="Next periodic clearing; null: none."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of `changePointsScheme` and `endPointsScheme`.")
class PointsSchemePayload:
    scheme: PointsScheme | None = strawberry.field(description="The scheme; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A scheme to end today.")
class EndPointsSchemeInput:
    scheme_id: relay.GlobalID = strawberry.field(description="The PointsScheme.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description=REASON + " Required.")


@strawberry.input(
    description="A new version of a rule's terms, all given, in force from a county day."
)
class ChangePointsRuleInput:
    rule_id: relay.GlobalID = strawberry.field(description="The PointsRule.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    effective_from: dt.date = strawberry.field(
        description=f"First county day in force: today or later (within "
        f"{catalog.EFFECTIVE_DAYS_AHEAD_MAX} days), not before the newest version's."
    )
    category: RuleCategory = strawberry.field(description="Category of the deed.")
    title: str = strawberry.field(description="What the deed is.")
    points: int = strawberry.field(
        description=f"Signed points, non-zero, at most {rows.RULE_POINTS_MAX} either way."
    )
    cap_points: int | None = strawberry.field(
        default=None, description="Cap per holder per period (with `capPeriod`); null: none."
    )
    cap_period: CapPeriod | None = strawberry.field(default=None, description="Cap period.")
    evidence_required: bool = strawberry.field(
        default=False, description="Proposals must carry evidence."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of `changePointsRule` and `retirePointsRule`.")
class PointsRulePayload:
    rule: PointsRule | None = strawberry.field(description="The rule; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A rule to retire today.")
class RetirePointsRuleInput:
    rule_id: relay.GlobalID = strawberry.field(description="The PointsRule.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description=REASON + " Required.")


def _rule_change(input: ChangePointsRuleInput) -> catalog.RuleChange:
    terms = catalog.RuleTerms(
        category=rows.RuleCategory[input.category.name], title=input.title,
        points=input.points, cap_points=input.cap_points,
        cap_period=rows.CapPeriod[input.cap_period.name] if input.cap_period else None,
        evidence_required=input.evidence_required,
    )  # fmt: skip
    return catalog.RuleChange(
        rule_id=decode_global_id(input.rule_id, "PointsRule", "ruleId"),
        expected_version=input.expected_version, effective_from=input.effective_from,
        terms=terms, reason=input.reason,
    )  # fmt: skip


@strawberry.type
class BankCatalogMutations:
    @strawberry.mutation(
        description="Change a scheme's settings, at once (admins of its region: county, "
        "township or village). Codes: SCHEME_NOT_FOUND (also: not in your regions), "
        "STALE_VERSION, NAME_REQUIRED, ANNOUNCEMENT_DAYS_INVALID, POINTS_PER_HOUR_INVALID, "
        "NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def change_points_scheme(
        self,
        info: Info,
        input: Annotated[ChangePointsSchemeInput, strawberry.argument(description="The change.")],
    ) -> PointsSchemePayload:
        change = catalog.SchemeChange(
            scheme_id=decode_global_id(input.scheme_id, "PointsScheme", "schemeId"),
            expected_version=input.expected_version, name=input.name,
            announcement_days=input.announcement_days,
            name_display=rows.NameDisplay[input.name_display.name],
            points_per_volunteer_hour=input.points_per_volunteer_hour,
            clears_on=input.clears_on, reason=input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.change_scheme(s, viewer, change, now),
            target=f"points_scheme:{change.scheme_id}",
        )
        return PointsSchemePayload(
            scheme=PointsScheme.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="End a scheme today: no new rules or applications; entries already made "
        "and its accounts' points are untouched (admins of its region). Codes: "
        "SCHEME_NOT_FOUND (also: not in your regions), STALE_VERSION, ALREADY_ENDED, "
        "REASON_REQUIRED, NOTE_TOO_LONG, UNAUTHENTICATED."
    )
    async def end_points_scheme(
        self,
        info: Info,
        input: Annotated[EndPointsSchemeInput, strawberry.argument(description="What ends.")],
    ) -> PointsSchemePayload:
        ending = catalog.Ending(
            decode_global_id(input.scheme_id, "PointsScheme", "schemeId"),
            input.expected_version, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.end_scheme(s, viewer, ending, now),
            target=f"points_scheme:{ending.row_id}",
        )
        return PointsSchemePayload(
            scheme=PointsScheme.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Adopt a new version of a rule, in force from `effectiveFrom` (admins of "
        "the scheme's region). Applications made before keep their version's points and "
        "title; proposals from that county day on take the new one. Codes: RULE_NOT_FOUND "
        "(also: not in your regions), STALE_VERSION, RULE_RETIRED, EFFECTIVE_DAY_INVALID, "
        "POINTS_INVALID, CAP_INCOMPLETE, CAP_TOO_SMALL, TITLE_REQUIRED, NOTE_TOO_LONG, "
        "UNAUTHENTICATED."
    )
    async def change_points_rule(
        self,
        info: Info,
        input: Annotated[ChangePointsRuleInput, strawberry.argument(description="The version.")],
    ) -> PointsRulePayload:
        change = _rule_change(input)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.change_rule(s, viewer, change, now),
            target=f"points_rule:{change.rule_id}",
        )
        return PointsRulePayload(rule=PointsRule.from_row(row) if row else None, user_errors=errors)

    @strawberry.mutation(
        description="Retire a rule today: no new applications under it; those made stay as "
        "they are (admins of the scheme's region). Codes: RULE_NOT_FOUND (also: not in your "
        "regions), STALE_VERSION, ALREADY_ENDED, REASON_REQUIRED, NOTE_TOO_LONG, "
        "UNAUTHENTICATED."
    )
    async def retire_points_rule(
        self,
        info: Info,
        input: Annotated[RetirePointsRuleInput, strawberry.argument(description="What retires.")],
    ) -> PointsRulePayload:
        ending = catalog.Ending(
            decode_global_id(input.rule_id, "PointsRule", "ruleId"),
            input.expected_version, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info,
            lambda s: catalog.retire_rule(s, viewer, ending, now),
            target=f"points_rule:{ending.row_id}",
        )
        return PointsRulePayload(rule=PointsRule.from_row(row) if row else None, user_errors=errors)
