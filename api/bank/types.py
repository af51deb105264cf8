"""GraphQL types of the morality bank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry import relay

import ledger
from api.bank.enums import (
    AnnouncementStatus,
    ApplicationStatus,
    CapPeriod,
    EntryState,
    HolderKind,
    NameDisplay,
    ObjectionStatus,
    RuleCategory,
    StatementReason,
)
from api.catalog_history import HISTORY_DESCRIPTION, VERSION_DESCRIPTION, catalog_history
from api.common import Household, Person, Region, household_from_row, person_by_id, region_by_code
from api.context import Info
from api.errors import BadUserInput
from api.history import RecordChange
from api.listing import window_for
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    connection_field,
    listed_connection,
)
from api.row_node import RowNode, rows_from, rows_queried
from api.supermarkets.types import Receipt
from governance.bank import balances as balance_service
from governance.bank import catalog
from governance.bank import models as rows
from governance.bank import queries as bank_queries
from governance.bank.accounts import Reason
from governance.bank.notice import NoticeLine
from governance.supermarkets import queries as market_queries

STATEMENT_PAGE_SIZE_MAX = ledger.STATEMENT_PAGE_SIZE_MAX
LIST_SIZE_MAX = 100
BY_CODE = ("code", "id")


@strawberry.type(
    description="The terms of a rule from a county day on, until a later version's day. "
    "Applications keep the version they were proposed under."
)
class PointsRuleVersion:
    number: int = strawberry.field(description="1, 2, … in order of adoption.")
    effective_from: dt.date = strawberry.field(
        description="First county day in force (version 1 also covers the days before)."
    )
    category: RuleCategory = strawberry.field(description="Category of the deed.")
    title: str = strawberry.field(description="What the deed is.")
    points: int = strawberry.field(description="Points, signed: deductions are negative.")
    cap_points: int | None = strawberry.field(
        description="Most points of the rule per holder per `capPeriod`; null: no cap."
    )
    cap_period: CapPeriod | None = strawberry.field(description="Period of the cap.")
    evidence_required: bool = strawberry.field(description="Proposals must carry evidence.")
    adopted_at: dt.datetime = strawberry.field(description="When this version was adopted.")

    @classmethod
    def from_row(cls, row: rows.RuleVersion) -> PointsRuleVersion:
        return cls(
            number=row.number, effective_from=row.effective_from,
            category=RuleCategory(row.category), title=row.title, points=row.points,
            cap_points=row.cap_points,
            cap_period=CapPeriod(row.cap_period) if row.cap_period else None,
            evidence_required=row.evidence_required, adopted_at=row.adopted_at,
        )  # fmt: skip


@strawberry.type(
    description="A catalog line of a scheme (积分细则): a deed and its points. The terms shown "
    "are the newest version's (in force from `effectiveFrom`, possibly a later day); "
    "`versions` holds them all."
)
class PointsRule(RowNode):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The scheme's own code, e.g. `XL-01`.")
    category: RuleCategory = strawberry.field(description="Category of the deed.")
    title: str = strawberry.field(description="What the deed is.")
    points: int = strawberry.field(description="Points, signed: deductions are negative.")
    cap_points: int | None = strawberry.field(
        description="Most points of this rule per holder per `capPeriod`; null: no cap."
    )
    cap_period: CapPeriod | None = strawberry.field(description="Period of the cap.")
    evidence_required: bool = strawberry.field(description="Proposals must carry evidence.")
    effective_from: dt.date = strawberry.field(
        description="The county day the newest version takes effect."
    )
    active: bool = strawberry.field(description="Whether proposals may use it (not retired).")
    ended_on: dt.date | None = strawberry.field(
        description="The county day it was retired; null while in use."
    )
    version: int = strawberry.field(description=VERSION_DESCRIPTION)
    scheme_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: rows.Rule) -> PointsRule:
        return cls(
            id=row.id, code=row.code, category=RuleCategory(row.category), title=row.title,
            points=row.points, cap_points=row.cap_points,
            cap_period=CapPeriod(row.cap_period) if row.cap_period else None,
            evidence_required=row.evidence_required, effective_from=row.effective_from,
            active=row.active, ended_on=row.ended_on, version=row.version,
            scheme_id=row.scheme_id,
        )  # fmt: skip

    rows_by_id = rows_from(lambda loaders: loaders.bank.rules)

    @strawberry.field(description="Its versions, oldest first.")
    async def versions(self, info: Info) -> list[PointsRuleVersion]:
        found = await info.context.loaders.bank.rule_versions.load(self.id)
        return [PointsRuleVersion.from_row(row) for row in found]

    @strawberry.field(description=HISTORY_DESCRIPTION)
    async def history(self, info: Info) -> list[RecordChange]:
        return await catalog_history(info, catalog.RULE_ENTITY, self.id)


@strawberry.type(description="A morality-bank scheme (道德银行) of a county, township or village.")
class PointsScheme(RowNode):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name of the scheme.")
    holder_kind: HolderKind = strawberry.field(description="Households or persons hold points.")
    announcement_days: int = strawberry.field(description="Length of the 公示 window, in days.")
    name_display: NameDisplay = strawberry.field(description="Names on public lists.")
    points_per_volunteer_hour: int = strawberry.field(
        description="Points per hour of confirmed volunteer service (0: none)."
    )
    clears_on: dt.date | None = strawberry.field(
        description="Next periodic clearing (unspent points expire); null: never."
    )
    ended_on: dt.date | None = strawberry.field(
        description="The county day it ended (no new rules or applications); null: running."
    )
    version: int = strawberry.field(description=VERSION_DESCRIPTION)
    region_code: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: rows.Scheme) -> PointsScheme:
        return cls(
            id=row.id, name=row.name, holder_kind=HolderKind(row.holder_kind),
            announcement_days=row.announcement_days, name_display=NameDisplay(row.name_display),
            points_per_volunteer_hour=row.points_per_volunteer_hour, clears_on=row.clears_on,
            ended_on=row.ended_on, version=row.version, region_code=row.region_code,
        )  # fmt: skip

    rows_by_id = rows_from(lambda loaders: loaders.bank.schemes)

    @strawberry.field(description=HISTORY_DESCRIPTION)
    async def history(self, info: Info) -> list[RecordChange]:
        return await catalog_history(info, catalog.SCHEME_ENTITY, self.id)

    @strawberry.field(description="The county, township or village that adopted it.")
    async def region(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @connection_field(description=f"Its rules, by code. Page size at most {PAGE_SIZE_MAX}.")
    async def rules(self, info: Info, page: PageRequest) -> Connection[PointsRule]:
        window = window_for(page, rows.Rule, BY_CODE)
        pages = info.context.loaders.bank.rules_of
        return await pages.connection(self.id, None, window, page, PointsRule.from_row)


@strawberry.type(description="One movement on a points account, with the balances after it.")
class PointsStatementEntry:
    transfer_id: strawberry.ID = strawberry.field(description="The ledger transfer's id.")
    reason: StatementReason = strawberry.field(description="What it was for.")
    state: EntryState = strawberry.field(description="Pending, posted or released.")
    change_points: int = strawberry.field(
        description="Points in (+) or out (−) of the account; a release shows the amount freed."
    )
    available_points_after: int = strawberry.field(description="Spendable points just after.")
    pending_points_after: int = strawberry.field(
        description="Pending awards minus pending deductions just after."
    )
    reference: str | None = strawberry.field(
        description="What it refers to: `application:12`, `redeem:3`, `receipt:45`…"
    )
    recorded_at: dt.datetime = strawberry.field(description="When the ledger recorded it.")

    @classmethod
    def from_entry(cls, entry: ledger.StatementEntry) -> PointsStatementEntry:
        transfer, after = entry.transfer, entry.balances_after
        return cls(
            transfer_id=strawberry.ID(str(transfer.id)), reason=_reason(transfer.code),
            state=_state(transfer.kind),
            change_points=-transfer.amount if entry.is_debit else transfer.amount,
            available_points_after=after.available_credit_balance,
            pending_points_after=after.credits_pending - after.debits_pending,
            reference=transfer.reference, recorded_at=transfer.recorded_at,
        )  # fmt: skip


_REASONS = {
    Reason.AWARD: StatementReason.AWARD,
    Reason.DEDUCTION: StatementReason.DEDUCTION,
    Reason.VOLUNTEER_POINTS: StatementReason.VOLUNTEER_POINTS,
    Reason.REDEMPTION: StatementReason.REDEMPTION,
    Reason.RETURN: StatementReason.RETURN,
    Reason.CLEARING: StatementReason.CLEARING,
}


def _reason(code: int) -> StatementReason:
    return next(
        (reason for known, reason in _REASONS.items() if known == code), StatementReason.OTHER
    )


def _state(kind: ledger.TransferKind) -> EntryState:
    if kind is ledger.TransferKind.PENDING:
        return EntryState.PENDING
    if kind in (ledger.TransferKind.POSTED, ledger.TransferKind.POST_PENDING):
        return EntryState.POSTED
    return EntryState.RELEASED


@strawberry.type(description="A page of a statement, newest first.")
class PointsStatementPage:
    entries: list[PointsStatementEntry] = strawberry.field(description="Entries, newest first.")
    next_cursor: str | None = strawberry.field(
        description="Pass as `before` for the next (older) page; null on the last page."
    )


@strawberry.type(
    description=(
        "A points account (积分账户) of a household or person under one scheme: what a "
        "household or volunteer checks, and what a cashier sees at the till. Visible to staff "
        "of its region, to the cashiers of supermarkets serving it, and to its own members."
    )
)
class PointsAccount(RowNode):
    id: relay.NodeID[int]
    available_points: int = strawberry.field(description="Points that can be spent now.")
    pending_award_points: int = strawberry.field(
        description="Awards on the notice board (公示), not yet spendable."
    )
    pending_deduction_points: int = strawberry.field(
        description="Deductions on the notice board, already held back from `availablePoints`."
    )
    volunteer_minutes: int = strawberry.field(
        description="Confirmed volunteer service of the holder (household: all members), minutes."
    )
    closed: bool = strawberry.field(description="A closed account takes no new movements.")
    scheme_id: strawberry.Private[int]
    household_id: strawberry.Private[int | None]
    person_id: strawberry.Private[int | None]
    points_account_id: strawberry.Private[int]

    @classmethod
    def from_balance(cls, found: balance_service.HolderBalance) -> PointsAccount:
        return cls(
            id=found.holder_id, available_points=found.available_points,
            pending_award_points=found.pending_award_points,
            pending_deduction_points=found.pending_deduction_points,
            volunteer_minutes=found.volunteer_minutes, closed=found.closed,
            scheme_id=found.scheme_id, household_id=found.household_id,
            person_id=found.person_id, points_account_id=found.points_account_id,
        )  # fmt: skip

    @classmethod
    def from_row(cls, row: balance_service.HolderBalance) -> PointsAccount:
        return cls.from_balance(row)

    rows_by_id = rows_from(lambda loaders: loaders.bank.accounts)

    @strawberry.field(description="Volunteer service in hours (minutes / 60, rounded down).")
    def volunteer_hours(self) -> int:
        return self.volunteer_minutes // 60

    @strawberry.field(description="The scheme.")
    async def scheme(self, info: Info) -> PointsScheme:
        row = await info.context.loaders.bank.schemes.load(self.scheme_id)
        assert row is not None
        return PointsScheme.from_row(row)

    @strawberry.field(description="The holding household (null when a person holds it).")
    async def household(self, info: Info) -> Household | None:
        if self.household_id is None:
            return None
        row = await info.context.loaders.people.households.load(self.household_id)
        return household_from_row(row) if row else None

    @strawberry.field(description="The holding person (null when a household holds it).")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id) if self.person_id else None

    @strawberry.field(
        description=f"Movements, newest first, with running balances ({STATEMENT_PAGE_SIZE_MAX} "
        "per page at most)."
    )
    async def statement(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description=f"Entries (1–{STATEMENT_PAGE_SIZE_MAX}).")
        ] = 20,
        before: Annotated[
            str | None, strawberry.argument(description="`nextCursor` of the previous page.")
        ] = None,
    ) -> PointsStatementPage:
        if not 0 < first <= STATEMENT_PAGE_SIZE_MAX:
            raise BadUserInput(f"`first` must be 1 to {STATEMENT_PAGE_SIZE_MAX}.")
        if before is not None and not ledger.is_statement_cursor(before):
            raise BadUserInput("`before` must be a `nextCursor` of this statement.")
        page = await info.context.read(
            lambda s: ledger.statement(s, self.points_account_id, limit=first, before=before)
        )
        entries = [PointsStatementEntry.from_entry(entry) for entry in page.entries]
        return PointsStatementPage(entries=entries, next_cursor=page.next_cursor)

    @strawberry.field(description=f"Receipts, newest first (at most {LIST_SIZE_MAX}).")
    async def receipts(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many (1–100).")] = 20,
    ) -> list[Receipt]:
        if not 0 < first <= LIST_SIZE_MAX:
            raise BadUserInput(f"`first` must be 1 to {LIST_SIZE_MAX}.")
        viewer = info.context.viewer
        found = await info.context.read(
            lambda s: market_queries.receipts_of(s, viewer, self.id, first)
        )
        return [Receipt.from_view(view) for view in found]

    @strawberry.field(
        description=(
            "Short code of every movement on this account so far (it changes with each one). "
            "The notice board prints a code per announcement instead: `noticeLines.noticeCode`."
        )
    )
    async def statement_digest_code(self, info: Info) -> str:
        return await info.context.read(
            lambda s: balance_service.statement_digest_code(s, self.points_account_id)
        )


async def load_account(info: Info, holder_id: int) -> PointsAccount | None:
    """A points account if the viewer may see it (entries past their deadline read as settled)."""
    found = await info.context.loaders.bank.accounts.load(holder_id)
    return PointsAccount.from_balance(found) if found else None


async def account_connection(
    info: Info, holder_ids: Sequence[int], page: PageRequest
) -> Connection[PointsAccount]:
    """A page of the points accounts ``holder_ids`` (a household's or person's, in their own
    order: a handful, one per scheme), balances read in one statement for the page."""
    balances = await info.context.loaders.bank.accounts.load_many(list(holder_ids))
    found = [balance for balance in balances if balance is not None]
    return listed_connection(found, page, _account_key, PointsAccount.from_balance)


def _account_key(balance: balance_service.HolderBalance) -> str:
    return str(balance.holder_id)


@strawberry.type(description="An objection to an announced entry.")
class PointsObjection(RowNode):
    id: relay.NodeID[int]
    reason: str = strawberry.field(description="Why the entry is contested.")
    status: ObjectionStatus = strawberry.field(description="Lodged, upheld or rejected.")
    lodged_at: dt.datetime = strawberry.field(description="When it was lodged.")
    decided_at: dt.datetime | None = strawberry.field(description="When it was decided.")
    decision_note: str | None = strawberry.field(description="The committee's note.")
    application_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: rows.Objection) -> PointsObjection:
        return cls(
            id=row.id, reason=row.reason, status=ObjectionStatus(row.status),
            lodged_at=row.lodged_at, decided_at=row.decided_at, decision_note=row.decision_note,
            application_id=row.application_id,
        )  # fmt: skip

    rows_by_id = rows_queried(bank_queries.objections)


@strawberry.type(description="A proposed award or deduction, through review and announcement.")
class PointsApplication(RowNode):
    id: relay.NodeID[int]
    status: ApplicationStatus = strawberry.field(description="Where it stands.")
    points: int = strawberry.field(description="The rule's points when proposed, signed.")
    points_applied: int | None = strawberry.field(
        description="Points moved once announced (a deduction stops at the balance)."
    )
    event_on: dt.date = strawberry.field(description="When the deed happened.")
    evidence_note: str | None = strawberry.field(description="Evidence given.")
    rejection_reason: str | None = strawberry.field(description="Why it was rejected.")
    proposed_at: dt.datetime = strawberry.field(description="When it was proposed.")
    reviewed_at: dt.datetime | None = strawberry.field(description="When it was reviewed.")
    rule_id: strawberry.Private[int]
    rule_version_id: strawberry.Private[int]
    holder_id: strawberry.Private[int]
    announcement_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: rows.Application) -> PointsApplication:
        return cls(
            id=row.id, status=ApplicationStatus(row.status), points=row.points,
            points_applied=row.points_applied, event_on=row.event_on,
            evidence_note=row.evidence_note, rejection_reason=row.rejection_reason,
            proposed_at=row.proposed_at, reviewed_at=row.reviewed_at, rule_id=row.rule_id,
            rule_version_id=row.rule_version_id, holder_id=row.holder_id,
            announcement_id=row.announcement_id,
        )  # fmt: skip

    rows_by_id = rows_queried(bank_queries.applications)

    @strawberry.field(description="The rule applied.")
    async def rule(self, info: Info) -> PointsRule:
        row = await info.context.loaders.bank.rules.load(self.rule_id)
        assert row is not None
        return PointsRule.from_row(row)

    @strawberry.field(
        description="The rule's terms it was proposed under (a later version changes nothing)."
    )
    async def rule_version(self, info: Info) -> PointsRuleVersion:
        row = await info.context.loaders.bank.rule_version_by_id.load(self.rule_version_id)
        assert row is not None
        return PointsRuleVersion.from_row(row)

    @strawberry.field(description="The account credited or debited (null if not visible).")
    async def account(self, info: Info) -> PointsAccount | None:
        return await load_account(info, self.holder_id)

    @strawberry.field(description="Objections lodged against it, oldest first.")
    async def objections(self, info: Info) -> list[PointsObjection]:
        found = await info.context.read(lambda s: bank_queries.objections_of(s, self.id))
        return [PointsObjection.from_row(row) for row in found]


@strawberry.type(description="A notice-board list (公示) of a village's entries, until a deadline.")
class PointsAnnouncement(RowNode):
    id: relay.NodeID[int]
    opens_at: dt.datetime = strawberry.field(description="When it went up.")
    closes_at: dt.datetime = strawberry.field(
        description="Objection deadline; entries post at this instant."
    )
    status: AnnouncementStatus = strawberry.field(description="Open or settled.")
    region_code: strawberry.Private[str]
    scheme_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: rows.Announcement) -> PointsAnnouncement:
        return cls(
            id=row.id, opens_at=row.opens_at, closes_at=row.closes_at,
            status=AnnouncementStatus(row.status), region_code=row.region_code,
            scheme_id=row.scheme_id,
        )  # fmt: skip

    rows_by_id = rows_queried(bank_queries.announcements)

    @strawberry.field(description="The village whose notice board shows it.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.region_code)

    @strawberry.field(
        description="Its entries, in order, those you may read as applications (staff of their "
        "region); everyone sees the board itself in `noticeLines`."
    )
    async def entries(self, info: Info) -> list[PointsApplication]:
        viewer = info.context.viewer
        found = await info.context.read(lambda s: bank_queries.entries_of(s, viewer, self.id))
        return [PointsApplication.from_row(row) for row in found]

    @strawberry.field(
        description="The notice board as everyone sees it, anonymous visitors included: one "
        "line per entry, names only as the scheme's display policy allows, and each holder's "
        "notice code."
    )
    async def notice_lines(self, info: Info) -> list[PointsNoticeLine]:
        found = await info.context.loaders.bank.notice_lines.load(self.id)
        return [PointsNoticeLine.from_line(line) for line in found]

    @strawberry.field(
        description="Where to download the printable list (send the same bearer token): CSV and "
        ".xlsx, with the ledger's chain head and each holder's notice code."
    )
    def download_paths(self) -> list[str]:
        return [f"/exports/announcements/{self.id}.csv", f"/exports/announcements/{self.id}.xlsx"]

    @strawberry.field(
        description="The public printable notice page (HTML for A4, no sign-in), with a QR code "
        "per holder that opens `/notice/verify?code=…`."
    )
    def notice_page_path(self) -> str:
        return f"/notice/announcements/{self.id}"


@strawberry.type(
    description="One entry of a notice board (公示), as printed for everyone: no evidence, no "
    "balance, names only as the scheme allows."
)
class PointsNoticeLine:
    application_id: relay.GlobalID = strawberry.field(
        description="The PointsApplication: residents of the village and staff covering it "
        "object to it with `lodgePointsObjection`."
    )
    display_name: str = strawberry.field(
        description="The holder as the scheme allows: full, masked (王*明) or household number."
    )
    household_number: str = strawberry.field(description="The holder's household number.")
    rule_code: str = strawberry.field(description="The rule's code, e.g. `XL-01`.")
    rule_title: str = strawberry.field(description="The deed.")
    points: int = strawberry.field(
        description="Points moved, signed (a deduction stops at the balance)."
    )
    status: ApplicationStatus = strawberry.field(description="Where the entry stands now.")
    objected: bool = strawberry.field(description="Whether an objection was lodged.")
    notice_code: str = strawberry.field(
        description="The holder's notice code for this announcement (`12-K7QZP-M3XA2`): it "
        "covers the holder's entries as announced, so it stays valid after the household "
        "spends; check it at `/notice/verify?code=…`."
    )

    @classmethod
    def from_line(cls, line: NoticeLine) -> PointsNoticeLine:
        return cls(
            application_id=relay.GlobalID("PointsApplication", str(line.application_id)),
            display_name=line.display_name, household_number=line.household_number,
            rule_code=line.rule_code, rule_title=line.rule_title, points=line.points,
            status=ApplicationStatus(line.status), objected=line.objected,
            notice_code=line.code,
        )  # fmt: skip


@strawberry.type(description="One line of a leaderboard (红榜).")
class LeaderboardEntry:
    rank: int = strawberry.field(description="1 for the most points; ties share a rank.")
    display_name: str = strawberry.field(
        description="The holder as the scheme allows: full, masked (王*明) or household number."
    )
    points: int = strawberry.field(description="Points posted from awards in the period.")


@strawberry.type(
    description="An announced entry that settlement set aside at its deadline, because the ledger "
    "refused to post or void it (e.g. its account was closed meanwhile); its points stay pending "
    "until staff resolve it, and no other entry waits for it."
)
class SetAsidePointsEntry:
    application: PointsApplication = strawberry.field(description="The entry.")
    reason: str = strawberry.field(description="The ledger's reason, e.g. `CREDIT_ACCOUNT_CLOSED`.")
    set_aside_at: dt.datetime = strawberry.field(description="When settlement set it aside.")


@strawberry.type(
    description="An objection still undecided after its entry's deadline: the entry is held "
    "(neither posted nor voided) until an administrator of its village or above decides it; "
    "upheld voids the entry, rejected posts it."
)
class OverduePointsObjection:
    objection: PointsObjection = strawberry.field(description="The undecided objection.")
    application: PointsApplication = strawberry.field(description="The held entry.")
    closed_at: dt.datetime = strawberry.field(description="The entry's deadline.")


@strawberry.type(description="Health of the morality bank's settlement.")
class BankHealth:
    entries_set_aside: list[SetAsidePointsEntry] = strawberry.field(
        description=f"Entries set aside in your regions, oldest first (at most {LIST_SIZE_MAX})."
    )
    objections_overdue: list[OverduePointsObjection] = strawberry.field(
        description="Objections left undecided past their deadline in your regions (their "
        f"entries are held), oldest deadline first (at most {LIST_SIZE_MAX})."
    )
