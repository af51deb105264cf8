"""Goal: ``grassroots documents register`` stores `.graphql` files and JSON manifests by their
SHA-256 identifier, again harmlessly, and ``list`` shows them; a document that does not validate
against the schema or a manifest hash that is not its document's is refused with one line and
status 2, and nothing is registered.

Method: a fresh migrated database given to the CLI through GRASSROOTS_DATABASE_URL; typer's
runner; the identifiers computed here independently with hashlib.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from kit.database import with_database
from kit.settings import get_settings
from tests.support import databases

REGION = '{ regionByCode(code: "130826") { name } }'
NAMED = 'query Levels { regionByCode(code: "130826") { level } }'


@pytest.fixture
def cli_database(
    pg_url: str, migrated_template: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    name = databases.create_database_from(pg_url, migrated_template, prefix="cli_")
    url = with_database(pg_url, name)
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    databases.drop_database(pg_url, name)


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_register_and_list(cli_database: str, tmp_path: Path) -> None:
    file = tmp_path / "region.graphql"
    file.write_text(REGION, encoding="utf-8")
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({_hex(NAMED): NAMED}), encoding="utf-8")
    runner = CliRunner()

    first = runner.invoke(app, ["documents", "register", str(file), str(manifest)])
    assert first.exit_code == 0, first.output
    assert "2 registered, 0 already known" in first.output
    again = runner.invoke(app, ["documents", "register", str(manifest)])
    assert "0 registered, 1 already known" in again.output

    listed = runner.invoke(app, ["documents", "list"], terminal_width=200)
    assert listed.exit_code == 0, listed.output
    assert f"sha256:{_hex(REGION)}" in listed.output
    assert f"sha256:{_hex(NAMED)}" in listed.output
    assert "query Levels" in listed.output


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('{ regionByCode(code: "130826") { noSuchField } }', ".graphql", "noSuchField"),
        ("{ regionByCode(", ".graphql", "Syntax Error"),
        (json.dumps({_hex("other"): REGION}), ".json", "not the SHA-256"),
    ],
)
def test_bad_documents_are_refused(
    cli_database: str, tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    file = tmp_path / f"bad{suffix}"
    file.write_text(content, encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["documents", "register", str(file)])
    assert refused.exit_code == 2, refused.output
    assert message in refused.output
    listed = runner.invoke(app, ["documents", "list"], terminal_width=200)
    assert "sha256:" not in listed.output
