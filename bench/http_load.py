"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams.

Cheap per request (pre-encoded bytes, no HTTP library), so on a 2-core machine the server, not
the client, is what gets measured. Each connection sends requests back to back.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HEADER_END = b"\r\n\r\n"


@dataclass
class LoadResult:
    requests: int = 0
    failures: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def post_request(host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(HEADER_END)
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


async def _connection(
    host: str,
    port: int,
    next_request: Callable[[], bytes | None],
    result: LoadResult,
    check: Callable[[int, bytes], bool],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (request := next_request()) is not None:
            started = time.perf_counter()
            writer.write(request)
            status, body = await _read_response(reader)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.requests += 1
            if not check(status, body):
                result.failures += 1
    finally:
        writer.close()


async def run_load(
    host: str,
    port: int,
    make_request: Callable[[int], bytes],
    *,
    connections: int,
    requests_total: int | None = None,
    seconds: float | None = None,
    check: Callable[[int, bytes], bool] = lambda status, _body: status == 200,
) -> LoadResult:
    """Send ``requests_total`` requests over ``connections``, or as many as ``seconds`` allow
    (no new request after the deadline); ``make_request(n)`` is the n-th."""
    if (requests_total is None) == (seconds is None):
        raise ValueError("give exactly one of requests_total and seconds")
    result = LoadResult()
    counter = itertools.count() if requests_total is None else iter(range(requests_total))
    started = time.perf_counter()
    deadline = started + seconds if seconds is not None else None

    def next_request() -> bytes | None:
        if deadline is not None and time.perf_counter() >= deadline:
            return None
        number = next(counter, None)
        return None if number is None else make_request(number)

    await asyncio.gather(
        *(_connection(host, port, next_request, result, check) for _ in range(connections))
    )
    result.seconds = time.perf_counter() - started
    return result
