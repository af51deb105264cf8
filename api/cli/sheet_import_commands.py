"""``grassroots import sheet TABLE FILE --as USER`` and ``grassroots import template TABLE``.

The command line's door to the master-table imports that ``POST /imports/{table}`` serves:
the same importer, run as the named user (their scope and rules apply), all or nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from governance.access.audit import MutationRecord, record_mutations
from governance.access.models import Outcome
from governance.access.repository import grants_of, user_by_username
from governance.access.service import normalize_username, viewer_of
from governance.imports.registry import IMPORTERS
from governance.imports.runner import Importer, ImportReport
from governance.imports.template import template_xlsx
from governance.people.roster import RosterRejected
from governance.people.roster_files import RosterUnreadable, Row, read_roster
from kit.clock import SystemClock
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

TABLES = ", ".join(sorted(IMPORTERS))
console = Console(stderr=True)


def _importer(table: str) -> Importer:
    importer = IMPORTERS.get(table)
    if importer is None:
        raise typer.BadParameter(f"no table {table!r}; the tables are: {TABLES}")
    return importer


def template_command(
    table: Annotated[str, typer.Argument(help=f"The table: {TABLES}.")],
    out: Annotated[Path | None, typer.Option(help="Where to write it (TABLE.xlsx).")] = None,
) -> None:
    """Write the blank .xlsx template of a master table (Chinese headers, a notes sheet)."""
    importer = _importer(table)
    path = out or Path(f"{importer.sheet.name}.xlsx")
    path.write_bytes(template_xlsx(importer.sheet))
    console.print(f"template of {importer.sheet.title} written to {path}", markup=False)


def sheet_command(
    table: Annotated[str, typer.Argument(help=f"The table: {TABLES}.")],
    path: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="The filled template (.xlsx or .csv)."),
    ],
    *,
    acting: Annotated[
        str, typer.Option("--as", help="The user importing: their scope and rules apply.")
    ],
    dry_run: Annotated[
        bool, typer.Option(help="Check every row against the database, then write nothing.")
    ] = False,
) -> None:
    """Import a master table; a file with any bad row writes nothing."""
    importer = _importer(table)
    try:
        rows = read_roster(path, importer.sheet.check_header)
        settings = get_settings()
        url = resolve_database_url(settings)
        upgrade_to_head(url)
        report = asyncio.run(_run(url, settings, importer, acting, rows, dry_run=dry_run))
    except RosterUnreadable as unreadable:
        typer.echo(str(unreadable), err=True)
        raise typer.Exit(code=1) from None
    except RosterRejected as rejected:
        console.print(str(rejected), style="red", markup=False)
        raise typer.Exit(code=1) from None
    counts = ", ".join(f"{n} {outcome.value.lower()}" for outcome, n in report.counts().items())
    verb = "valid, not written (dry run)" if dry_run else "imported"
    console.print(f"{verb}: {importer.sheet.title}: {counts}", markup=False)


async def _run(
    url: str, settings: Settings, importer: Importer, acting: str, rows: list[Row], *,
    dry_run: bool,
) -> ImportReport:  # fmt: skip
    engine = create_engine(url, settings)
    factory = create_session_factory(engine)
    try:
        async with session_scope(factory) as session:
            user = await user_by_username(session, normalize_username(acting))
            if user is None or not user.active:
                raise typer.BadParameter(f"no active user {acting!r}", param_hint="--as")
            viewer = viewer_of(user, 0, await grants_of(session, user.id))
        outcome = Outcome.REJECTED
        try:
            async with session_scope(factory) as session:
                report = await importer.run(session, viewer, rows, SystemClock().now())
                if dry_run:
                    await session.rollback()
                outcome = Outcome.OK
        finally:
            if not dry_run:
                async with session_scope(factory) as session:
                    record = MutationRecord(f"import:{importer.sheet.name}", None, (), outcome)
                    request_id = f"cli-{uuid.uuid4().hex}"
                    await record_mutations(
                        session, viewer, [record], request_id=request_id, client_address=None
                    )
        return report
    finally:
        await engine.dispose()
