"""The volunteer board's filter (no object types: importable anywhere)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from api.volunteering.types import ActivityCategory
from governance.volunteering import models as m
from governance.volunteering.repository import ActivityFilter
from kit.clock import day_start


@strawberry.input(description="Which activities to list. All fields are optional (AND).")
class VolunteerActivityFilter:
    under_region: str | None = strawberry.field(
        default=None, description="Only activities in villages at or below this region code."
    )
    category: ActivityCategory | None = strawberry.field(
        default=None, description="Only this kind of service."
    )
    starts_on_or_after: dt.date | None = strawberry.field(
        default=None, description="Only activities starting on this day or later (China time)."
    )
    starts_on_or_before: dt.date | None = strawberry.field(
        default=None, description="Only activities starting on this day or earlier (China time)."
    )
    open_seats: bool = strawberry.field(
        default=False, description="Only activities with seats left (sign-ups below capacity)."
    )

    def to_domain(self) -> ActivityFilter:
        after, before = self.starts_on_or_after, self.starts_on_or_before
        return ActivityFilter(
            under_region=self.under_region,
            category=m.ActivityCategory[self.category.name] if self.category else None,
            # The first day's start lies before the first instant the driver sends: no bound.
            starts_from=day_start(after) if after and after > dt.date.min else None,
            # The day after (the largest date has none: then no bound).
            starts_before=day_start(before + dt.timedelta(days=1))
            if before and before < dt.date.max
            else None,
            open_seats=self.open_seats,
        )


@strawberry.input(description="Which certificates to list. All fields are optional (AND).")
class VolunteerCertificateFilter:
    person_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only this volunteer's (a Person)."
    )
    under_region: str | None = strawberry.field(
        default=None, description="Only volunteers living at or below this region code."
    )
