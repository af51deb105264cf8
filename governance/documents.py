"""Trusted documents: the GraphQL operations a frontend was built with, stored by their document
identifier (the GraphQL-over-HTTP persisted-documents appendix: ``sha256:`` and the lower-case
hex SHA-256 of the document's UTF-8 text).

Registered by staff (``grassroots documents register``) from a ``.graphql`` file or a JSON
manifest ``{hash: document}`` as frontend build tools emit it; a request may then name
``documentId`` instead of sending ``query`` (``api.http.documents``). A hash that is not the
document's own is refused: an identifier always names exactly the text it was made from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String, Text, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kit.models import Base

PREFIX = "sha256:"
DOCUMENT_ID_PATTERN = re.compile(r"sha256:[0-9a-f]{64}")
DOCUMENT_ID_LENGTH = len(PREFIX) + 64
# A manifest's keys: the bare hex (Apollo, GraphQL Codegen's client preset) or the full id.
MANIFEST_KEY_PATTERN = re.compile(r"(sha256:)?[0-9a-f]{64}")
DOCUMENT_BYTES_MAX = 100_000
DOCUMENTS_PER_REGISTRATION_MAX = 10_000


class TrustedDocument(Base):
    """A registered GraphQL document (migration 0027)."""

    __tablename__ = "trusted_documents"
    __table_args__ = (CheckConstraint("document_id ~ '^sha256:[0-9a-f]{64}$'", name="sha256"),)

    document_id: Mapped[str] = mapped_column(
        String(DOCUMENT_ID_LENGTH),
        primary_key=True,
        comment="sha256:<64 lower-case hex digits> of the document's UTF-8 text",
    )
    document: Mapped[str] = mapped_column(Text, comment="The GraphQL document's text")
    registered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class DocumentProblem(ValueError):
    """A document or manifest entry that cannot be registered, and why."""


@dataclass(frozen=True, slots=True)
class Registered:
    document_id: str
    new: bool


def document_id_of(document: str) -> str:
    return PREFIX + hashlib.sha256(document.encode()).hexdigest()


def from_manifest(manifest: Mapping[str, object]) -> dict[str, str]:
    """The documents of a ``{hash: document}`` manifest by identifier, each hash checked."""
    documents: dict[str, str] = {}
    for key, document in manifest.items():
        if not MANIFEST_KEY_PATTERN.fullmatch(key) or not isinstance(document, str):
            raise DocumentProblem(f'{key!r}: entries are "<sha256 hex>": "<document>".')
        document_id = key if key.startswith(PREFIX) else PREFIX + key
        if document_id_of(document) != document_id:
            raise DocumentProblem(f"{key}: not the SHA-256 of its document's UTF-8 text.")
        documents[document_id] = document
    return documents


def check_sizes(documents: Mapping[str, str]) -> None:
    if len(documents) > DOCUMENTS_PER_REGISTRATION_MAX:
        raise DocumentProblem(f"At most {DOCUMENTS_PER_REGISTRATION_MAX} documents at once.")
    for document_id, document in documents.items():
        if len(document.encode()) > DOCUMENT_BYTES_MAX:
            raise DocumentProblem(f"{document_id}: longer than {DOCUMENT_BYTES_MAX} bytes.")


async def register(session: AsyncSession, documents: Mapping[str, str]) -> list[Registered]:
    """Store ``documents`` (by identifier, each already checked); those known stay as they are."""
    check_sizes(documents)
    for document_id, document in documents.items():
        assert document_id_of(document) == document_id, "identifiers are checked by the caller"
    if not documents:
        return []
    rows = [{"document_id": key, "document": text} for key, text in documents.items()]
    statement = insert(TrustedDocument).values(rows).on_conflict_do_nothing()
    added = await session.execute(statement.returning(TrustedDocument.document_id))
    new = set(added.scalars())
    return [Registered(document_id, document_id in new) for document_id in documents]


async def find(session: AsyncSession, document_id: str) -> str | None:
    statement = select(TrustedDocument.document).where(TrustedDocument.document_id == document_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def listed(session: AsyncSession) -> Sequence[TrustedDocument]:
    statement = select(TrustedDocument).order_by(TrustedDocument.registered_at, "document_id")
    return (await session.execute(statement)).scalars().all()
