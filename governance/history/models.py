"""``record_history``: who changed which master-data row, when, from what to what.

One table for every kind of record (persons, households, institutions, the bank's catalog), so
"what happened to this row" is one indexed read and the rule for writing it lives in one
place (``governance.history.service``). Append-only, like the logs (migration 0013).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from governance.columns import enum_type, region_code_column
from kit.models import Base

ENTITY_LENGTH_MAX = 40
REASON_LENGTH_MAX = 500


class ChangeAction(enum.StrEnum):
    CREATED = "CREATED"
    CHANGED = "CHANGED"
    ENDED = "ENDED"
    REOPENED = "REOPENED"


class RecordChange(Base):
    __tablename__ = "record_history"
    __table_args__ = (
        Index("ix_record_history_entity_entity_id_version", "entity", "entity_id", "version"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    entity: Mapped[str] = mapped_column(
        String(ENTITY_LENGTH_MAX), comment="Kind of record, e.g. person, household"
    )
    entity_id: Mapped[int] = mapped_column(BigInteger, comment="The record's id in its table")
    region_code: Mapped[str] = region_code_column("The record's region once changed")
    version: Mapped[int] = mapped_column(Integer, comment="The version this change made")
    action: Mapped[ChangeAction] = mapped_column(enum_type(ChangeAction, "change_action"))
    changes: Mapped[dict[str, Any]] = mapped_column(
        JSONB, comment='{"field": {"from": old, "to": new}}; identifiers masked'
    )
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="RESTRICT"), comment="Null: a system import"
    )
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
