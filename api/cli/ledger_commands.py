"""``grassroots ledger …``: check the ledger and print its chain head."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from governance.bank import repository as bank_repository
from governance.bank.models import SetAsideEntry
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import get_settings
from migrations import upgrade_to_head

ledger_app = typer.Typer(help="The points ledger: verify it, publish its chain head.")
console = Console()
SET_ASIDE_SHOWN_MAX = 1_000


def _database_url() -> str:
    url = resolve_database_url(get_settings())
    upgrade_to_head(url)
    return url


async def _seal_all(factory: async_sessionmaker[AsyncSession]) -> None:
    """Link every committed transfer, one sealing transaction at a time."""
    while True:
        async with session_scope(factory) as session:
            if (await ledger.seal(session)).linked == 0:
                return


async def _verify(url: str) -> tuple[ledger.VerifyReport, Sequence[SetAsideEntry]]:
    engine = create_engine(url, get_settings().model_copy(update={"statement_timeout_ms": 0}))
    try:
        await _seal_all(create_session_factory(engine))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("verifying transfers", total=None)
            async with session_scope(create_session_factory(engine)) as session:
                report = await ledger.verify(
                    session, lambda checked: progress.update(task, completed=checked)
                )
                aside = await bank_repository.all_set_aside_entries(session, SET_ASIDE_SHOWN_MAX)
        return report, aside
    finally:
        await engine.dispose()


@ledger_app.command("verify")
def verify() -> None:
    """Seal, then recompute digests, the hash chain, conservation and every stored balance;
    name the bank entries settlement set aside (the ledger is consistent; staff must act)."""
    report, aside = asyncio.run(_verify(_database_url()))
    for violation in report.violations:
        console.print(f"[red]{violation}[/red]", highlight=False)
    for entry in aside:
        console.print(
            f"[yellow]set aside: application {entry.application_id} in {entry.region_code}, "
            f"{entry.reason} since {entry.set_aside_at.isoformat()}[/yellow]",
            highlight=False,
        )
    summary = (
        f"{report.transfers_checked:,} transfers, {report.links_checked:,} chain links, "
        f"{report.accounts_checked:,} accounts"
    )
    if aside:
        summary += f"; {len(aside)} bank entries set aside (bankHealth)"
    if not report.ok:
        console.print(f"[red]{len(report.violations)} violation(s)[/red] in {summary}")
        raise typer.Exit(code=1)
    console.print(f"[green]ledger verified[/green]: {summary}")


async def _head(url: str) -> ledger.ChainHead:
    engine = create_engine(url, get_settings())
    try:
        factory = create_session_factory(engine)
        await _seal_all(factory)
        async with session_scope(factory) as session:
            return await ledger.chain_head(session)
    finally:
        await engine.dispose()


@ledger_app.command("head")
def head() -> None:
    """Seal committed transfers, then print the chain head (sequence, SHA-256, sealing time)."""
    chain_head = asyncio.run(_head(_database_url()))
    sealed = chain_head.sealed_at.isoformat() if chain_head.sealed_at else "-"
    console.print(f"{chain_head.sequence} {chain_head.hash_hex} {sealed}", highlight=False)
