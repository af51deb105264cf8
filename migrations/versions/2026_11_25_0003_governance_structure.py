"""governance structure: people, grids, centers, facilities, organizations, mediation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

A placeholder on the ``auth`` branch so the chain reaches 0004; the governance work owns the
real file and replaces this one at merge.
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
