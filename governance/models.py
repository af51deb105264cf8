"""Every governance table, imported in one place so Alembic sees the whole metadata."""

from governance.regions.models import Region

__all__ = ["Region"]
