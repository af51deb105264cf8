"""Goal: only ``kit/driver.py`` touches SQLAlchemy's private asyncpg adapter attributes.

Method: parse every Python module of the project and list the attribute accesses that reach
through the adapter to the driver or its transaction state; any outside ``kit/driver.py`` fails.
A second path to the driver would skip the transaction begin and the statement counter.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "bench", "governance", "kit", "ledger", "migrations", "tests")
FENCED_MODULE = Path("kit/driver.py")
ADAPTER_ATTRIBUTES = frozenset(
    {
        "get_raw_connection",
        "dbapi_connection",
        "driver_connection",
        "_connection",
        "_transaction",
        "_start_transaction",
        "run_async",
    }
)


def adapter_accesses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ADAPTER_ATTRIBUTES
    ]


def project_modules() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def test_only_kit_driver_touches_the_adapter() -> None:
    outside = [
        access
        for path in project_modules()
        if path.relative_to(ROOT) != FENCED_MODULE
        for access in adapter_accesses(path)
    ]
    assert outside == []


def test_the_scan_sees_the_fenced_module() -> None:
    assert adapter_accesses(ROOT / FENCED_MODULE), "the scan must find kit/driver.py's accesses"
