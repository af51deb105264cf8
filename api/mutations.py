"""What every mutation shares: business refusals come back as data (``userErrors``).

A mutation takes one ``input`` and returns a payload holding the changed object (null when
refused) and ``userErrors``. Malformed requests (bad ids, limits) are GraphQL errors instead.
"""

from __future__ import annotations

import strawberry


@strawberry.type(
    description=(
        "Why a mutation was refused. Nothing was changed. `code` is stable (match on it); "
        "`message` is for people."
    )
)
class UserError:
    code: str = strawberry.field(
        description="Stable machine-readable reason, e.g. `ALREADY_ASSIGNED`; each mutation "
        "lists its codes."
    )
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase), or null if it concerns the whole input."
    )
    message: str = strawberry.field(description="Human-readable explanation (English).")
