"""Tables of the morality bank: schemes, rules, holders, applications, announcements,
objections, the reviews refused for a conflict of interest, and the entries settlement set
aside.

Point amounts are integers (``BigInteger``) counted in points; a rule's ``points`` is signed
(awards positive, deductions negative), every amount moved in the ledger is positive.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import code_length_check, enum_type, region_code_column, version_column
from governance.idempotency import IDEMPOTENCY_KEY_LENGTH_MAX
from kit.models import Base

SCHEME_NAME_LENGTH_MAX = 100
RULE_CODE_LENGTH_MAX = 16
RULE_TITLE_LENGTH_MAX = 200
NOTE_LENGTH_MAX = 1_000
ANNOUNCEMENT_DAYS_DEFAULT = 7
ANNOUNCEMENT_DAYS_MAX = 30
RULE_POINTS_MAX = 10_000  # one deed is never worth more; a typo of 100000 is refused
SET_ASIDE_REASON_LENGTH_MAX = 64  # a ledger result code


class HolderKind(enum.StrEnum):
    """Who a scheme credits: the household (一户一档, the common practice) or each person."""

    HOUSEHOLD = "HOUSEHOLD"
    PERSON = "PERSON"


class NameDisplay(enum.StrEnum):
    """What a public list (红榜, announcement) shows of a holder's name."""

    FULL = "FULL"
    MASKED = "MASKED"  # 王*明
    NONE = "NONE"  # household number only


class RuleCategory(enum.StrEnum):
    FILIAL_PIETY = "FILIAL_PIETY"  # 孝老爱亲
    SANITATION = "SANITATION"  # 环境卫生
    VOLUNTEER_SERVICE = "VOLUNTEER_SERVICE"  # 志愿服务
    NEIGHBOURLY_HELP = "NEIGHBOURLY_HELP"  # 邻里互助
    REFORMED_CUSTOMS = "REFORMED_CUSTOMS"  # 移风易俗
    LAW_ABIDING = "LAW_ABIDING"  # 遵纪守法
    OTHER = "OTHER"


class CapPeriod(enum.StrEnum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"


class ApplicationStatus(enum.StrEnum):
    PROPOSED = "PROPOSED"  # waiting for review
    REJECTED = "REJECTED"  # refused by the reviewer
    APPROVED = "APPROVED"  # waiting for the next announcement
    ANNOUNCED = "ANNOUNCED"  # on the notice board: a pending ledger transfer
    POSTED = "POSTED"  # the deadline passed: points posted
    VOIDED = "VOIDED"  # an objection was upheld (or left undecided at the deadline)


class AnnouncementStatus(enum.StrEnum):
    OPEN = "OPEN"
    SETTLED = "SETTLED"


class ObjectionStatus(enum.StrEnum):
    LODGED = "LODGED"
    UPHELD = "UPHELD"
    REJECTED = "REJECTED"


class Scheme(Base):
    """A points scheme adopted by a county, township or village, with its settings."""

    __tablename__ = "bank_schemes"
    __table_args__ = (
        code_length_check((6, 9, 12)),
        CheckConstraint(
            f"announcement_days BETWEEN 1 AND {ANNOUNCEMENT_DAYS_MAX}", name="announcement_days"
        ),
        CheckConstraint("points_per_volunteer_hour >= 0", name="points_per_hour_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    region_code: Mapped[str] = region_code_column("The county, township or village adopting it")
    name: Mapped[str] = mapped_column(String(SCHEME_NAME_LENGTH_MAX))
    holder_kind: Mapped[HolderKind] = mapped_column(enum_type(HolderKind, "holder_kind"))
    announcement_days: Mapped[int] = mapped_column(Integer, comment="公示 window, in days")
    name_display: Mapped[NameDisplay] = mapped_column(enum_type(NameDisplay, "name_display"))
    points_per_volunteer_hour: Mapped[int] = mapped_column(
        Integer, comment="Points credited per 60 confirmed volunteer minutes (0: none)"
    )
    clears_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Next periodic clearing: unspent points expire on this day"
    )
    pool_account_id: Mapped[int] = mapped_column(BigInteger, comment="Ledger issuing pool")
    expiry_account_id: Mapped[int] = mapped_column(BigInteger, comment="Ledger expired points")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    version: Mapped[int] = version_column()
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day the scheme ended: from then on it takes no new applications"
    )


class Rule(Base):
    """One line of the scheme's catalog (积分细则): a deed and its points, signed.

    Versioned as rows: the terms (category, title, points, cap, evidence) live in
    ``RuleVersion`` rows, each effective from a county day; an edit adds a version, never
    rewrites one, so every application keeps pointing at the terms it was made under
    (``Application.rule_version_id``). This row is the rule's identity (scheme, code), its
    state (retired or not) and, for reading, a copy of the *newest* version's terms and day
    (the one ``changePointsRule`` last adopted, which may take effect later). Who changed
    what and when goes to the history kernel (``record_history``) like every master record;
    the version rows answer the other question, "which terms applied on day D", which a log
    of changes cannot answer without replaying it.
    """

    __tablename__ = "bank_rules"
    __table_args__ = (
        CheckConstraint(
            f"points <> 0 AND points BETWEEN -{RULE_POINTS_MAX} AND {RULE_POINTS_MAX}",
            name="points_range",
        ),
        CheckConstraint("cap_points IS NULL OR cap_points > 0", name="cap_positive"),
        CheckConstraint("(cap_points IS NULL) = (cap_period IS NULL)", name="cap_with_period"),
        CheckConstraint("active = (ended_on IS NULL)", name="active_iff_not_ended"),
        Index("uq_bank_rules_scheme_id_code", "scheme_id", "code", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_schemes.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The scheme's region (copied, for scoping)")
    code: Mapped[str] = mapped_column(String(RULE_CODE_LENGTH_MAX), comment="e.g. XL-01")
    category: Mapped[RuleCategory] = mapped_column(enum_type(RuleCategory, "rule_category"))
    title: Mapped[str] = mapped_column(String(RULE_TITLE_LENGTH_MAX))
    points: Mapped[int] = mapped_column(Integer, comment="Points, signed: deductions negative")
    cap_points: Mapped[int | None] = mapped_column(
        Integer, comment="Most points of this rule per holder per period (absolute value)"
    )
    cap_period: Mapped[CapPeriod | None] = mapped_column(enum_type(CapPeriod, "cap_period"))
    evidence_required: Mapped[bool] = mapped_column(Boolean)
    effective_from: Mapped[dt.date] = mapped_column(
        Date, comment="Day the newest version takes effect (copied from it)"
    )
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Day the rule was retired: no new applications from then on"
    )
    version: Mapped[int] = version_column()


class RuleVersion(Base):
    """The terms of a rule from ``effective_from`` on, until a later version's day.

    The version in force on day D is the one with the latest ``effective_from`` not after D
    (the higher ``number`` on a tie); version 1 also covers any day before its own, so a rule
    always has terms. Rows are never updated: past applications reference theirs.
    """

    __tablename__ = "bank_rule_versions"
    __table_args__ = (
        CheckConstraint(
            f"points <> 0 AND points BETWEEN -{RULE_POINTS_MAX} AND {RULE_POINTS_MAX}",
            name="points_range",
        ),
        CheckConstraint("cap_points IS NULL OR cap_points > 0", name="cap_positive"),
        CheckConstraint("(cap_points IS NULL) = (cap_period IS NULL)", name="cap_with_period"),
        CheckConstraint("number >= 1", name="number_positive"),
        Index("uq_bank_rule_versions_rule_id_number", "rule_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    rule_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_rules.id", ondelete="RESTRICT")
    )
    number: Mapped[int] = mapped_column(Integer, comment="1, 2, … in order of adoption")
    effective_from: Mapped[dt.date] = mapped_column(Date, comment="First county day in force")
    category: Mapped[RuleCategory] = mapped_column(enum_type(RuleCategory, "rule_category"))
    title: Mapped[str] = mapped_column(String(RULE_TITLE_LENGTH_MAX))
    points: Mapped[int] = mapped_column(Integer, comment="Points, signed: deductions negative")
    cap_points: Mapped[int | None] = mapped_column(
        Integer, comment="Most points of this rule per holder per period (absolute value)"
    )
    cap_period: Mapped[CapPeriod | None] = mapped_column(enum_type(CapPeriod, "cap_period"))
    evidence_required: Mapped[bool] = mapped_column(Boolean)
    adopted_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    adopted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Holder(Base):
    """An account holder of a scheme (household or person) and its ledger wallet."""

    __tablename__ = "bank_holders"
    __table_args__ = (
        CheckConstraint("(household_id IS NULL) <> (person_id IS NULL)", name="one_holder"),
        Index(
            "uq_bank_holders_scheme_id_household_id",
            "scheme_id",
            "household_id",
            unique=True,
            postgresql_where="household_id IS NOT NULL",
        ),
        Index(
            "uq_bank_holders_scheme_id_person_id",
            "scheme_id",
            "person_id",
            unique=True,
            postgresql_where="person_id IS NOT NULL",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_schemes.id", ondelete="RESTRICT")
    )
    household_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("households.id", ondelete="RESTRICT")
    )
    person_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("persons.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The holder's village or grid (copied)")
    points_account_id: Mapped[int] = mapped_column(
        BigInteger, unique=True, comment="Ledger POINTS wallet (never negative)"
    )


class Announcement(Base):
    """One notice-board list (公示) of a village under a scheme, open until ``closes_at``."""

    __tablename__ = "bank_announcements"
    __table_args__ = (
        code_length_check((12,)),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        Index("ix_bank_announcements_status_closes_at", "status", "closes_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_schemes.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The village whose notice board shows it")
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), comment="Objection deadline; the awards post at this instant"
    )
    status: Mapped[AnnouncementStatus] = mapped_column(
        enum_type(AnnouncementStatus, "announcement_status")
    )
    published_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Application(Base):
    """A proposed award or deduction, through review, announcement and settlement."""

    __tablename__ = "bank_applications"
    __table_args__ = (
        CheckConstraint("points <> 0", name="points_not_zero"),
        CheckConstraint(
            "points_applied IS NULL OR (points_applied >= 0 AND points_applied <= abs(points))",
            name="points_applied_range",
        ),
        CheckConstraint(
            "(status IN ('ANNOUNCED', 'POSTED', 'VOIDED')) = (announcement_id IS NOT NULL)",
            name="announced_iff_announcement",
        ),
        CheckConstraint(
            "status <> 'REJECTED' OR rejection_reason IS NOT NULL", name="rejection_has_reason"
        ),
        Index("ix_bank_applications_holder_id_rule_id", "holder_id", "rule_id"),
        Index("ix_bank_applications_announcement_id", "announcement_id"),
        Index(
            "ix_bank_applications_scheme_id_status_region_code",
            "scheme_id",
            "status",
            "region_code",
        ),
        Index(
            "uq_bank_applications_proposed_by_user_id_idempotency_key",
            "proposed_by_user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        CheckConstraint(
            "(idempotency_key IS NULL) = (request_digest IS NULL)", name="key_has_digest"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_schemes.id", ondelete="RESTRICT")
    )
    rule_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_rules.id", ondelete="RESTRICT")
    )
    rule_version_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("bank_rule_versions.id", ondelete="RESTRICT"),
        comment="The rule's terms it was proposed under (its points and title stay)",
    )
    holder_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_holders.id", ondelete="RESTRICT")
    )
    region_code: Mapped[str] = region_code_column("The holder's region (copied, for scoping)")
    points: Mapped[int] = mapped_column(Integer, comment="The rule's points when proposed, signed")
    points_applied: Mapped[int | None] = mapped_column(
        Integer, comment="Points moved when announced (a deduction stops at the balance)"
    )
    event_on: Mapped[dt.date] = mapped_column(Date, comment="When the deed happened")
    evidence_note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "application_status")
    )
    proposed_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reviewed_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_reason: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))
    announcement_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("bank_announcements.id", ondelete="RESTRICT")
    )
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, comment="The pending ledger transfer while announced"
    )
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str | None] = mapped_column(
        String(IDEMPOTENCY_KEY_LENGTH_MAX),
        comment="The proposer's client key: a retry answers this row (unique per proposer)",
    )
    request_digest: Mapped[str | None] = mapped_column(
        String(64), comment="sha256 hex of rule, holder, day and note, to tell retries apart"
    )


class Objection(Base):
    """An objection to an announced entry, lodged before the deadline and decided by the
    committee: upheld voids the entry, rejected lets it post."""

    __tablename__ = "bank_objections"
    __table_args__ = (
        CheckConstraint(
            "(status = 'LODGED') = (decided_at IS NULL)", name="decided_iff_not_lodged"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_applications.id", ondelete="RESTRICT"), index=True
    )
    reason: Mapped[str] = mapped_column(String(NOTE_LENGTH_MAX))
    lodged_by_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    lodged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[ObjectionStatus] = mapped_column(enum_type(ObjectionStatus, "objection_status"))
    decided_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(String(NOTE_LENGTH_MAX))


class ConflictRefusal(Base):
    """A decision about an entry (its review, an objection to it) refused because the decider
    belongs to the holder's household (recorded)."""

    __tablename__ = "bank_conflict_refusals"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bank_applications.id", ondelete="RESTRICT"), index=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="RESTRICT"))
    refused_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SetAsideEntry(Base):
    """An announced entry the settler could not post or void at its deadline (its wallet was
    closed, its ledger reservation lapsed…). Set aside, it fails no other household's
    settlement: the entry stays ANNOUNCED (its points still pending in the ledger) until staff
    resolve it; ``grassroots ledger verify`` and GraphQL ``bankHealth`` name it."""

    __tablename__ = "bank_set_aside_entries"

    application_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("bank_applications.id", ondelete="RESTRICT"),
        primary_key=True,
        autoincrement=False,
    )
    region_code: Mapped[str] = region_code_column("The holder's region (copied, for scoping)")
    reason: Mapped[str] = mapped_column(
        String(SET_ASIDE_REASON_LENGTH_MAX),
        comment="Why settlement failed: the ledger's result code, e.g. CREDIT_ACCOUNT_CLOSED",
    )
    set_aside_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
