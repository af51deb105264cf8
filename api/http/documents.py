"""Persisted-document requests (GraphQL over HTTP, appendix "Persisted Documents"): a request
names ``documentId`` instead of sending ``query``, and runs the document registered under it
(``governance.documents``, ``grassroots documents register``).

``GRASSROOTS_TRUSTED_DOCUMENTS``: ``allow`` (the default) takes both; ``only`` refuses query
texts that are not registered, so a stranger can run nothing the frontends were not built
with, the strongest defence against hostile queries; ``off`` refuses ``documentId``. A
registered document's text is kept per process once looked up (registrations are never
changed, only added), and its parse and validation are kept apart from other texts'
(``api.extensions.documents``).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.extensions.documents import DOCUMENTS
from api.http.negotiation import GraphQLParams, RequestProblem
from governance import documents
from kit.database import session_scope

Mode = Literal["off", "allow", "only"]
# Bounded like the parsed documents: registrations come from staff, not from requests.
KEPT_MAX = 10_000
NOT_FOUND = "PERSISTED_DOCUMENT_NOT_FOUND"
REQUIRED = "PERSISTED_DOCUMENT_REQUIRED"
NOT_SUPPORTED = "PERSISTED_DOCUMENTS_NOT_SUPPORTED"


class TrustedDocuments:
    def __init__(self, mode: Mode, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.mode = mode
        self._sessions = sessions
        self._texts: dict[str, str] = {}

    async def resolve(self, params: GraphQLParams) -> GraphQLParams:
        """The request with the document it names in ``query``; refused (4xx) when it names
        none that is registered, or, under ``only``, sends a text that is not registered."""
        if params.document_id is not None:
            text = await self._registered(params.document_id)
            return dataclasses.replace(params, query=text)
        if self.mode == "only" and not await self._is_registered_text(params.query):
            message = (
                "This server runs registered documents only: send `documentId` "
                "(sha256:<hex of the document's SHA-256>) instead of `query`."
            )
            raise RequestProblem(403, message, code=REQUIRED)
        return params

    async def _registered(self, document_id: str) -> str:
        if self.mode == "off":
            message = "Persisted documents are off on this server: send `query`."
            raise RequestProblem(400, message, code=NOT_SUPPORTED)
        text = self._texts.get(document_id)
        if text is None:
            text = await self._look_up(document_id)
        if text is None:
            message = (
                f"No document is registered as `documentId` {document_id}: register the "
                "frontend's documents with `grassroots documents register`."
            )
            raise RequestProblem(400, message, code=NOT_FOUND)
        return text

    async def _is_registered_text(self, text: str) -> bool:
        """A query text sent in full runs under ``only`` if it is a registered document."""
        if DOCUMENTS.is_trusted(text):
            return True
        document_id = documents.document_id_of(text)
        return document_id in self._texts or await self._look_up(document_id) is not None

    async def _look_up(self, document_id: str) -> str | None:
        async with session_scope(self._sessions) as session:
            text = await documents.find(session, document_id)
        if text is not None and len(self._texts) < KEPT_MAX:
            self._texts[document_id] = text
            DOCUMENTS.trust(text)
        return text
