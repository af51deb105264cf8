"""Goal: the volunteer certificate prints as shown on any machine: its font is embedded in the
PDF, and the activities table stays inside the page's margins however long its texts are.

Method: the builder on a hand-made service record (no database): the table wrapped at the
document's text width, and the rendered PDF's bytes searched for the embedded font file
(``/FontFile2``, a TrueType subset) and for the CID font it replaced.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from governance.volunteering.certificate import (
    EMBEDDED_FONT_FILE,
    MARGIN,
    CertificateText,
    _styles,
    render,
    service_table,
)
from governance.volunteering.models import ActivityCategory
from governance.volunteering.service import ServiceEntry, ServiceRecord

TEXT_WIDTH = A4[0] - 2 * MARGIN


def _record(title: str, organizer: str, entries: int = 3) -> ServiceRecord:
    starts_at = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)
    return ServiceRecord(
        person_id=1,
        person_name="王<伟>",
        entries=[
            ServiceEntry(title, ActivityCategory.EMPTY_NEST_ELDERS, "130826100201", starts_at,
                         organizer, 90)
            for _ in range(entries)
        ],
    )  # fmt: skip


def test_table_fits_the_margins_however_long_the_texts() -> None:
    title = "为村里的空巢老人打扫院子、修理门窗、代购药品并陪同就医" * 4
    organizer = "丰宁满族自治县新丰路街道花石社区新时代文明实践站志愿服务队 & 党员先锋队"
    _, _, cell = _styles()
    table = service_table(_record(title, organizer), TEXT_WIDTH, cell)
    width, height = table.wrap(TEXT_WIDTH, A4[1])
    assert width <= TEXT_WIDTH + 0.01
    assert 15 * mm <= MARGIN
    short = service_table(_record("巡逻", "村委会"), TEXT_WIDTH, cell)
    assert height > short.wrap(TEXT_WIDTH, A4[1])[1], "long texts wrap instead of widening"


def test_the_font_is_embedded() -> None:
    assert EMBEDDED_FONT_FILE.is_file(), "install fonts-wqy-zenhei (README: Prerequisites)"
    text = CertificateText("FN-2026-000001", "花石社区管理员", "2026-11-25", "花石社区")
    pdf = render(_record("邻里守望", "花石社区"), text)
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf
    assert b"WenQuanYiZenHei" in pdf
    assert b"STSong-Light" not in pdf
