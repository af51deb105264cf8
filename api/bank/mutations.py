"""Mutations of the morality bank: schemes and rules, proposals, review, announcement,
objections. The actor is always the signed-in viewer; refusals are ``userErrors``."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.bank.enums import CapPeriod, HolderKind, NameDisplay, RuleCategory
from api.bank.types import (
    PointsAccount,
    PointsAnnouncement,
    PointsApplication,
    PointsObjection,
    PointsRule,
    PointsScheme,
    load_account,
)
from api.context import Info
from api.errors import BadUserInput
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.bank import announcements, applications, service
from governance.bank import models as rows
from governance.bank.service import Owner

ERRORS = "Why it was refused (empty on success)."


@strawberry.input(description="A scheme to adopt.")
class CreatePointsSchemeInput:
    region_code: str = strawberry.field(description="County, township or village code.")
    name: str = strawberry.field(description="Name of the scheme.")
    holder_kind: HolderKind = strawberry.field(
        default=HolderKind.HOUSEHOLD, description="Who holds points (default households)."
    )
    announcement_days: int = strawberry.field(
        default=rows.ANNOUNCEMENT_DAYS_DEFAULT,
        description=(
            f"公示 window in days (1–{rows.ANNOUNCEMENT_DAYS_MAX}, "
            f"default {rows.ANNOUNCEMENT_DAYS_DEFAULT})."
        ),
    )
    name_display: NameDisplay = strawberry.field(
        default=NameDisplay.MASKED, description="Names on public lists (default masked)."
    )
    points_per_volunteer_hour: int = strawberry.field(
        default=0, description="Points per confirmed volunteer hour (0–1000)."
    )
    clears_on: dt.date | None = strawberry.field(
        default=None, description="Periodic clearing date, if any."
    )


@strawberry.type(description="Result of `createPointsScheme`.")
class CreatePointsSchemePayload:
    scheme: PointsScheme | None = strawberry.field(description="The new scheme; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A rule to add to a scheme's catalog.")
class AddPointsRuleInput:
    scheme_id: relay.GlobalID = strawberry.field(description="The PointsScheme.")
    code: str = strawberry.field(description="The scheme's own code, e.g. `XL-01`.")
    category: RuleCategory = strawberry.field(description="Category of the deed.")
    title: str = strawberry.field(description="What the deed is.")
    points: int = strawberry.field(description="Points, signed (deductions negative), ≤ 10000.")
    cap_points: int | None = strawberry.field(
        default=None, description="Most points per holder per period."
    )
    cap_period: CapPeriod | None = strawberry.field(default=None, description="Cap period.")
    evidence_required: bool = strawberry.field(
        default=False, description="Proposals must carry evidence."
    )


@strawberry.type(description="Result of `addPointsRule`.")
class AddPointsRulePayload:
    rule: PointsRule | None = strawberry.field(description="The new rule; null if refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An award or deduction to propose; give the household or person.")
class ProposePointsInput:
    rule_id: relay.GlobalID = strawberry.field(description="The PointsRule applied.")
    household_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Household (schemes crediting households)."
    )
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Person (schemes crediting persons)."
    )
    event_on: dt.date = strawberry.field(description="When the deed happened.")
    evidence_note: str | None = strawberry.field(
        default=None, description="Evidence (≤ 1000 characters)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Your client's key for this proposal (1–64 characters, unique per proposer): "
        "a retry with the same key and fields answers the same application.",
    )


@strawberry.type(description="Result of `proposePoints`.")
class ProposePointsPayload:
    application: PointsApplication | None = strawberry.field(description="The new application.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A review decision.")
class ReviewPointsApplicationInput:
    application_id: relay.GlobalID = strawberry.field(description="The PointsApplication.")
    approve: bool = strawberry.field(description="True approves, false rejects.")
    reason: str | None = strawberry.field(default=None, description="Required to reject.")


@strawberry.type(description="Result of `reviewPointsApplication`.")
class ReviewPointsApplicationPayload:
    application: PointsApplication | None = strawberry.field(description="The reviewed entry.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Which village's approved entries to announce.")
class PublishPointsAnnouncementInput:
    scheme_id: relay.GlobalID = strawberry.field(description="The PointsScheme.")
    village_code: str = strawberry.field(description="The village's 12-digit code.")


@strawberry.type(description="Result of `publishPointsAnnouncement`.")
class PublishPointsAnnouncementPayload:
    announcement: PointsAnnouncement | None = strawberry.field(description="The announcement.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An objection to an announced entry.")
class LodgePointsObjectionInput:
    application_id: relay.GlobalID = strawberry.field(description="The announced entry.")
    reason: str = strawberry.field(description="Why (≤ 1000 characters).")


@strawberry.type(description="Result of `lodgePointsObjection`.")
class LodgePointsObjectionPayload:
    objection: PointsObjection | None = strawberry.field(description="The objection.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="The committee's decision on an objection.")
class DecidePointsObjectionInput:
    objection_id: relay.GlobalID = strawberry.field(description="The PointsObjection.")
    uphold: bool = strawberry.field(description="True voids the entry now; false lets it post.")
    note: str | None = strawberry.field(default=None, description="The committee's note.")


@strawberry.type(description="Result of `decidePointsObjection`.")
class DecidePointsObjectionPayload:
    objection: PointsObjection | None = strawberry.field(description="The decided objection.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A points account to close.")
class ClosePointsAccountInput:
    account_id: relay.GlobalID = strawberry.field(description="The PointsAccount.")


@strawberry.type(description="Result of `closePointsAccount`.")
class ClosePointsAccountPayload:
    account: PointsAccount | None = strawberry.field(description="The closed account.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _owner(input: ProposePointsInput) -> Owner:
    household = input.household_id
    if household is not None:
        return Owner(household_id=decode_global_id(household, "Household", "householdId"))
    if input.person_id is None:
        raise BadUserInput("Give `householdId` or `personId`.")
    return Owner(person_id=decode_global_id(input.person_id, "Person", "personId"))


@strawberry.type
class BankMutations:
    @strawberry.mutation(
        description="Adopt a scheme (county, township or village admins of the region). "
        "Codes: REGION_NOT_FOUND, FORBIDDEN, NAME_REQUIRED, ANNOUNCEMENT_DAYS_INVALID, "
        "POINTS_PER_HOUR_INVALID, UNAUTHENTICATED."
    )
    async def create_points_scheme(
        self,
        info: Info,
        input: Annotated[CreatePointsSchemeInput, strawberry.argument(description="The scheme.")],
    ) -> CreatePointsSchemePayload:
        draft = service.SchemeDraft(
            region_code=input.region_code, name=input.name,
            holder_kind=rows.HolderKind[input.holder_kind.name],
            announcement_days=input.announcement_days,
            name_display=rows.NameDisplay[input.name_display.name],
            points_per_volunteer_hour=input.points_per_volunteer_hour, clears_on=input.clears_on,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda s: service.create_scheme(s, viewer, draft, now)
        )
        return CreatePointsSchemePayload(
            scheme=PointsScheme.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Add a rule to a scheme (its admins), its version 1 in force from today. "
        "Codes: SCHEME_NOT_FOUND, FORBIDDEN, SCHEME_ENDED, POINTS_INVALID, CAP_INCOMPLETE, "
        "CAP_TOO_SMALL, TITLE_REQUIRED, UNAUTHENTICATED."
    )
    async def add_points_rule(
        self,
        info: Info,
        input: Annotated[AddPointsRuleInput, strawberry.argument(description="The rule.")],
    ) -> AddPointsRulePayload:
        draft = service.RuleDraft(
            scheme_id=decode_global_id(input.scheme_id, "PointsScheme", "schemeId"),
            code=input.code, category=rows.RuleCategory[input.category.name], title=input.title,
            points=input.points, cap_points=input.cap_points,
            cap_period=rows.CapPeriod[input.cap_period.name] if input.cap_period else None,
            evidence_required=input.evidence_required,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(info, lambda s: service.add_rule(s, viewer, draft, now))
        return AddPointsRulePayload(
            rule=PointsRule.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Propose an award or deduction (staff of the region, or a resident for "
        "their own household), under the rule's version in force today (kept with it). Codes: "
        "RULE_NOT_FOUND, RULE_RETIRED, SCHEME_ENDED, EVIDENCE_REQUIRED, NOTE_TOO_LONG, "
        "EVENT_IN_FUTURE, HOUSEHOLD_REQUIRED, PERSON_REQUIRED, HOLDER_NOT_FOUND, "
        "OUTSIDE_SCHEME, FORBIDDEN, CAP_EXCEEDED, IDEMPOTENCY_KEY_INVALID, "
        "IDEMPOTENCY_KEY_REUSED, UNAUTHENTICATED."
    )
    async def propose_points(
        self,
        info: Info,
        input: Annotated[ProposePointsInput, strawberry.argument(description="The proposal.")],
    ) -> ProposePointsPayload:
        proposal = applications.Proposal(
            rule_id=decode_global_id(input.rule_id, "PointsRule", "ruleId"),
            owner=_owner(input), event_on=input.event_on, evidence_note=input.evidence_note,
            idempotency_key=input.idempotency_key,
        )  # fmt: skip
        context = info.context
        row, errors = await run_mutation(
            info, lambda s: applications.propose(s, context.viewer, proposal, context.clock.now())
        )
        return ProposePointsPayload(
            application=PointsApplication.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Approve or reject a proposal (village admin of its village or above; "
        "never for one's own household: refused and recorded). Codes: APPLICATION_NOT_FOUND, "
        "FORBIDDEN, ALREADY_REVIEWED, REASON_REQUIRED, CONFLICT_OF_INTEREST, UNAUTHENTICATED."
    )
    async def review_points_application(
        self,
        info: Info,
        input: Annotated[
            ReviewPointsApplicationInput, strawberry.argument(description="The decision.")
        ],
    ) -> ReviewPointsApplicationPayload:
        decision = applications.Review(
            decode_global_id(input.application_id, "PointsApplication", "applicationId"),
            input.approve, input.reason,
        )  # fmt: skip
        context = info.context
        row, errors = await run_mutation(
            info, lambda s: applications.review(s, context.viewer, decision, context.clock.now())
        )
        return ReviewPointsApplicationPayload(
            application=PointsApplication.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Announce (公示) a village's approved entries: their points become pending "
        "until the scheme's deadline. Codes: SCHEME_NOT_FOUND, VILLAGE_NOT_FOUND, FORBIDDEN, "
        "NOTHING_TO_ANNOUNCE, BALANCE_CHANGED, ACCOUNT_CLOSED, UNAUTHENTICATED."
    )
    async def publish_points_announcement(
        self,
        info: Info,
        input: Annotated[
            PublishPointsAnnouncementInput, strawberry.argument(description="What to announce.")
        ],
    ) -> PublishPointsAnnouncementPayload:
        scheme_id = decode_global_id(input.scheme_id, "PointsScheme", "schemeId")
        context = info.context
        row, errors = await run_mutation(
            info,
            lambda s: announcements.publish(
                s, context.viewer, scheme_id, input.village_code, context.clock.now()
            ),
        )
        return PublishPointsAnnouncementPayload(
            announcement=PointsAnnouncement.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Object to an announced entry before its deadline: residents of its "
        "village, and staff whose regions cover it. An objection still undecided at the deadline "
        "holds the entry (neither posted nor voided) until it is decided. Codes: "
        "REASON_REQUIRED, NOT_ANNOUNCED (no entry open to you for objection has this id: unknown, "
        "not announced, past its deadline or not your village's, never told apart), "
        "UNAUTHENTICATED."
    )
    async def lodge_points_objection(
        self,
        info: Info,
        input: Annotated[
            LodgePointsObjectionInput, strawberry.argument(description="The objection.")
        ],
    ) -> LodgePointsObjectionPayload:
        application_id = decode_global_id(
            input.application_id, "PointsApplication", "applicationId"
        )
        context = info.context
        row, errors = await run_mutation(
            info,
            lambda s: announcements.lodge_objection(
                s, context.viewer, application_id, input.reason, context.clock.now()
            ),
        )
        return LodgePointsObjectionPayload(
            objection=PointsObjection.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Decide an objection (village admin or above; never about one's own "
        "household: refused and recorded): upheld voids the entry now; rejected lets it post at "
        "its deadline, or now if the deadline has passed (the entry was held) and no other "
        "objection to it is undecided. Codes: OBJECTION_NOT_FOUND, FORBIDDEN, ALREADY_DECIDED, "
        "ANNOUNCEMENT_CLOSED, CONFLICT_OF_INTEREST, SETTLEMENT_REFUSED, UNAUTHENTICATED."
    )
    async def decide_points_objection(
        self,
        info: Info,
        input: Annotated[
            DecidePointsObjectionInput, strawberry.argument(description="The decision.")
        ],
    ) -> DecidePointsObjectionPayload:
        decision = announcements.Decision(
            decode_global_id(input.objection_id, "PointsObjection", "objectionId"),
            input.uphold, input.note,
        )  # fmt: skip
        context = info.context
        row, errors = await run_mutation(
            info,
            lambda s: announcements.decide_objection(
                s, context.viewer, decision, context.clock.now()
            ),
        )
        return DecidePointsObjectionPayload(
            objection=PointsObjection.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Close a points account: no new movements (admins of its region). Refused "
        "with ACCOUNT_HAS_PENDING_ENTRIES while an entry of the account is in review or on a "
        "notice board (公示): reject the proposal, or let the announcement settle (an upheld "
        "objection voids an entry, with its reason), then close. Codes: ACCOUNT_NOT_FOUND, "
        "ACCOUNT_HAS_PENDING_ENTRIES, UNAUTHENTICATED."
    )
    async def close_points_account(
        self,
        info: Info,
        input: Annotated[ClosePointsAccountInput, strawberry.argument(description="Which.")],
    ) -> ClosePointsAccountPayload:
        holder_id = decode_global_id(input.account_id, "PointsAccount", "accountId")
        viewer = info.context.viewer
        row, errors = await run_mutation(info, lambda s: service.close_holder(s, viewer, holder_id))
        if row is None:
            return ClosePointsAccountPayload(account=None, user_errors=errors)
        with contextlib.suppress(KeyError):  # closed just now: never answer from the cache
            info.context.loaders.bank.accounts.clear(row.id)
        return ClosePointsAccountPayload(account=await load_account(info, row.id), user_errors=[])
