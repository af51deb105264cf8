"""Answers to anonymous queries, kept per process and served before GraphQL execution.

Public data (the region tree, designations, indicators, notice boards…) is read by many and
changes rarely, and what an anonymous viewer sees is the same for everyone. So the answer to an
anonymous query is kept under its text, variables, operation name and media type, with the
*data version* it was computed at, and served again while the version is unchanged.

The data version (``governance.data_versions``) moves when, and only when, a transaction that
wrote a table an anonymous answer may read commits, whatever wrote it (this process, another
worker, a command, psql), so a write shows in the very next read, while writes no anonymous
answer can see (sign-ins, sessions, logs, the rate limit's sync) leave kept answers alone; a
read costs one small statement instead of the query's work. An answer is kept only if the
version was the same before and after it was computed (no public write committed in between:
every statement saw the same public data), if it has no errors, was a query (never a mutation:
sign-in is anonymous too), unmasked no personal data and did not read the clock
(an answer that depends on the time may change without any write). An answer that read no
data at all (``{ __typename }``) is kept as true at every version and served without asking.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from api.http.negotiation import GraphQLParams
from governance.data_versions import VERSION_SQL
from kit.clock import Clock
from kit.driver import fetch_value_outside_transaction

# The version of an answer that read no data at all, true at every version.
CONSTANT = ""
ANSWERS_BYTES_MAX = 32 * 1024 * 1024
ANSWER_BYTES_MAX = 1024 * 1024
# Shared caches may keep a public answer but must ask again each time (ETag, 304): a write
# must show in the next read.
PUBLIC_CACHE_CONTROL = "public, no-cache"

Key = tuple[str, str, str | None, str]


@dataclass(frozen=True, slots=True)
class Answer:
    version: str
    content: bytes
    media_type: str
    etag: str


class WatchedClock:
    """The request's clock, noting whether anything read it."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.read = False

    def now(self) -> dt.datetime:
        self.read = True
        return self._clock.now()


def answer_key(params: GraphQLParams, media_type: str) -> Key | None:
    """The cache key of a request, or None when its variables cannot be keyed."""
    try:
        variables = json.dumps(params.variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return (params.query or "", variables, params.operation_name, media_type)


@lru_cache(maxsize=1_000)
def is_query(query: str, operation_name: str | None) -> bool:
    """Whether the operation a request runs is a query (parsed once per distinct text)."""
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation == OperationType.QUERY


class PublicAnswers:
    """A bounded LRU of answers, one version per key (the latest computed)."""

    def __init__(self, engine: AsyncEngine, bytes_max: int = ANSWERS_BYTES_MAX) -> None:
        self._engine = engine
        self._bytes_max = bytes_max
        self._bytes = 0
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._pending: asyncio.Future[str] | None = None
        self._making: dict[tuple[Key, str], asyncio.Future[None]] = {}

    async def version(self) -> str:
        """The database's data version now, read after this call began.

        Concurrent callers share a read not yet sent (every one of them arrived before its
        statement left, so it is fresh for all): under load one statement serves many requests
        instead of each taking a pooled connection."""
        pending = self._pending
        if pending is None:
            pending = self._pending = asyncio.ensure_future(self._read())
        return await asyncio.shield(pending)

    async def _read(self) -> str:
        """One statement on a pooled connection, no transaction (``kit.driver``)."""
        self._pending = None  # who comes from now on needs a read sent after they came
        return str(await fetch_value_outside_transaction(self._engine, VERSION_SQL))

    def get(self, key: Key, version: str) -> Answer | None:
        answer = self._answers.get(key)
        if answer is None or answer.version != version:
            return None
        self._answers.move_to_end(key)
        return answer

    async def keep(self, key: Key, version: str, content: bytes, media_type: str) -> Answer | None:
        """Keep an answer computed from ``version`` if the data is still at that version (no
        commit while it was computed), and return it."""
        if len(content) > ANSWER_BYTES_MAX:
            return None
        if version != CONSTANT and await self.version() != version:
            return None
        answer = Answer(version, content, media_type, etag_of(content))
        self._forget(key)
        self._answers[key] = answer
        self._bytes += _size(key, answer)
        while self._bytes > self._bytes_max:
            self._forget(next(iter(self._answers)))
        return answer

    @contextmanager
    def making(self, key: Key, version: str) -> Iterator[None]:
        """Mark the answer to ``key`` at ``version`` as being computed until the block ends;
        ``being_made`` hands others the signal to look again."""
        signal: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        slot = (key, version)
        self._making.setdefault(slot, signal)
        try:
            yield
        finally:
            if self._making.get(slot) is signal:
                del self._making[slot]
            signal.set_result(None)

    def being_made(self, key: Key, version: str) -> asyncio.Future[None] | None:
        return self._making.get((key, version))

    def _forget(self, key: Key) -> None:
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= _size(key, old)


def _size(key: Key, answer: Answer) -> int:
    """What an entry holds: its answer and its key (a query text may be large too)."""
    return len(answer.content) + len(key[0]) + len(key[1])


def etag_of(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags
