"""Limits of the indicator fields and their shared argument descriptions (which repeat them)."""

from __future__ import annotations

INDICATOR_KEYS_MAX = 50
INDICATOR_KEYS = (
    f"Only these indicator keys (at most {INDICATOR_KEYS_MAX}); null: all. Unknown: ignored."
)
AS_OF = "The day to compute for (posts, designations, insurance year); default today (UTC)."
