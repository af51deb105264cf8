"""Every governance table, imported in one place so Alembic sees the whole metadata."""

from governance.access.models import (
    AuditEntry,
    AuthSession,
    PersonalDataAccess,
    RefreshToken,
    RoleGrant,
    User,
)
from governance.regions.models import Region

__all__ = [
    "AuditEntry",
    "AuthSession",
    "PersonalDataAccess",
    "RefreshToken",
    "Region",
    "RoleGrant",
    "User",
]
