"""The audit trail of mutations: one append-only row per executed mutation field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.models import Outcome
from governance.access.principal import Viewer

TARGET_IDS_MAX = 100
TARGET_ID_LENGTH_MAX = 100


@dataclass(frozen=True, slots=True)
class MutationRecord:
    operation: str
    operation_name: str | None
    target_ids: tuple[str, ...]
    outcome: Outcome


async def record_mutations(
    session: AsyncSession,
    viewer: Viewer,
    records: Sequence[MutationRecord],
    *,
    request_id: str,
    client_address: str | None,
) -> None:
    entries = [
        (
            viewer.user_id,
            record.operation[:100],
            record.operation_name[:100] if record.operation_name else None,
            [target[:TARGET_ID_LENGTH_MAX] for target in record.target_ids][:TARGET_IDS_MAX],
            record.outcome.value,
            request_id[:64],
            client_address[:64] if client_address else None,
        )
        for record in records
    ]
    await repository.insert_audit_entries(session, entries)
