"""Configuration from the environment (prefix ``GRASSROOTS_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    pool_size: int = 10
    pool_overflow_max: int = 10
    statement_timeout_ms: int = 15_000
    lock_timeout_ms: int = 5_000
    idle_in_transaction_timeout_ms: int = 30_000

    graphiql: bool = True
    production: bool = False
    debug_sql: bool = False
    request_body_bytes_max: int = 1_000_000

    @property
    def pgdata_path(self) -> Path:
        return self.pgdata if self.pgdata is not None else self.data_dir / "pgdata"


@lru_cache
def get_settings() -> Settings:
    return Settings()
