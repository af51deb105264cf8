"""``grassroots import …``: bulk imports of the rosters village offices keep."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from api.cli.sheet_import_commands import sheet_command
from governance.access.passwords import Passwords
from governance.access.repository import grants_of, user_by_username
from governance.access.service import normalize_username, viewer_of
from governance.access.staff_roster import StaffAccount, import_staff, staff_columns
from governance.bank.print_layout import workbook_bytes
from governance.people.roster import RosterRejected
from governance.people.roster_files import RosterUnreadable, Row, read_roster
from governance.people.service import WriteCounts, import_roster
from kit.clock import SystemClock, local_day
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

import_app = typer.Typer(
    help="Import rosters (CSV or .xlsx). A file with any bad row is rejected whole.",
    no_args_is_help=True,
)
console = Console(stderr=True)


@import_app.command("people")
def import_people(
    path: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help=(
                "Roster (.csv in UTF-8 or GBK/GB18030, or .xlsx), one person per row. "
                "Columns (English or Chinese): "
                "household_number/户号, village_code/村代码, grid_code/网格代码 (optional), "
                "address/地址 (optional), name/姓名, gender/性别, birth_date/出生日期, "
                "id_card_number/身份证号, phone/电话 (optional), relation_to_head/与户主关系, "
                "tags/标签 (optional, separated by ; or 、)."
            ),
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option(help="Validate every row against the database, then write nothing.")
    ] = False,
    acting: Annotated[
        str | None,
        typer.Option(
            "--as",
            help=(
                "Import as this user, as an upsert keyed by ID-card number: new people "
                "registered, recorded ones corrected or ended (注销日期, 注销原因), in the "
                "user's scope. Without it: a first load of new people only (bulk)."
            ),
        ),
    ] = None,
) -> None:
    """Import residents and their households; validates every row before writing any."""
    if acting is not None:
        sheet_command("people", path, acting=acting, dry_run=dry_run)
        return
    started = time.monotonic()
    try:
        rows = read_roster(path)  # a file that is no roster is refused before the database
        settings = get_settings()
        url = resolve_database_url(settings)
        upgrade_to_head(url)
        counts = asyncio.run(import_rows(url, settings, path.name, rows, dry_run=dry_run))
    except RosterUnreadable as unreadable:
        typer.echo(str(unreadable), err=True)
        raise typer.Exit(code=1) from None
    except RosterRejected as rejected:
        console.print(f"[red]{rejected}[/red]")
        raise typer.Exit(code=1) from None
    elapsed = time.monotonic() - started
    verb = (
        "[yellow]valid, not written (dry run)[/yellow]:" if dry_run else "[green]imported[/green]"
    )
    console.print(
        f"{verb} {counts.persons} persons in {counts.households} new households in {elapsed:.1f} s"
    )


async def import_people_file(
    url: str, settings: Settings, path: Path, *, dry_run: bool = False
) -> WriteCounts:
    """Read, validate and write ``path`` in one transaction (nothing written on rejection).

    ``dry_run`` goes all the way (constraints included) and then rolls back.
    """
    return await import_rows(url, settings, path.name, read_roster(path), dry_run=dry_run)


async def import_rows(
    url: str, settings: Settings, name: str, rows: list[Row], *, dry_run: bool = False
) -> WriteCounts:
    """Validate and write rows already read from the file called ``name``."""
    today = local_day(SystemClock().now())
    engine = create_engine(url, settings)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"importing {name}", total=len(rows))
            async with session_scope(create_session_factory(engine)) as session:
                counts = await import_roster(
                    session, rows, today, lambda done: progress.advance(task, done)
                )
                if dry_run:
                    await session.rollback()
                return counts
    finally:
        await engine.dispose()


STAFF_SHEET_HEADER = ("姓名", "用户名", "一次性密码", "角色", "区划代码")


@import_app.command("staff")
def import_staff_command(
    path: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help=(
                "Staff roster (.xlsx, or .csv in UTF-8 or GBK/GB18030), one account per row. "
                "Columns (English or Chinese): name/姓名, id_card_number/身份证号, role/角色 "
                "(e.g. VILLAGE_ADMIN or 村管理员), region_code/区划代码, username/用户名 "
                "(optional; else region code and a number)."
            ),
        ),
    ],
    *,
    acting: Annotated[
        str,
        typer.Option(
            "--as", help="The administrator importing: their grant rules and scope apply."
        ),
    ],
    codes_out: Annotated[
        Path | None,
        typer.Option(help="Where to write the printable sheet of one-time codes (.xlsx)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Check every row against the database, then write nothing.")
    ] = False,
) -> None:
    """Create staff accounts with one-time codes; a file with any bad row creates none."""
    if not dry_run and codes_out is None:
        raise typer.BadParameter(
            "give --codes-out for the sheet of codes", param_hint="--codes-out"
        )
    try:
        rows = read_roster(path, staff_columns)
        settings = get_settings()
        url = resolve_database_url(settings)
        upgrade_to_head(url)
        created = asyncio.run(_import_staff(url, settings, acting, rows, dry_run=dry_run))
    except RosterUnreadable as unreadable:
        typer.echo(str(unreadable), err=True)
        raise typer.Exit(code=1) from None
    except RosterRejected as rejected:
        console.print(str(rejected), style="red", markup=False)
        raise typer.Exit(code=1) from None
    if dry_run:
        for account in created:
            console.print(
                f"row {account.row_number}: {account.username} {account.role.value} "
                f"{account.region_code} {account.name}",
                markup=False,
            )
        console.print(f"valid, not written (dry run): {len(created)} accounts", markup=False)
        return
    assert codes_out is not None
    codes_out.write_bytes(staff_sheet(created))
    console.print(f"created {len(created)} accounts; codes in {codes_out}", markup=False)


def staff_sheet(accounts: list[StaffAccount]) -> bytes:
    """The sheet the township prints and cuts up: A4, titled, the header on every page."""
    rows = [(a.name, a.username, a.one_time_code, a.role.value, a.region_code) for a in accounts]
    preamble = [("说明", "首次登录后须修改密码；一次性密码只显示这一次。")]
    return workbook_bytes("账号开通单", preamble, STAFF_SHEET_HEADER, rows, sheet_name="账号")


async def _import_staff(
    url: str, settings: Settings, acting: str, rows: list[Row], *, dry_run: bool
) -> list[StaffAccount]:
    today = local_day(SystemClock().now())
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            admin = await user_by_username(session, normalize_username(acting))
            if admin is None or not admin.active:
                raise typer.BadParameter(f"no active user {acting!r}", param_hint="--as")
            viewer = viewer_of(admin, 0, await grants_of(session, admin.id))
            created = await import_staff(
                session, Passwords.from_settings(settings), viewer, rows, today
            )
            if dry_run:
                await session.rollback()
            return created
    finally:
        await engine.dispose()
