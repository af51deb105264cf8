"""Every mutation field is audited: a field extension notes its outcome and targets, and the
HTTP view writes the notes to ``audit_log`` when the request's unit of work ends.

``audit_every_mutation`` attaches the extension to every field of the root Mutation type when
the schema is built, so a new mutation cannot forget it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types.base import get_object_definition

from governance.access.audit import MutationRecord
from governance.access.models import Outcome


@dataclass
class AuditTrail:
    """Notes of one request's mutations, by response key (alias or field name)."""

    records: list[MutationRecord] = field(default_factory=list)
    _targets: dict[str, list[str]] = field(default_factory=dict)

    def target(self, info: Any, *target_ids: str) -> None:
        """Name what the current mutation acts on, e.g. ``"user:12"``."""
        self._targets.setdefault(_root_key(info), []).extend(target_ids)

    def note(self, info: Any, outcome: Outcome) -> None:
        operation = info.operation.name.value if info.operation.name else None
        targets = tuple(self._targets.pop(_root_key(info), ()))
        self.records.append(MutationRecord(info.field_name, operation, targets, outcome))

    def rolled_back(self) -> None:
        """The request's writes were undone: nothing it did succeeded."""
        self.records = [
            MutationRecord(r.operation, r.operation_name, r.target_ids, Outcome.ERROR)
            if r.outcome is Outcome.OK
            else r
            for r in self.records
        ]

    @property
    def failed(self) -> bool:
        return any(record.outcome is Outcome.ERROR for record in self.records)


def _root_key(info: Any) -> str:
    path = info.path
    while path.prev is not None:
        path = path.prev
    return str(path.key)


class Audited(FieldExtension):
    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        trail: AuditTrail = info.context.audit
        try:
            payload = next_(source, info, **kwargs)
        except Exception:
            trail.note(info, Outcome.ERROR)
            raise
        trail.note(info, _outcome_of(payload))
        return payload

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        trail: AuditTrail = info.context.audit
        try:
            payload = await next_(source, info, **kwargs)
        except Exception:
            trail.note(info, Outcome.ERROR)
            raise
        trail.note(info, _outcome_of(payload))
        return payload


def _outcome_of(payload: Any) -> Outcome:
    """A payload with user errors was refused; read from the object, not from what the client
    selected, so leaving ``userErrors`` out of a query cannot hide a refusal."""
    return Outcome.REJECTED if getattr(payload, "user_errors", None) else Outcome.OK


def audit_every_mutation(mutation_type: type) -> type:
    definition = get_object_definition(mutation_type, strict=True)
    for mutation_field in definition.fields:
        if not any(isinstance(e, Audited) for e in mutation_field.extensions):
            mutation_field.extensions.append(Audited())
    return mutation_type
