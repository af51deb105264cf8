"""The printable announcement list (公示表) for the village notice board: CSV and .xlsx.

It carries the ledger's chain head as last sealed by the server's background task (sequence,
hash and sealing time; a read never seals) and, per holder, the short code of their statement
(``balances.statement_digest_codes``, over the whole history, which needs no sealing): a
villager compares the code in their app with the one on the board, and the chain head with the
one published by the county, without anyone's balance being printed. A list costs a fixed
number of statements, however many holders it names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank import queries
from governance.bank.balances import statement_digest_codes
from governance.bank.models import Application, Holder, Objection, Rule, RuleVersion, Scheme
from governance.bank.print_layout import status_word, workbook_bytes
from governance.regions import repository as regions_repository
from kit.clock import COUNTY_TIME_ZONE

HEADER = ("序号", "户/姓名", "户号", "细则", "事项", "积分", "状态", "异议", "账户核对码")
STATUS_COLUMN = HEADER.index("状态")


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    preamble: list[tuple[str, str]]
    rows: list[tuple[object, ...]]


async def announcement_sheet(
    session: AsyncSession, viewer: Viewer, announcement_id: int
) -> Sheet | None:
    """The list of one announcement if ``viewer`` may see it (scoped like the announcement)."""
    found = await queries.announcements(session, viewer, [announcement_id])
    announcement = found.get(announcement_id)
    if announcement is None:
        return None
    scheme = await session.get(Scheme, announcement.scheme_id)
    assert scheme is not None
    [village] = await regions_repository.by_codes(session, [announcement.region_code])
    head = await ledger.chain_head(session)
    preamble = [
        ("方案", scheme.name),
        ("村（社区）", f"{village.name} {village.code}"),
        ("公示期", f"{_local(announcement.opens_at)} — {_local(announcement.closes_at)}"),
        ("账本链头序号", str(head.sequence)),
        ("账本链头哈希", head.hash_hex),
        ("链头封存时间", _local(head.sealed_at) if head.sealed_at else ""),
    ]
    rows = await _rows(session, scheme, announcement.id)
    return Sheet(f"积分公示 {village.name}", preamble, rows)


def _local(instant: dt.datetime) -> str:
    return instant.astimezone(COUNTY_TIME_ZONE).strftime("%Y-%m-%d %H:%M")


async def _rows(
    session: AsyncSession, scheme: Scheme, announcement_id: int
) -> list[tuple[object, ...]]:
    statement = (
        select(Application, Holder, Rule.code, RuleVersion.title)
        .join(Holder, Holder.id == Application.holder_id)
        .join(Rule, Rule.id == Application.rule_id)
        # The title as the entry was proposed under (a later version does not rewrite it).
        .join(RuleVersion, RuleVersion.id == Application.rule_version_id)
        .where(Application.announcement_id == announcement_id)
        .order_by(Application.id)
    )
    found = (await session.execute(statement)).all()
    names = await queries.holder_names(session, [holder for _a, holder, _c, _t in found])
    objected = set(
        (
            await session.execute(
                select(Objection.application_id).where(
                    Objection.application_id.in_([a.id for a, _h, _c, _t in found])
                )
            )
        ).scalars()
    )
    codes = await statement_digest_codes(
        session, sorted({holder.points_account_id for _a, holder, _c, _t in found})
    )
    rows: list[tuple[object, ...]] = []
    for number, (application, holder, rule_code, title) in enumerate(found, start=1):
        name, household_number = names.get(holder.id, ("", ""))
        sign = (
            application.points_applied
            if application.points > 0
            else -(application.points_applied or 0)
        )
        rows.append((
            number, queries.display_name(scheme.name_display, name, household_number),
            household_number, rule_code, title, sign, application.status.value,
            "有" if application.id in objected else "", codes[holder.points_account_id],
        ))  # fmt: skip
    return rows


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs show the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in sheet.preamble:
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(HEADER)
    writer.writerows(printed_rows(sheet))
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(sheet: Sheet) -> bytes:
    """One A4 sheet ready to print (see ``print_layout``)."""
    return workbook_bytes(sheet.title, sheet.preamble, HEADER, printed_rows(sheet))


def printed_rows(sheet: Sheet) -> list[tuple[object, ...]]:
    """The rows as the notice board shows them: statuses in Chinese."""
    return [
        (*row[:STATUS_COLUMN], status_word(row[STATUS_COLUMN]), *row[STATUS_COLUMN + 1 :])
        for row in sheet.rows
    ]
