"""Configuration from the environment (prefix ``GRASSROOTS_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every tunable of the service. Limits are named here so the schema can quote them."""

    model_config = SettingsConfigDict(env_prefix="GRASSROOTS_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL. Unset: an embedded PostgreSQL (pgserver) is started.",
    )
    data_dir: Path = Field(default=Path(".grassroots"), description="Project-local state.")
    pgdata: Path | None = Field(default=None, description="Embedded data dir (data_dir/pgdata).")
    database_name: str = "grassroots"
    # Read replicas (kit.replicas): hot standbys that serve read-only requests.
    replica_urls: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Hot standby URLs for reads, comma-separated."
    )
    replica_lag_max_seconds: float = Field(
        default=5.0, ge=0, description="A replica further behind than this is skipped."
    )
    replica_check_interval_seconds: float = Field(
        default=1.0, gt=0, description="How often a replica's replay position is read."
    )
    # As many kept connections as one process may open at all: with 10 kept and 10 more on
    # demand, 16 concurrent requests kept closing and reopening the extra ones (a new
    # PostgreSQL backend each time): ~0.25 ms more PostgreSQL CPU per signed-in balance read.
    pool_size: int = 20
    pool_overflow_max: int = 0
    statement_timeout_ms: int = 15_000
    lock_timeout_ms: int = 5_000
    idle_in_transaction_timeout_ms: int = 30_000

    background_tasks: bool = Field(default=True, description="Run periodic work in the server.")
    seal_interval_seconds: float = Field(default=5.0, description="How often the chain is sealed.")

    graphiql: bool = True
    production: bool = False
    debug_sql: bool = False
    # Answers to anonymous queries kept per process while the data is unchanged
    # (api.http.public_answers); off: every request is executed.
    public_answer_cache: bool = True
    # Registered GraphQL documents (api.http.documents): off, allow (documentId or query), only
    # (registered documents only).
    trusted_documents: Literal["off", "allow", "only"] = "allow"
    request_body_bytes_max: int = 1_000_000
    # Browser origins allowed to call the API (CORS), comma-separated; empty: none.
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS, e.g. https://app.example.org."
    )

    # Authentication (api.auth, governance.access). Unset secret outside production: a random
    # one is generated once and kept in data_dir/jwt-secret (see kit.secrets).
    jwt_secret: SecretStr | None = Field(default=None, description="HS256 key, >= 32 bytes.")
    access_token_lifetime_minutes: int = Field(default=15, ge=1, le=60)
    refresh_token_lifetime_days: int = Field(default=14, ge=1, le=90)
    # Argon2id cost (RFC 9106 second recommendation by default); tests lower it.
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65_536, ge=8)
    password_hash_parallelism: int = Field(default=4, ge=1)
    # Failed sign-ins: free attempts, then a doubling delay, then a lockout.
    sign_in_failures_free: int = Field(default=3, ge=0)
    sign_in_backoff_base_seconds: int = Field(default=1, ge=1)
    sign_in_backoff_max_seconds: int = Field(default=60, ge=1)
    sign_in_lockout_failures: int = Field(default=10, ge=1)
    sign_in_lockout_minutes: int = Field(default=15, ge=1)
    # Per-process token bucket per user (or per client address when anonymous).
    rate_limit_burst_requests: int = Field(default=200, ge=1)
    rate_limit_refill_per_second: float = Field(default=20.0, gt=0)
    rate_limit_keys_max: int = Field(default=100_000, ge=1)
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    rate_limit_sync_interval_seconds: float = Field(
        default=1.0, ge=0, description="How often processes share counts (0: per process only)."
    )

    # Workflows (governance.events): how often the app escalates overdue events; 0 turns the
    # background sweep off (events are still escalated when touched).
    escalation_sweep_interval_seconds: int = Field(default=60, ge=0)

    # Each GraphQL request's transaction runs as the `grassroots_request` role, under the
    # row-level security policies of persons and households (migration 0009).
    row_security: bool = True

    # Audit and personal-data access logs: days kept before `grassroots logs prune` may delete
    # them. The Cybersecurity Law asks for six months; the database refuses anything younger.
    log_retention_days: int = Field(default=180, ge=180)

    @property
    def pgdata_path(self) -> Path:
        return self.pgdata if self.pgdata is not None else self.data_dir / "pgdata"

    @field_validator("cors_origins", "replica_urls", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
