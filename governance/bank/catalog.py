"""Keeping a scheme's catalog current: scheme settings, rule versions, retired rules.

Each function takes a plain request dataclass and does every check itself, so the GraphQL
mutations and the .xlsx imports share one path. Who may: the administrators whose region
covers the scheme's (county, township or village, by the scheme's level); a row outside
their regions reads as absent (``SCHEME_NOT_FOUND``, ``RULE_NOT_FOUND``).

A rule edit adopts a new ``RuleVersion`` effective from a county day (today or later); it
never rewrites an older version, so awards already made keep their points and titles. A
proposal takes the version in force on the county day it is made (``version_in_force``).
Scheme settings apply at once (the 公示 window already copied into an open announcement's
deadline stays as published); the history kernel records who changed what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.bank.models import (
    ANNOUNCEMENT_DAYS_MAX,
    RULE_POINTS_MAX,
    RULE_TITLE_LENGTH_MAX,
    SCHEME_NAME_LENGTH_MAX,
    CapPeriod,
    NameDisplay,
    Rule,
    RuleCategory,
    RuleVersion,
    Scheme,
)
from governance.history.models import ChangeAction
from governance.history.service import apply_edit, locked
from governance.refusals import Refusal, RefusalCode
from kit.clock import local_day

POINTS_PER_HOUR_MAX = 1_000
SCHEME_ENTITY = "points_scheme"
RULE_ENTITY = "points_rule"
REASON_LENGTH_MAX = 500
EFFECTIVE_DAYS_AHEAD_MAX = 366  # a new version is adopted for at most a year ahead


@dataclass(frozen=True, slots=True)
class RuleTerms:
    """What a rule version says: the deed, its points and cap, and whether evidence is due."""

    category: RuleCategory
    title: str
    points: int
    cap_points: int | None = None
    cap_period: CapPeriod | None = None
    evidence_required: bool = False


def check_settings(name: str, announcement_days: int, points_per_volunteer_hour: int) -> None:
    if not name.strip() or len(name.strip()) > SCHEME_NAME_LENGTH_MAX:
        message = f"Name the scheme (at most {SCHEME_NAME_LENGTH_MAX} characters)."
        raise Refusal(RefusalCode.NAME_REQUIRED, "name", message)
    if not 1 <= announcement_days <= ANNOUNCEMENT_DAYS_MAX:
        message = f"Announcements last 1 to {ANNOUNCEMENT_DAYS_MAX} days."
        raise Refusal(RefusalCode.ANNOUNCEMENT_DAYS_INVALID, "announcementDays", message)
    if not 0 <= points_per_volunteer_hour <= POINTS_PER_HOUR_MAX:
        message = f"Points per volunteer hour range from 0 to {POINTS_PER_HOUR_MAX}."
        raise Refusal(RefusalCode.POINTS_PER_HOUR_INVALID, "pointsPerVolunteerHour", message)


def check_terms(terms: RuleTerms) -> None:
    if terms.points == 0 or abs(terms.points) > RULE_POINTS_MAX:
        message = f"Points are non-zero, at most {RULE_POINTS_MAX} either way."
        raise Refusal(RefusalCode.POINTS_INVALID, "points", message)
    if (terms.cap_points is None) != (terms.cap_period is None):
        raise Refusal(
            RefusalCode.CAP_INCOMPLETE, "capPoints", "A cap needs both points and a period."
        )
    if terms.cap_points is not None and terms.cap_points < abs(terms.points):
        raise Refusal(
            RefusalCode.CAP_TOO_SMALL, "capPoints", "The cap is below one award of the rule."
        )
    if not terms.title.strip() or len(terms.title.strip()) > RULE_TITLE_LENGTH_MAX:
        message = f"Give the rule a title (at most {RULE_TITLE_LENGTH_MAX} characters)."
        raise Refusal(RefusalCode.TITLE_REQUIRED, "title", message)


def terms_of(row: Rule | RuleVersion) -> RuleTerms:
    return RuleTerms(
        row.category, row.title, row.points, row.cap_points, row.cap_period,
        row.evidence_required,
    )  # fmt: skip


def new_version(
    rule: Rule, number: int, effective_from: dt.date, terms: RuleTerms, *, viewer: Viewer,
    now: dt.datetime,
) -> RuleVersion:  # fmt: skip
    return RuleVersion(
        rule_id=rule.id, number=number, effective_from=effective_from, category=terms.category,
        title=terms.title.strip(), points=terms.points, cap_points=terms.cap_points,
        cap_period=terms.cap_period, evidence_required=terms.evidence_required,
        adopted_by_user_id=viewer.user_id, adopted_at=now,
    )  # fmt: skip


def in_force(versions: Sequence[RuleVersion], day: dt.date) -> RuleVersion:
    """The version in force on ``day``: the latest day not after it (then the higher number);
    version 1 covers the days before its own too, so a rule always has terms."""
    assert versions, "every rule has its version 1"
    started = [version for version in versions if version.effective_from <= day]
    if not started:
        return min(versions, key=lambda version: version.number)
    return max(started, key=lambda version: (version.effective_from, version.number))


async def versions_of(session: AsyncSession, rule_id: int) -> Sequence[RuleVersion]:
    statement = (
        select(RuleVersion).where(RuleVersion.rule_id == rule_id).order_by(RuleVersion.number)
    )
    return (await session.scalars(statement)).all()


async def versions_of_rules(
    session: AsyncSession, rule_ids: Sequence[int]
) -> dict[int, list[RuleVersion]]:
    """The versions of each rule, oldest first (one statement; the catalog is public)."""
    statement = (
        select(RuleVersion)
        .where(RuleVersion.rule_id.in_(rule_ids))
        .order_by(RuleVersion.rule_id, RuleVersion.number)
    )
    grouped: dict[int, list[RuleVersion]] = {}
    for version in await session.scalars(statement):
        grouped.setdefault(version.rule_id, []).append(version)
    return grouped


async def version_in_force(session: AsyncSession, rule_id: int, day: dt.date) -> RuleVersion:
    return in_force(await versions_of(session, rule_id), day)


@dataclass(frozen=True, slots=True)
class SchemeChange:
    scheme_id: int
    expected_version: int
    name: str
    announcement_days: int
    name_display: NameDisplay
    points_per_volunteer_hour: int
    clears_on: dt.date | None = None
    reason: str | None = None


async def change_scheme(
    session: AsyncSession, viewer: Viewer, change: SchemeChange, now: dt.datetime
) -> Scheme:
    """Set a scheme's settings (all of them, as given); unchanged fields are not recorded."""
    scheme = await _scheme(session, viewer, change.scheme_id)
    check_settings(change.name, change.announcement_days, change.points_per_volunteer_hour)
    edits = {
        "name": change.name.strip(), "announcement_days": change.announcement_days,
        "name_display": change.name_display,
        "points_per_volunteer_hour": change.points_per_volunteer_hour,
        "clears_on": change.clears_on,
    }  # fmt: skip
    await apply_edit(
        session, scheme, edits, entity=SCHEME_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, reason=check_reason(change.reason),
    )  # fmt: skip
    return scheme


@dataclass(frozen=True, slots=True)
class Ending:
    """Which record ends, against which version, and why (required: it is public record)."""

    row_id: int
    expected_version: int
    reason: str


async def end_scheme(
    session: AsyncSession, viewer: Viewer, ending: Ending, now: dt.datetime
) -> Scheme:
    """End a scheme today: no new applications under any of its rules. Entries already
    proposed, announced or posted, and the points in its accounts, are untouched."""
    scheme = await _scheme(session, viewer, ending.row_id)
    if scheme.ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, "schemeId", "This scheme has ended already.")
    await apply_edit(
        session, scheme, {"ended_on": local_day(now)}, entity=SCHEME_ENTITY,
        expected_version=ending.expected_version, viewer=viewer, at=now,
        action=ChangeAction.ENDED, reason=required_reason(ending.reason),
    )  # fmt: skip
    return scheme


@dataclass(frozen=True, slots=True)
class RuleChange:
    """A new version of a rule's terms, in force from ``effective_from`` (a county day)."""

    rule_id: int
    expected_version: int
    effective_from: dt.date
    terms: RuleTerms
    reason: str | None = None


async def change_rule(
    session: AsyncSession, viewer: Viewer, change: RuleChange, now: dt.datetime
) -> Rule:
    """Adopt a new version of a rule from a day on; earlier versions and the applications
    made under them stay as they are."""
    rule = await _rule(session, viewer, change.rule_id)
    if rule.ended_on is not None:
        raise Refusal(RefusalCode.RULE_RETIRED, "ruleId", "A retired rule is not changed.")
    check_terms(change.terms)
    _check_effective_day(change.effective_from, rule, local_day(now))
    versions = await versions_of(session, rule.id)
    terms = change.terms
    edits = {
        "category": terms.category, "title": terms.title.strip(), "points": terms.points,
        "cap_points": terms.cap_points, "cap_period": terms.cap_period,
        "evidence_required": terms.evidence_required, "effective_from": change.effective_from,
    }  # fmt: skip
    recorded = await apply_edit(
        session, rule, edits, entity=RULE_ENTITY, expected_version=change.expected_version,
        viewer=viewer, at=now, reason=check_reason(change.reason),
    )  # fmt: skip
    if recorded is not None:
        number = max(version.number for version in versions) + 1
        session.add(new_version(rule, number, change.effective_from, terms, viewer=viewer, now=now))
        await session.flush()
    return rule


def _check_effective_day(day: dt.date, rule: Rule, today: dt.date) -> None:
    if day < today:
        message = "A new version takes effect today or later: past awards keep their terms."
        raise Refusal(RefusalCode.EFFECTIVE_DAY_INVALID, "effectiveFrom", message)
    if day > today + dt.timedelta(days=EFFECTIVE_DAYS_AHEAD_MAX):
        message = f"A new version takes effect within {EFFECTIVE_DAYS_AHEAD_MAX} days."
        raise Refusal(RefusalCode.EFFECTIVE_DAY_INVALID, "effectiveFrom", message)
    if day < rule.effective_from:
        message = f"The newest version takes effect on {rule.effective_from}: not before it."
        raise Refusal(RefusalCode.EFFECTIVE_DAY_INVALID, "effectiveFrom", message)


async def retire_rule(
    session: AsyncSession, viewer: Viewer, ending: Ending, now: dt.datetime
) -> Rule:
    """Retire a rule today: no new applications under it; those made stay as they are."""
    rule = await _rule(session, viewer, ending.row_id)
    if rule.ended_on is not None:
        raise Refusal(RefusalCode.ALREADY_ENDED, "ruleId", "This rule is retired already.")
    await apply_edit(
        session, rule, {"ended_on": local_day(now), "active": False}, entity=RULE_ENTITY,
        expected_version=ending.expected_version, viewer=viewer, at=now,
        action=ChangeAction.ENDED, reason=required_reason(ending.reason),
    )  # fmt: skip
    return rule


async def _scheme(session: AsyncSession, viewer: Viewer, scheme_id: int) -> Scheme:
    scheme = await locked(session, Scheme, scheme_id, viewer, ADMIN_ROLES)
    if scheme is None:
        message = "No scheme of your regions has this id."
        raise Refusal(RefusalCode.SCHEME_NOT_FOUND, "schemeId", message)
    return scheme


async def _rule(session: AsyncSession, viewer: Viewer, rule_id: int) -> Rule:
    rule = await locked(session, Rule, rule_id, viewer, ADMIN_ROLES)
    if rule is None:
        raise Refusal(RefusalCode.RULE_NOT_FOUND, "ruleId", "No rule of your regions has this id.")
    return rule


def check_reason(reason: str | None) -> str | None:
    text = (reason or "").strip()
    if len(text) > REASON_LENGTH_MAX:
        message = f"At most {REASON_LENGTH_MAX} characters."
        raise Refusal(RefusalCode.NOTE_TOO_LONG, "reason", message)
    return text or None


def required_reason(reason: str) -> str:
    text = check_reason(reason)
    if text is None:
        raise Refusal(RefusalCode.REASON_REQUIRED, "reason", "Say why it ends.")
    return text
