"""Goal: the institutions' master tables (governance centers, service facilities, social
organizations, mediators) import from .xlsx as upserts through their mutations' own checks: a
dry run writes nothing, an import creates (NEW), the same file again changes nothing
(UNCHANGED), a changed cell corrects (CHANGED), an end date ends (ENDED), any bad row rejects the
whole file naming its row and Chinese column, and rows outside the uploader's regions are refused.

Method: the real ASGI app over the tiny demo, as 新丰路街道's township admin; sheets written with
openpyxl from each ``Sheet``'s headers; the database read back after each upload, and
fingerprinted around dry runs and rejected files.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from governance.centers.models import GovernanceCenter
from governance.facilities.models import FacilityKind, ServiceFacility
from governance.imports.centers import CENTERS
from governance.imports.facilities import FACILITIES
from governance.imports.mediators import MEDIATORS
from governance.imports.organizations import ORGANIZATIONS
from governance.imports.sheets import Sheet
from governance.mediation.models import MediationCommittee, Mediator, MediatorRole
from governance.organizations.models import OrganizationStatus, SocialOrganization
from governance.people.models import Person
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.fingerprint import fingerprint
from tests.support.workflows import Desk, workflow_settings

ADMIN = "xinfenglu.admin"  # township 130826001
VILLAGE = "130826001001"  # 花石社区, under it
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNTS = ("NEW", "CHANGED", "UNCHANGED", "ENDED")


@pytest.fixture
def settings() -> Settings:
    """No background tasks: the rate limiter's exchange would change the fingerprints."""
    return workflow_settings(background_tasks=False)


def _xlsx(sheet: Sheet, rows: Sequence[Mapping[str, Any]]) -> bytes:
    workbook = Workbook()
    page = workbook.active
    assert page is not None
    page.append([column.header for column in sheet.columns])
    for row in rows:
        page.append([row.get(column.header, "") for column in sheet.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _upload(
    desk: Desk,
    sheet: Sheet,
    rows: Sequence[Mapping[str, Any]],
    *,
    user: str = ADMIN,
    dry_run: bool = False,
) -> Any:
    return await desk.client.http.post(
        f"/imports/{sheet.name}" + ("?dryRun=true" if dry_run else ""),
        files={"file": (f"{sheet.name}.xlsx", _xlsx(sheet, rows), XLSX)},
        headers=await desk.as_user(user),
    )


async def _outcomes(desk: Desk, sheet: Sheet, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    response = await _upload(desk, sheet, rows)
    assert response.status_code == 200, response.text
    return [row["outcome"] for row in response.json()["rows"]]


async def _dry_run_writes_nothing(
    desk: Desk, url: str, sheet: Sheet, rows: Sequence[Mapping[str, Any]]
) -> None:
    before = await fingerprint(url)
    dry = await _upload(desk, sheet, rows, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json()["dryRun"] is True
    assert dry.json()["counts"] == dict.fromkeys(COUNTS, 0) | {"NEW": len(rows)}
    assert await fingerprint(url) == before


async def _rejected(
    desk: Desk, url: str, sheet: Sheet, rows: Sequence[Mapping[str, Any]], user: str = ADMIN
) -> list[dict[str, Any]]:
    before = await fingerprint(url)
    refused = await _upload(desk, sheet, rows, user=user)
    assert refused.status_code == 422, refused.text
    assert await fingerprint(url) == before
    errors: list[dict[str, Any]] = refused.json()["errors"]
    return errors


async def _read(url: str, statement: Any) -> list[Any]:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return list((await session.execute(statement)).all())
    finally:
        await engine.dispose()


@pytest.mark.parametrize("sheet", [CENTERS, FACILITIES, ORGANIZATIONS, MEDIATORS])
async def test_each_table_has_its_template(people_desk: Desk, sheet: Sheet) -> None:
    response = await people_desk.client.http.get(f"/imports/{sheet.name}/template.xlsx")
    assert response.status_code == 200
    first = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in first[1]] == [column.header for column in sheet.columns]


async def test_facilities(people_desk: Desk, people_database_url: str) -> None:
    url = people_database_url
    room = {
        "区划代码": VILLAGE,
        "名称": "导入心理咨询室",
        "类型": "心理咨询室",
        "启用日期": "2024-01-01",
    }
    library = {"区划代码": VILLAGE, "名称": "导入图书室", "类型": "图书室"}
    await _dry_run_writes_nothing(people_desk, url, FACILITIES, [room, library])
    assert await _outcomes(people_desk, FACILITIES, [room, library]) == ["NEW", "NEW"]
    assert await _outcomes(people_desk, FACILITIES, [room, library]) == ["UNCHANGED"] * 2

    moved = [room | {"类型": "调解室"}, library | {"关闭日期": "2025-06-30"}]
    assert await _outcomes(people_desk, FACILITIES, moved) == ["CHANGED", "ENDED"]
    assert await _outcomes(people_desk, FACILITIES, moved) == ["UNCHANGED"] * 2
    statement = select(ServiceFacility.name, ServiceFacility.kind, ServiceFacility.ended_on).where(
        ServiceFacility.name.startswith("导入")
    )
    assert sorted(await _read(url, statement)) == [
        ("导入图书室", FacilityKind.LIBRARY, dt.date(2025, 6, 30)),
        ("导入心理咨询室", FacilityKind.MEDIATION_ROOM, None),
    ]

    bad = [
        {"区划代码": VILLAGE, "名称": "导入文化站", "类型": "文化站"},
        {"区划代码": VILLAGE, "名称": "导入菜市场", "类型": "菜市场"},
        room | {"启用日期": "2099-01-01"},
    ]
    errors = await _rejected(people_desk, url, FACILITIES, bad)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "类型"), (4, "启用日期")]
    assert "unknown value '菜市场'" in errors[0]["message"]


async def test_organizations(people_desk: Desk, people_database_url: str) -> None:
    url = people_database_url
    team = {
        "村代码": VILLAGE, "名称": "导入志愿服务队", "类型": "志愿服务", "状态": "孵化中",
        "孵化基地代码": VILLAGE[:9], "成立日期": "2024-03-01",
    }  # fmt: skip
    choir = {"村代码": VILLAGE, "名称": "导入合唱团", "类型": "文体"}
    await _dry_run_writes_nothing(people_desk, url, ORGANIZATIONS, [team, choir])
    assert await _outcomes(people_desk, ORGANIZATIONS, [team, choir]) == ["NEW", "NEW"]
    assert await _outcomes(people_desk, ORGANIZATIONS, [team, choir]) == ["UNCHANGED"] * 2

    moved = [team | {"状态": "已登记"}, choir | {"注销日期": "2026-10-01"}]
    assert await _outcomes(people_desk, ORGANIZATIONS, moved) == ["CHANGED", "ENDED"]
    assert await _outcomes(people_desk, ORGANIZATIONS, moved) == ["UNCHANGED"] * 2
    statement = select(SocialOrganization.name, SocialOrganization.status).where(
        SocialOrganization.name.startswith("导入")
    )
    assert sorted(await _read(url, statement)) == [
        ("导入合唱团", OrganizationStatus.DISSOLVED),
        ("导入志愿服务队", OrganizationStatus.ACTIVE),
    ]

    bad = [team | {"孵化基地代码": "130826100"}, {"村代码": VILLAGE, "名称": "导入读书会"}]
    errors = await _rejected(people_desk, url, ORGANIZATIONS, bad)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "孵化基地代码"), (3, "类型")]


async def test_centers(people_desk: Desk, people_database_url: str) -> None:
    url = people_database_url
    with_center = select(GovernanceCenter.region_code)
    taken = {code for (code,) in await _read(url, with_center)}
    free = [f"{VILLAGE[:9]}{n:03d}" for n in range(1, 30)]
    villages = [code for code in free if code not in taken][:2]
    assert len(villages) == 2, "the demo leaves villages without a center"
    first, second = ({"区划代码": code, "名称": f"导入综治中心{code}"} for code in villages)
    first["成立日期"] = "2024-05-01"
    await _dry_run_writes_nothing(people_desk, url, CENTERS, [first, second])
    assert await _outcomes(people_desk, CENTERS, [first, second]) == ["NEW", "NEW"]
    assert await _outcomes(people_desk, CENTERS, [first, second]) == ["UNCHANGED"] * 2

    moved = [first | {"名称": "导入综治中心（新）"}, second | {"撤销日期": "2026-10-31"}]
    assert await _outcomes(people_desk, CENTERS, moved) == ["CHANGED", "ENDED"]
    assert await _outcomes(people_desk, CENTERS, moved) == ["UNCHANGED"] * 2
    statement = select(GovernanceCenter.name, GovernanceCenter.ended_on).where(
        GovernanceCenter.region_code.in_(villages)
    )
    assert set(await _read(url, statement)) == {
        ("导入综治中心（新）", None),
        (f"导入综治中心{villages[1]}", dt.date(2026, 10, 31)),
    }

    bad = [first, {"区划代码": "130826001999", "名称": "导入综治中心"}]
    errors = await _rejected(people_desk, url, CENTERS, bad)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "区划代码")]

    outside = await _rejected(people_desk, url, CENTERS, [first], user="dage.admin")
    assert outside == [
        {
            "row": 2,
            "column": "区划代码",
            "message": "You keep the records of your own region and the regions below it only.",
        }
    ]


async def test_mediators(people_desk: Desk, people_database_url: str) -> None:
    url = people_database_url
    serving = (
        select(Mediator.person_id)
        .join(MediationCommittee, MediationCommittee.id == Mediator.committee_id)
        .where(MediationCommittee.region_code == VILLAGE, Mediator.ended_on.is_(None))
    )
    residents = (
        select(Person.id_card_number, Person.name)
        .where(Person.region_code.startswith(VILLAGE), Person.ended_on.is_(None))
        .where(Person.id.not_in(serving))
        .order_by(Person.id)
        .limit(2)
    )
    (first_card, first_name), (second_card, second_name) = await _read(url, residents)
    first = {
        "区划代码": VILLAGE, "身份证号": first_card, "姓名": first_name, "职务": "委员",
        "专职": "否", "任职日期": "2024-01-01",
    }  # fmt: skip
    second = first | {
        "身份证号": second_card,
        "姓名": second_name,
        "专职": "是",
        "金牌调解员": "是",
    }
    await _dry_run_writes_nothing(people_desk, url, MEDIATORS, [first, second])
    assert await _outcomes(people_desk, MEDIATORS, [first, second]) == ["NEW", "NEW"]
    assert await _outcomes(people_desk, MEDIATORS, [first, second]) == ["UNCHANGED"] * 2

    moved = [first | {"职务": "副主任"}, second | {"离任日期": "2026-06-30"}]
    assert await _outcomes(people_desk, MEDIATORS, moved) == ["CHANGED", "ENDED"]
    assert await _outcomes(people_desk, MEDIATORS, moved) == ["UNCHANGED"] * 2
    statement = (
        select(Person.name, Mediator.role, Mediator.gold_medal, Mediator.ended_on)
        .join(Person, Person.id == Mediator.person_id)
        .where(Person.id_card_number.in_([first_card, second_card]))
    )
    assert sorted(await _read(url, statement)) == sorted(
        [
            (first_name, MediatorRole.VICE_CHAIR, False, None),
            (second_name, MediatorRole.MEMBER, True, dt.date(2026, 6, 30)),
        ]
    )

    bad = [first | {"职务": "委员"}, second | {"离任日期": "", "姓名": "不是此人"}]
    errors = await _rejected(people_desk, url, MEDIATORS, bad)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "姓名")]
    assert errors[0]["message"] == "differs from the roster's name for this ID number"
    stranger = first | {"身份证号": first_card}
    outside = await _rejected(people_desk, url, MEDIATORS, [stranger], user="dage.admin")
    assert [(e["row"], e["column"]) for e in outside] == [(2, "区划代码")]

    neighbour = select(Person.id_card_number, Person.name).where(
        Person.region_code.startswith("130826001002"), Person.ended_on.is_(None)
    )
    (card, name), *_ = await _read(url, neighbour.order_by(Person.id).limit(1))
    unseen = first | {"身份证号": card, "姓名": name}
    errors = await _rejected(people_desk, url, MEDIATORS, [unseen], user="huashi.admin")
    assert errors == [
        {"row": 2, "column": "身份证号", "message": "no person on the roster has this ID number"}
    ]
