"""Tables of access control: users, role grants, sign-in sessions, refresh tokens, and the two
append-only logs (``audit_log``, ``personal_data_access_log``; triggers reject UPDATE, DELETE
and TRUNCATE, see migration 0004).

Users are deactivated, never deleted, so both logs can keep a foreign key to them.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.access.roles import Role
from governance.regions.codes import REGION_CODE_LENGTH_MAX
from kit.models import Base

USERNAME_LENGTH_MAX = 64
DISPLAY_NAME_LENGTH_MAX = 100
PASSWORD_HASH_LENGTH_MAX = 255
TOKEN_HASH_LENGTH = 64  # SHA-256, hex


class SessionEnd(enum.StrEnum):
    LOGOUT = "LOGOUT"
    # A refresh token was presented a second time: someone else holds a copy.
    REFRESH_TOKEN_REUSED = "REFRESH_TOKEN_REUSED"  # noqa: S105 (a reason, not a secret)
    # Ended by an administrator (account deactivated, device lost…).
    REVOKED = "REVOKED"


class SensitiveField(enum.StrEnum):
    ID_NUMBER = "ID_NUMBER"
    PHONE = "PHONE"
    POVERTY_STATUS = "POVERTY_STATUS"
    HEALTH_NOTES = "HEALTH_NOTES"
    CASE_NOTES = "CASE_NOTES"
    # Not a column: finding households at the till (by number, head's name, ID-card suffix).
    HOUSEHOLD_SEARCH = "HOUSEHOLD_SEARCH"


class Purpose(enum.StrEnum):
    IDENTITY_VERIFICATION = "IDENTITY_VERIFICATION"
    CONTACT = "CONTACT"
    SERVICE_DELIVERY = "SERVICE_DELIVERY"
    POVERTY_RELIEF = "POVERTY_RELIEF"
    MEDIATION = "MEDIATION"
    CASE_MANAGEMENT = "CASE_MANAGEMENT"
    EMERGENCY = "EMERGENCY"


class Outcome(enum.StrEnum):
    OK = "OK"
    # The mutation answered with user errors (wrong password, invalid input…).
    REJECTED = "REJECTED"
    # An internal error: the mutation's writes were rolled back.
    ERROR = "ERROR"


def _enum(enum_type: type[enum.StrEnum], name: str, length: int = 32) -> Enum:
    return Enum(enum_type, native_enum=False, length=length, name=name, create_constraint=True)


def _region_code() -> String:
    return String(REGION_CODE_LENGTH_MAX, collation="C")


def _now_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("username = lower(username)", name="username_lowercase"),
        CheckConstraint("failed_sign_in_count >= 0", name="failed_sign_in_count_non_negative"),
        CheckConstraint("grants_version >= 0", name="grants_version_non_negative"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_LENGTH_MAX), unique=True)
    password_hash: Mapped[str] = mapped_column(
        String(PASSWORD_HASH_LENGTH_MAX), comment="argon2id, PHC string format"
    )
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_LENGTH_MAX))
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    failed_sign_in_count: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Consecutive failed sign-ins; reset by success"
    )
    locked_until: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="No sign-in attempt is checked before this instant"
    )
    person_id: Mapped[int | None] = mapped_column(
        BigInteger, comment="The resident this account belongs to (people.id; FK once it exists)"
    )
    created_at: Mapped[datetime] = _now_column()
    signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    grants_version: Mapped[int] = mapped_column(
        BigInteger,
        server_default="0",
        comment="Bumped by each change of the user's grants; access tokens carry it",
    )
    password_change_required: Mapped[bool] = mapped_column(
        Boolean,
        server_default="false",
        comment="Set by a password reset: its sessions hold no role until the password changes",
    )


# The scope columns each role must (and must not) fill; CHECK mirrors governance.access.roles.
ROLE_GRANT_SCOPE_CHECK = (
    "(role IN ('COUNTY_ADMIN', 'TOWNSHIP_ADMIN', 'VILLAGE_ADMIN', 'GRID_WORKER', 'MEDIATOR')"
    " AND region_code IS NOT NULL AND supermarket_id IS NULL AND person_id IS NULL"
    " AND household_id IS NULL)"
    " OR (role = 'SUPERMARKET_CASHIER' AND supermarket_id IS NOT NULL AND region_code IS NULL"
    " AND person_id IS NULL AND household_id IS NULL)"
    " OR (role = 'RESIDENT' AND person_id IS NOT NULL AND region_code IS NULL"
    " AND supermarket_id IS NULL)"
)
ROLE_GRANT_LEVEL_CHECK = (
    "region_code IS NULL OR length(region_code) = CASE role WHEN 'COUNTY_ADMIN' THEN 6"
    " WHEN 'TOWNSHIP_ADMIN' THEN 9 WHEN 'VILLAGE_ADMIN' THEN 12 WHEN 'GRID_WORKER' THEN 15"
    " ELSE length(region_code) END"
)


class RoleGrant(Base):
    """One role held by one user over one scope.

    ``supermarket_id`` has no foreign key yet: supermarkets arrive with the morality-bank work.
    ``person_id``/``household_id`` likewise wait for the people tables.
    """

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint(ROLE_GRANT_SCOPE_CHECK, name="scope_matches_role"),
        CheckConstraint(ROLE_GRANT_LEVEL_CHECK, name="region_level_matches_role"),
        Index("ix_role_grants_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="RESTRICT"))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    region_code: Mapped[str | None] = mapped_column(
        _region_code(), ForeignKey("regions.code", ondelete="RESTRICT")
    )
    supermarket_id: Mapped[int | None] = mapped_column(BigInteger)
    person_id: Mapped[int | None] = mapped_column(BigInteger)
    household_id: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = _now_column()


class AuthSession(Base):
    """One sign-in: the family of refresh tokens rotated from it. Ending it ends them all."""

    __tablename__ = "auth_sessions"
    __table_args__ = (
        CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
        Index("ix_auth_sessions_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = _now_column()
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[SessionEnd | None] = mapped_column(_enum(SessionEnd, "session_end"))


class RefreshToken(Base):
    """A refresh token, stored as its SHA-256 (tokens are 256 random bits: no slow hash needed)."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_session_id", "session_id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("auth_sessions.id", ondelete="RESTRICT")
    )
    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rotated_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When it was exchanged; presenting it again is reuse"
    )


class AuditEntry(Base):
    """One mutation field executed: append-only (triggers reject UPDATE, DELETE, TRUNCATE)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_occurred_at", "occurred_at"),
        Index("ix_audit_log_actor_user_id_occurred_at", "actor_user_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    occurred_at: Mapped[datetime] = _now_column()
    actor_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT"), comment="Null: anonymous"
    )
    operation: Mapped[str] = mapped_column(String(100), comment="Mutation field name")
    operation_name: Mapped[str | None] = mapped_column(
        String(100), comment="The client's operation name, if any"
    )
    target_ids: Mapped[list[str]] = mapped_column(ARRAY(String(100)), server_default="{}")
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome", 16))
    request_id: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))


class PersonalDataAccess(Base):
    """One request to unmask a sensitive field, granted or not: append-only."""

    __tablename__ = "personal_data_access_log"
    __table_args__ = (
        Index("ix_personal_data_access_log_occurred_at", "occurred_at"),
        Index("ix_personal_data_access_log_entity_kind_entity_id", "entity_kind", "entity_id"),
        Index("ix_personal_data_access_log_user_id_occurred_at", "user_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    occurred_at: Mapped[datetime] = _now_column()
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT"), comment="Null: anonymous"
    )
    entity_kind: Mapped[str] = mapped_column(String(50), comment="e.g. Person, MediationCase")
    entity_id: Mapped[int] = mapped_column(BigInteger)
    region_code: Mapped[str | None] = mapped_column(_region_code())
    field: Mapped[SensitiveField] = mapped_column(_enum(SensitiveField, "sensitive_field"))
    purpose: Mapped[Purpose] = mapped_column(_enum(Purpose, "purpose"))
    purpose_detail: Mapped[str | None] = mapped_column(
        String(200), comment="e.g. the case number the purpose refers to"
    )
    granted: Mapped[bool] = mapped_column(Boolean)


class RateLimitWindow(Base):
    """Requests let through per client key and window, summed over every API process.

    UNLOGGED (migration 0022): written once a second per process, worthless after a crash.
    """

    __tablename__ = "rate_limit_windows"
    __table_args__ = {"prefixes": ["UNLOGGED"]}  # noqa: RUF012  (SQLAlchemy reads it)

    key: Mapped[str] = mapped_column(
        String(80), primary_key=True, comment="user:<id>, address:<ip>"
    )
    window_start: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, comment="Epoch seconds the window starts at"
    )
    drawn: Mapped[int] = mapped_column(Integer, comment="Requests let through, all processes")
