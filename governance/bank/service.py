"""Schemes, their rules and their holders: setting up a morality bank.

Opening a holder opens its ledger wallet (idempotent by account code), so a household that
never earned anything costs no account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank import accounts, catalog, repository
from governance.bank.models import (
    ANNOUNCEMENT_DAYS_DEFAULT,
    RULE_CODE_LENGTH_MAX,
    CapPeriod,
    Holder,
    HolderKind,
    NameDisplay,
    Rule,
    RuleCategory,
    Scheme,
)
from governance.bank.permissions import administers
from governance.history.service import record_created
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, covers
from kit.clock import local_day

SCHEME_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True, slots=True)
class SchemeDraft:
    region_code: str
    name: str
    holder_kind: HolderKind = HolderKind.HOUSEHOLD
    announcement_days: int = ANNOUNCEMENT_DAYS_DEFAULT
    name_display: NameDisplay = NameDisplay.MASKED
    points_per_volunteer_hour: int = 0
    clears_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RuleDraft:
    scheme_id: int
    code: str
    category: RuleCategory
    title: str
    points: int
    cap_points: int | None = None
    cap_period: CapPeriod | None = None
    evidence_required: bool = False


async def create_scheme(
    session: AsyncSession, viewer: Viewer, draft: SchemeDraft, now: dt.datetime
) -> Scheme:
    """Adopt a scheme for a county, township or village, with its pool and expiry accounts."""
    _check_scheme(draft)
    found = await regions_repository.by_codes(session, [draft.region_code])
    if not found or found[0].level not in SCHEME_LEVELS:
        raise Refusal(
            RefusalCode.REGION_NOT_FOUND, "regionCode", "No county, township or village has it."
        )
    if not administers(viewer, draft.region_code):
        raise forbidden("adopt a scheme for this region")
    scheme = Scheme(
        region_code=draft.region_code,
        name=draft.name.strip(),
        holder_kind=draft.holder_kind,
        announcement_days=draft.announcement_days,
        name_display=draft.name_display,
        points_per_volunteer_hour=draft.points_per_volunteer_hour,
        clears_on=draft.clears_on,
        pool_account_id=0,
        expiry_account_id=0,
    )
    session.add(scheme)
    await session.flush()
    pool, expiry = await ledger.create_accounts(
        session,
        [
            ledger.AccountSpec(accounts.scheme_pool_code(scheme.id), ledger.Unit.POINTS),
            ledger.AccountSpec(accounts.scheme_expiry_code(scheme.id), ledger.Unit.POINTS),
        ],
    )
    scheme.pool_account_id = pool.account.id
    scheme.expiry_account_id = expiry.account.id
    await session.flush()
    fields = {
        "region_code": scheme.region_code, "name": scheme.name,
        "holder_kind": scheme.holder_kind, "announcement_days": scheme.announcement_days,
        "name_display": scheme.name_display,
        "points_per_volunteer_hour": scheme.points_per_volunteer_hour,
        "clears_on": scheme.clears_on,
    }  # fmt: skip
    await record_created(
        session, scheme, entity=catalog.SCHEME_ENTITY, viewer=viewer, at=now, fields=fields
    )
    return scheme


def _check_scheme(draft: SchemeDraft) -> None:
    catalog.check_settings(draft.name, draft.announcement_days, draft.points_per_volunteer_hour)


def _terms(draft: RuleDraft) -> catalog.RuleTerms:
    return catalog.RuleTerms(
        draft.category, draft.title, draft.points, draft.cap_points, draft.cap_period,
        draft.evidence_required,
    )  # fmt: skip


async def add_rule(
    session: AsyncSession, viewer: Viewer, draft: RuleDraft, now: dt.datetime
) -> Rule:
    """Add a line to a scheme's catalog (积分细则), with its version 1 in force from today."""
    scheme = await repository.scheme(session, draft.scheme_id)
    if scheme is None:
        raise Refusal(RefusalCode.SCHEME_NOT_FOUND, "schemeId", "No scheme has this id.")
    if not administers(viewer, scheme.region_code):
        raise forbidden("change this scheme's rules")
    if scheme.ended_on is not None:
        raise Refusal(RefusalCode.SCHEME_ENDED, "schemeId", "This scheme has ended.")
    terms = _terms(draft)
    catalog.check_terms(terms)
    if not draft.code.strip() or len(draft.code.strip()) > RULE_CODE_LENGTH_MAX:
        message = f"Give the rule a code (at most {RULE_CODE_LENGTH_MAX} characters)."
        raise Refusal(RefusalCode.TITLE_REQUIRED, "code", message)
    rule = Rule(
        scheme_id=scheme.id, region_code=scheme.region_code, code=draft.code.strip(),
        category=terms.category, title=terms.title.strip(), points=terms.points,
        cap_points=terms.cap_points, cap_period=terms.cap_period,
        evidence_required=terms.evidence_required, effective_from=local_day(now), active=True,
    )  # fmt: skip
    session.add(rule)
    await session.flush()
    session.add(catalog.new_version(rule, 1, rule.effective_from, terms, viewer=viewer, now=now))
    fields = {"code": rule.code, **{name: getattr(rule, name) for name in RULE_FIELDS}}
    await record_created(
        session, rule, entity=catalog.RULE_ENTITY, viewer=viewer, at=now, fields=fields
    )
    return rule


RULE_FIELDS = (
    "category", "title", "points", "cap_points", "cap_period", "evidence_required",
    "effective_from",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Owner:
    """Whom points are for: a household or a person (the scheme's holder kind decides)."""

    household_id: int | None = None
    person_id: int | None = None

    def __post_init__(self) -> None:
        assert (self.household_id is None) != (self.person_id is None), self


async def open_holder(session: AsyncSession, scheme: Scheme, owner: Owner) -> Holder:
    """The scheme's holder for ``owner``, opened (with its wallet) if new."""
    region_code = await owner_region(session, scheme, owner)
    found = await repository.holder_by_owner(
        session, scheme.id, owner.household_id, owner.person_id
    )
    if found is not None:
        return found
    code = (
        accounts.household_wallet_code(scheme.id, owner.household_id)
        if owner.household_id is not None
        else accounts.person_wallet_code(scheme.id, owner.person_id or 0)
    )
    spec = ledger.AccountSpec(code, ledger.Unit.POINTS, debits_must_not_exceed_credits=True)
    [wallet] = await ledger.create_accounts(session, [spec])
    # The wallet's code is the owner's, so a concurrent opener got the same wallet; whichever
    # holder row committed first is the one both return.
    await repository.insert_holder_if_absent(
        session,
        {
            "scheme_id": scheme.id,
            "household_id": owner.household_id,
            "person_id": owner.person_id,
            "region_code": region_code,
            "points_account_id": wallet.account.id,
        },
    )
    opened = await repository.holder_by_owner(
        session, scheme.id, owner.household_id, owner.person_id
    )
    assert opened is not None, "inserted, or inserted by a transaction that committed first"
    return opened


async def owner_region(session: AsyncSession, scheme: Scheme, owner: Owner) -> str:
    if scheme.holder_kind is HolderKind.HOUSEHOLD and owner.household_id is None:
        raise Refusal(
            RefusalCode.HOUSEHOLD_REQUIRED, "householdId", "This scheme credits households."
        )
    if scheme.holder_kind is HolderKind.PERSON and owner.person_id is None:
        raise Refusal(RefusalCode.PERSON_REQUIRED, "personId", "This scheme credits persons.")
    if owner.household_id is not None:
        household = await repository.household(session, owner.household_id)
        region_code = household.region_code if household else None
    else:
        person = await repository.person(session, owner.person_id or 0)
        region_code = person.region_code if person else None
    if region_code is None:
        raise Refusal(RefusalCode.HOLDER_NOT_FOUND, None, "No household or person has this id.")
    if not covers(scheme.region_code, region_code):
        raise Refusal(
            RefusalCode.OUTSIDE_SCHEME, None, "The holder lives outside the scheme's region."
        )
    return region_code


async def close_holder(session: AsyncSession, viewer: Viewer, holder_id: int) -> Holder:
    """Close a points account (the household moved away, merged…): it takes no new movements.
    Admins of the holder's region.

    Refused while an entry of the account is in review or on a notice board: a 公示 list is a
    public procedure, and its outcome is not changed behind the village's back. The reviewer
    rejects a proposal; an announced entry posts at its deadline or is voided by upholding an
    objection (its reason recorded); then the account can be closed. A closed wallet would
    otherwise refuse the entry's posting at the deadline."""
    holder = await session.get(Holder, holder_id)
    if holder is None or not administers(viewer, holder.region_code):
        raise Refusal(
            RefusalCode.ACCOUNT_NOT_FOUND, "accountId", "No points account of your region has it."
        )
    waiting = await repository.entries_in_flight(session, holder.id)
    if waiting:
        message = (
            f"{waiting} entries of this account are in review or on a notice board: reject "
            "them, or let their announcement settle (an upheld objection voids an entry), "
            "then close the account."
        )
        raise Refusal(RefusalCode.ACCOUNT_HAS_PENDING_ENTRIES, "accountId", message)
    await ledger.close_account(session, holder.points_account_id)
    return holder
