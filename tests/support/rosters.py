"""Writing generated rosters as village offices would (CSV with Chinese headers, or .xlsx)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from governance.people.demo import village_plans
from governance.people.generator import generate_residents
from governance.people.records import ResidentRecord
from governance.people.roster import RELATIONS, TAG_LABELS

HEADER = [
    "户号",
    "村代码",
    "网格代码",
    "地址",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "电话",
    "与户主关系",
    "标签",
]
RELATION_LABELS = {relation: label for label, relation in RELATIONS.items()}
TAG_NAMES = {tag: label for label, tag in TAG_LABELS.items()}
TODAY = dt.date(2026, 11, 25)


async def generated_records(
    session: AsyncSession, rows: int, seed: int = 7, prefix: str = "R"
) -> list[ResidentRecord]:
    """``rows`` residents (whole households first) over Fengning, numbered apart from the demo."""
    plans = await village_plans(session, "130826")
    scale = min(1.0, rows / 400_000 * 1.6)
    records = generate_residents(plans, scale, seed, TODAY)[:rows]
    assert len(records) == rows
    return [_renumbered(record, prefix) for record in records]


def _renumbered(record: ResidentRecord, prefix: str) -> ResidentRecord:

    return replace(record, household_number=prefix + record.household_number)


def cells(record: ResidentRecord) -> list[str]:
    grid = record.region_code if len(record.region_code) == 15 else ""
    return [
        record.household_number,
        record.region_code[:12],
        grid,
        record.address or "",
        record.name,
        "男" if record.gender.value == "MALE" else "女",
        record.birth_date.isoformat(),
        record.id_card_number,
        record.phone or "",
        RELATION_LABELS[record.relation_to_head],
        "、".join(TAG_NAMES[tag] for tag in record.tags),
    ]


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[str]]) -> Path:

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
