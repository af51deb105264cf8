"""The printable announcement list (公示表) for the village notice board: CSV and .xlsx.

It carries the ledger's chain head as last sealed by the server's background task (sequence,
hash and sealing time; a read never seals) and, per holder, the notice code of their entries of
this announcement (``notice_codes``; still valid after the holder spends): a villager checks
the code on the public verification page, or compares it with the one in their app, and the
chain head with the one published by the county, without anyone's balance being printed. The
same lines make the public HTML notice (``governance.bank.notice``). A list costs a fixed
number of statements, however many holders it names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.bank import notice
from governance.bank.print_layout import status_word, workbook_bytes
from kit.clock import COUNTY_TIME_ZONE

HEADER = ("序号", "户/姓名", "户号", "细则", "事项", "积分", "状态", "异议", "公示核对码")
STATUS_COLUMN = HEADER.index("状态")


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    preamble: list[tuple[str, str]]
    rows: list[tuple[object, ...]]


async def announcement_sheet(
    session: AsyncSession, viewer: Viewer, announcement_id: int
) -> Sheet | None:
    """The list of one announcement if ``viewer`` may see it (its read rule: public notice)."""
    found = await notice.notice(session, viewer, announcement_id)
    if found is None:
        return None
    head, village = found.chain_head, found.village
    preamble = [
        ("方案", found.scheme.name),
        ("村（社区）", f"{village.name} {village.code}"),
        ("公示期", f"{local_time(found.announcement.opens_at)} — "
                   f"{local_time(found.announcement.closes_at)}"),
        ("账本链头序号", str(head.sequence)),
        ("账本链头哈希", head.hash_hex),
        ("链头封存时间", local_time(head.sealed_at) if head.sealed_at else ""),
    ]  # fmt: skip
    rows = [_row(number, line) for number, line in enumerate(found.lines, start=1)]
    return Sheet(f"积分公示 {village.name}", preamble, rows)


def local_time(instant: dt.datetime) -> str:
    """An instant as the county's clocks show it, to the minute."""
    return instant.astimezone(COUNTY_TIME_ZONE).strftime("%Y-%m-%d %H:%M")


def _row(number: int, line: notice.NoticeLine) -> tuple[object, ...]:
    return (
        number, line.display_name, line.household_number, line.rule_code, line.rule_title,
        line.points, line.status.value, "有" if line.objected else "", line.code,
    )  # fmt: skip


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
