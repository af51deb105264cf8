"""auth: users, role grants, sessions, refresh tokens, audit and personal-data access logs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

``audit_log`` and ``personal_data_access_log`` are append-only: triggers reject UPDATE, DELETE
and TRUNCATE for every role but a superuser who disables them on purpose (e.g. archiving rows
older than the legal six months).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("audit_log", "personal_data_access_log")
REJECT_CHANGE_FUNCTION = """
CREATE FUNCTION reject_change_to_append_only_table() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column(
            "password_hash",
            sa.String(length=255),
            nullable=False,
            comment="argon2id, PHC string format",
        ),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column(
            "failed_sign_in_count",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Consecutive failed sign-ins; reset by success",
        ),
        sa.Column(
            "locked_until",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="No sign-in attempt is checked before this instant",
        ),
        sa.Column(
            "person_id",
            sa.BigInteger(),
            nullable=True,
            comment="The resident this account belongs to (people.id; FK once it exists)",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "failed_sign_in_count >= 0", name=op.f("ck_users_failed_sign_in_count_non_negative")
        ),
        sa.CheckConstraint("username = lower(username)", name=op.f("ck_users_username_lowercase")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=True, comment="Null: anonymous"),
        sa.Column(
            "operation", sa.String(length=100), nullable=False, comment="Mutation field name"
        ),
        sa.Column(
            "operation_name",
            sa.String(length=100),
            nullable=True,
            comment="The client's operation name, if any",
        ),
        sa.Column(
            "target_ids", sa.ARRAY(sa.String(length=100)), server_default="{}", nullable=False
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "OK",
                "REJECTED",
                "ERROR",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        "ix_audit_log_actor_user_id_occurred_at",
        "audit_log",
        ["actor_user_id", "occurred_at"],
        unique=False,
    )
    op.create_index("ix_audit_log_occurred_at", "audit_log", ["occurred_at"], unique=False)
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "LOGOUT",
                "REFRESH_TOKEN_REUSED",
                "REVOKED",
                name="session_end",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.CheckConstraint(
            "(ended_at IS NULL) = (end_reason IS NULL)",
            name=op.f("ck_auth_sessions_end_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_sessions_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"], unique=False)
    op.create_table(
        "personal_data_access_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=True, comment="Null: anonymous"),
        sa.Column(
            "entity_kind",
            sa.String(length=50),
            nullable=False,
            comment="e.g. Person, MediationCase",
        ),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("region_code", sa.String(length=15, collation="C"), nullable=True),
        sa.Column(
            "field",
            sa.Enum(
                "ID_NUMBER",
                "PHONE",
                "POVERTY_STATUS",
                "HEALTH_NOTES",
                "CASE_NOTES",
                name="sensitive_field",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.Enum(
                "IDENTITY_VERIFICATION",
                "CONTACT",
                "SERVICE_DELIVERY",
                "POVERTY_RELIEF",
                "MEDIATION",
                "CASE_MANAGEMENT",
                "EMERGENCY",
                name="purpose",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "purpose_detail",
            sa.String(length=200),
            nullable=True,
            comment="e.g. the case number the purpose refers to",
        ),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_personal_data_access_log_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_access_log")),
    )
    op.create_index(
        "ix_personal_data_access_log_entity_kind_entity_id",
        "personal_data_access_log",
        ["entity_kind", "entity_id"],
        unique=False,
    )
    op.create_index(
        "ix_personal_data_access_log_occurred_at",
        "personal_data_access_log",
        ["occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_personal_data_access_log_user_id_occurred_at",
        "personal_data_access_log",
        ["user_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "role_grants",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "COUNTY_ADMIN",
                "TOWNSHIP_ADMIN",
                "VILLAGE_ADMIN",
                "GRID_WORKER",
                "MEDIATOR",
                "SUPERMARKET_CASHIER",
                "RESIDENT",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("region_code", sa.String(length=15, collation="C"), nullable=True),
        sa.Column("supermarket_id", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("household_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "granted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(role IN ('COUNTY_ADMIN', 'TOWNSHIP_ADMIN', 'VILLAGE_ADMIN', 'GRID_WORKER', 'MEDIATOR') AND region_code IS NOT NULL AND supermarket_id IS NULL AND person_id IS NULL AND household_id IS NULL) OR (role = 'SUPERMARKET_CASHIER' AND supermarket_id IS NOT NULL AND region_code IS NULL AND person_id IS NULL AND household_id IS NULL) OR (role = 'RESIDENT' AND person_id IS NOT NULL AND region_code IS NULL AND supermarket_id IS NULL)",
            name=op.f("ck_role_grants_scope_matches_role"),
        ),
        sa.CheckConstraint(
            "region_code IS NULL OR length(region_code) = CASE role WHEN 'COUNTY_ADMIN' THEN 6 WHEN 'TOWNSHIP_ADMIN' THEN 9 WHEN 'VILLAGE_ADMIN' THEN 12 WHEN 'GRID_WORKER' THEN 15 ELSE length(region_code) END",
            name=op.f("ck_role_grants_region_level_matches_role"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_role_grants_region_code_regions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_role_grants_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grants")),
    )
    op.create_index("ix_role_grants_user_id", "role_grants", ["user_id"], unique=False)
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "rotated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it was exchanged; presenting it again is reuse",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["auth_sessions.id"],
            name=op.f("fk_refresh_tokens_session_id_auth_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index("ix_refresh_tokens_session_id", "refresh_tokens", ["session_id"], unique=False)
    op.execute(REJECT_CHANGE_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        _make_append_only(table)


def _make_append_only(table: str) -> None:
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION reject_change_to_append_only_table()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION reject_change_to_append_only_table()"
    )


def downgrade() -> None:
    # Dropping the tables drops their triggers.
    op.drop_index("ix_refresh_tokens_session_id", table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index("ix_role_grants_user_id", table_name="role_grants")
    op.drop_table("role_grants")
    op.drop_index(
        "ix_personal_data_access_log_user_id_occurred_at", table_name="personal_data_access_log"
    )
    op.drop_index("ix_personal_data_access_log_occurred_at", table_name="personal_data_access_log")
    op.drop_index(
        "ix_personal_data_access_log_entity_kind_entity_id", table_name="personal_data_access_log"
    )
    op.drop_table("personal_data_access_log")
    op.drop_index("ix_auth_sessions_user_id", table_name="auth_sessions")
    op.drop_table("auth_sessions")
    op.drop_index("ix_audit_log_occurred_at", table_name="audit_log")
    op.drop_index("ix_audit_log_actor_user_id_occurred_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.execute("DROP FUNCTION reject_change_to_append_only_table()")
