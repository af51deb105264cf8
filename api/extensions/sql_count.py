"""``extensions.sql.statements``: how many SQL statements a request ran (GRASSROOTS_DEBUG_SQL=1).

Counting happens in ``kit.statement_counter``; this extension only reports it.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class SqlStatementCount(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        counter = getattr(self.execution_context.context, "statement_counter", None)
        if counter is None:
            return {}
        return {"sql": {"statements": counter.count}}
