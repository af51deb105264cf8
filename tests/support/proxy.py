"""A TCP proxy in front of the test PostgreSQL that a test can cut and restore: an outage of
the database as the app sees it (every connection dropped, new ones refused), without
stopping the server the other tests share."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

from kit.embedded import socket_dir_of

POSTGRES_SOCKET = ".s.PGSQL.5432"
CHUNK_BYTES = 65536


class CuttableProxy:
    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path
        self.port = 0
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.WriteTransport] = set()

    async def restore(self) -> None:
        """Listen (again, on the same port)."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for transport in list(self._transports):
            transport.abort()  # both ends of every pipe: their copy loops end
        await asyncio.sleep(0)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_unix_connection(self.socket_path)
        ends = {writer.transport, upstream_writer.transport}
        self._transports |= ends
        try:
            await asyncio.gather(_copy(reader, upstream_writer), _copy(upstream_reader, writer))
        finally:
            for transport in ends:
                transport.abort()
            self._transports -= ends


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while chunk := await reader.read(CHUNK_BYTES):
            writer.write(chunk)
            await writer.drain()
        writer.write_eof()


@asynccontextmanager
async def proxied(database_url: str) -> AsyncIterator[tuple[CuttableProxy, str]]:
    """A proxy to the (Unix-socket) server of ``database_url``, and the URL through it."""
    socket_dir = socket_dir_of(database_url)
    assert socket_dir is not None, "the test server listens on a Unix socket"
    proxy = CuttableProxy(f"{socket_dir}/{POSTGRES_SOCKET}")
    await proxy.restore()
    parts = urlsplit(database_url)
    url = urlunsplit(parts._replace(netloc=f"postgres@127.0.0.1:{proxy.port}", query=""))
    try:
        yield proxy, url
    finally:
        with contextlib.suppress(AssertionError):
            await proxy.cut()
