"""Goal: the API layer builds no SQL of its own, so every read a resolver makes goes through
the governance layer, where ``governance.listing`` applies the viewer's read rules.

Method: parse every module of ``api`` (the CLI and the readiness probe excepted: they are not
resolvers) and look for statement builders imported from SQLAlchemy or sessions executing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import api

API_ROOT = Path(api.__file__).parent
EXEMPT = {API_ROOT / "http" / "health.py"}
BUILDERS = {"select", "text", "insert", "update", "delete", "union", "exists"}
EXECUTING = {"execute", "scalar", "scalars", "get", "stream"}


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(API_ROOT.rglob("*.py"))
        if path not in EXEMPT and "cli" not in path.relative_to(API_ROOT).parts
    ]


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [f"imports {alias.name}" for alias in node.names if alias.name in BUILDERS]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in EXECUTING
            and isinstance(node.value, ast.Name)
            and node.value.id == "session"
        ):
            found.append(f"session.{node.attr}")
    return found


def test_resolvers_read_only_through_the_governance_layer() -> None:
    offences = {str(path): found for path in _modules() if (found := _offences(path))}
    assert offences == {}
