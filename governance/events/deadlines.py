"""How long each level has to resolve an event: county rules over built-in defaults.

Urgent categories (safety hazards, public security, epidemics) get shorter defaults. A county
administrator overrides any (category, level) pair with ``setGridEventDeadline``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from governance.events.models import EventCategory
from governance.workflows.common import Level

DEFAULT_HOURS_BY_LEVEL = {
    Level.GRID: 72,
    Level.VILLAGE: 120,
    Level.TOWNSHIP: 168,
    Level.COUNTY: 360,
}
URGENT_HOURS_BY_LEVEL = {
    Level.GRID: 24,
    Level.VILLAGE: 48,
    Level.TOWNSHIP: 72,
    Level.COUNTY: 168,
}
URGENT_CATEGORIES = frozenset(
    {EventCategory.SAFETY_HAZARD, EventCategory.PUBLIC_SECURITY, EventCategory.EPIDEMIC}
)

RuleKey = tuple[str, EventCategory, Level]


def default_hours(category: EventCategory, level: Level) -> int:
    table = URGENT_HOURS_BY_LEVEL if category in URGENT_CATEGORIES else DEFAULT_HOURS_BY_LEVEL
    return table[level]


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """Rules read from ``event_deadline_rules`` (county, category, level) → hours."""

    hours_by_key: Mapping[RuleKey, int]

    def hours(self, county_code: str, category: EventCategory, level: Level) -> int:
        found = self.hours_by_key.get((county_code, category, level))
        return found if found is not None else default_hours(category, level)
