"""GraphQL types of the till: a household as the cashier finds it, and the day-end report."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from api.bank.types import PointsAccount
from api.common import Region, region_by_code
from api.context import Info
from api.people.enums import RelationToHead
from api.supermarkets.types import Receipt
from governance.regions.codes import RegionLevel, ancestor
from governance.supermarkets import day_report as reports
from governance.supermarkets import till


@strawberry.input(
    description="What the household brings to the till: give exactly one key (else a "
    "`BAD_USER_INPUT` error)."
)
class TillSearchInput:
    household_number: str | None = strawberry.field(
        default=None, description="The household number (户号), exactly."
    )
    head_name: str | None = strawberry.field(
        default=None, description="The full name of the head of the household (户主), exactly."
    )
    id_card_last4: str | None = strawberry.field(
        default=None,
        description="The last 4 characters of any member's ID-card number (3 digits and a "
        "digit or X).",
    )

    def to_domain(self) -> till.TillSearch:
        return till.parse_search(
            household_number=self.household_number,
            head_name=self.head_name,
            id_card_last4=self.id_card_last4,
        )


@strawberry.type(description="A member of a household as the till shows them: masked.")
class TillMember:
    name: str = strawberry.field(description="Name, masked as on public lists: 王*明.")
    relation_to_head: RelationToHead = strawberry.field(description="Relation to the head.")
    id_card_number: str = strawberry.field(
        description="ID-card number, masked: `130826********1234` (the last 4 shown)."
    )

    @classmethod
    def from_view(cls, member: till.TillMember) -> TillMember:
        return cls(
            name=member.masked_name,
            relation_to_head=RelationToHead(member.relation_to_head),
            id_card_number=member.masked_id_card_number,
        )


@strawberry.type(
    description="A household a supermarket serves, found at its till: what a sale needs."
)
class TillHousehold:
    number: str = strawberry.field(description="Household number (户号).")
    members: list[TillMember] = strawberry.field(description="Its members, head first, masked.")
    recent_receipts: list[Receipt] = strawberry.field(
        description=f"Its newest receipts at this supermarket, newest first (at most "
        f"{till.RECENT_RECEIPTS_MAX})."
    )
    region_code: strawberry.Private[str]
    holder_ids: strawberry.Private[list[int]]

    @classmethod
    def from_view(cls, found: till.TillHousehold) -> TillHousehold:
        return cls(
            number=found.number,
            members=[TillMember.from_view(member) for member in found.members],
            recent_receipts=[Receipt.from_view(view) for view in found.recent_receipts],
            region_code=found.region_code,
            holder_ids=found.holder_ids,
        )

    @strawberry.field(description="The village or community it lives in.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, ancestor(self.region_code, RegionLevel.VILLAGE))

    @strawberry.field(
        description="Its points accounts (the household's, and its members' under schemes held "
        "by persons), by scheme: available and pending points as `pointsAccount` reads them. "
        "Pay with one in `redeemPoints`."
    )
    async def accounts(self, info: Info) -> list[PointsAccount]:
        found = await info.context.loaders.bank.accounts.load_many(self.holder_ids)
        return [PointsAccount.from_balance(row) for row in found if row]


@strawberry.type(description="Sales and returns counted together.")
class TillTally:
    sales_count: int = strawberry.field(description="Receipts written.")
    sales_points: int = strawberry.field(description="Points paid on them.")
    returns_count: int = strawberry.field(description="Returns made (of receipts of any day).")
    returns_points: int = strawberry.field(description="Points given back by them.")
    net_points: int = strawberry.field(description="Points taken: sales less returns.")

    @classmethod
    def from_tally(cls, tally: reports.Tally) -> TillTally:
        return cls(
            sales_count=tally.sales_count, sales_points=tally.sales_points,
            returns_count=tally.returns_count, returns_points=tally.returns_points,
            net_points=tally.net_points,
        )  # fmt: skip


@strawberry.type(description="One goods' movement over the day.")
class GoodsDayLine:
    goods_id: relay.GlobalID = strawberry.field(description="The Goods.")
    name: str = strawberry.field(description="Its name.")
    unit_label: str = strawberry.field(description="Unit counted.")
    sold_quantity: int = strawberry.field(description="Items sold.")
    returned_quantity: int = strawberry.field(description="Items brought back.")
    net_quantity: int = strawberry.field(description="Goods out: sold less brought back.")
    sold_points: int = strawberry.field(description="Points of the items sold.")
    returned_points: int = strawberry.field(description="Points given back for them.")


@strawberry.type(description="What one cashier did over the day.")
class CashierDayLine:
    username: str = strawberry.field(description="The cashier's account.")
    display_name: str = strawberry.field(description="Their name.")
    tally: TillTally = strawberry.field(description="Their sales and returns.")


@strawberry.type(
    description="The day-end report (日结) of a supermarket for one county day (00:00–24:00 "
    "China Standard Time)."
)
class SupermarketDayReport:
    day: dt.date = strawberry.field(description="The county day.")
    totals: TillTally = strawberry.field(description="The whole till.")
    goods: list[GoodsDayLine] = strawberry.field(description="Goods out, by goods.")
    cashiers: list[CashierDayLine] = strawberry.field(description="Per cashier, by username.")
    download_path: str = strawberry.field(
        description="The printable .xlsx (A4; send the same bearer token)."
    )

    @classmethod
    def from_report(cls, report: reports.DayReport) -> SupermarketDayReport:
        goods = [
            GoodsDayLine(
                goods_id=relay.GlobalID("Goods", str(line.goods_id)), name=line.name,
                unit_label=line.unit_label, sold_quantity=line.sold_quantity,
                returned_quantity=line.returned_quantity, net_quantity=line.net_quantity,
                sold_points=line.sold_points, returned_points=line.returned_points,
            )
            for line in report.goods
        ]  # fmt: skip
        cashiers = [
            CashierDayLine(username=c.username, display_name=c.display_name,
                           tally=TillTally.from_tally(c.tally))
            for c in report.cashiers
        ]  # fmt: skip
        return cls(
            day=report.day, totals=TillTally.from_tally(report.totals), goods=goods,
            cashiers=cashiers, download_path=day_report_path(report.supermarket_id, report.day),
        )  # fmt: skip


def day_report_path(supermarket_id: int, day: dt.date) -> str:
    return f"/exports/supermarkets/{supermarket_id}/day-reports/{day.isoformat()}.xlsx"
