"""Goal: the committed schema.graphql is exactly what the code exports (frontends read it).

Method: print the live schema and compare it with the file at the repository root.
"""

from __future__ import annotations

from pathlib import Path

from api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_is_current() -> None:
    exported = schema.as_str() + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == exported, (
        "schema.graphql is stale: run `grassroots export-schema > schema.graphql` and review the diff"
    )
