"""``grassroots documents …``: register the frontends' GraphQL documents (trusted documents)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from graphql import GraphQLError, OperationDefinitionNode, parse, specified_rules
from rich.console import Console
from strawberry.schema.schema import validate_document

from api.extensions.hardening import LIMIT_RULES
from api.schema import schema
from governance import documents
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.operator_errors import OperatorError
from kit.settings import get_settings
from migrations import upgrade_to_head

documents_app = typer.Typer(
    help="Trusted documents: the frontends' GraphQL operations, run by `documentId`."
)
console = Console()


@documents_app.command("register")
def register_command(
    files: list[Path] = typer.Argument(  # noqa: B008
        ..., help="`.graphql` files (one document each) or JSON manifests {hash: document}."
    ),
) -> None:
    """Register documents: each must parse and validate against the schema; a manifest's hashes
    must be the SHA-256 of their documents. Documents already registered stay as they are."""
    found: dict[str, str] = {}
    for file in files:
        found |= _read(file)
    for document_id, text in found.items():
        _check(document_id, text)
    try:
        documents.check_sizes(found)
    except documents.DocumentProblem as problem:
        raise OperatorError(str(problem)) from None
    url = resolve_database_url(get_settings())
    upgrade_to_head(url)
    registered = asyncio.run(_register(url, found))
    new = sum(entry.new for entry in registered)
    for entry in registered:
        console.print(f"{entry.document_id}  {'registered' if entry.new else 'known'}")
    console.print(f"[green]{new} registered, {len(registered) - new} already known[/green]")


@documents_app.command("list")
def list_command() -> None:
    """The registered documents: identifier, when registered, and the operations each holds."""
    url = resolve_database_url(get_settings())
    upgrade_to_head(url)
    rows = asyncio.run(_listed(url))
    # One line each, never wrapped: identifiers are copied from here.
    for row in rows:
        registered = f"{row.registered_at:%Y-%m-%d %H:%M}"
        console.print(f"{row.document_id}  {registered}  {_operations(row)}", soft_wrap=True)
    console.print(f"[green]{len(rows)} documents registered[/green]")


def _read(file: Path) -> dict[str, str]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OperatorError(f"{file}: cannot read it as UTF-8 ({error}).") from None
    if file.suffix != ".json":
        return {documents.document_id_of(text): text}
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise OperatorError(f"{file}: not JSON ({error}).") from None
    if not isinstance(manifest, dict):
        raise OperatorError(f'{file}: a manifest is an object {{"<sha256 hex>": "<document>"}}.')
    try:
        return documents.from_manifest(manifest)
    except documents.DocumentProblem as problem:
        raise OperatorError(f"{file}: {problem}") from None


def _check(document_id: str, text: str) -> None:
    try:
        errors = validate_document(schema._schema, parse(text), (*specified_rules, *LIMIT_RULES))
    except GraphQLError as error:
        errors = [error]
    if errors:
        raise OperatorError(f"{document_id}: {errors[0].message}")


def _operations(row: documents.TrustedDocument) -> str:
    names = [
        f"{definition.operation.value} {definition.name.value if definition.name else '-'}"
        for definition in parse(row.document).definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    return ", ".join(names)


async def _register(url: str, found: dict[str, str]) -> list[documents.Registered]:
    engine = create_engine(url, get_settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return await documents.register(session, found)
    finally:
        await engine.dispose()


async def _listed(url: str) -> list[documents.TrustedDocument]:
    engine = create_engine(url, get_settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return list(await documents.listed(session))
    finally:
        await engine.dispose()
