"""``serve`` watches the embedded PostgreSQL and starts it again after a crash.

A thread in the serving process checks once a second that the postmaster is alive; when it is
gone (SIGKILL, ``pg_ctl stop -m immediate``, the OOM killer) it is started again on the same
socket, so the URL the workers hold stays valid and their pools reconnect on their own. A start
that fails (orphaned backends still hold the shared memory for a moment; recovery is slow) is
tried again after a doubling delay, capped. Each crash is logged once, with its restart.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from pathlib import Path

from kit.embedded import postmaster_pid, restart_embedded, server_log_tail

logger = logging.getLogger("grassroots.embedded")

CHECK_INTERVAL_SECONDS = 1.0
RESTART_BACKOFF_SECONDS_MIN = 0.5
RESTART_BACKOFF_SECONDS_MAX = 16.0


class EmbeddedSupervisor:
    def __init__(
        self, pgdata: Path, socket_dir: str, check_interval_seconds: float = CHECK_INTERVAL_SECONDS
    ) -> None:
        self.pgdata = pgdata
        self.socket_dir = socket_dir
        self.check_interval_seconds = check_interval_seconds
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="embedded-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (before stopping the server on purpose); waits for a restart under way."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        while not self._stopping.wait(self.check_interval_seconds):
            if postmaster_pid(self.pgdata) is None:
                self._bring_back()

    def _bring_back(self) -> None:
        """Start the server until it runs (or ``serve`` stops), waiting longer after each try."""
        crashed_at = time.monotonic()
        logger.warning("embedded PostgreSQL is not running (%s); restarting it", self.pgdata)
        backoff_seconds = RESTART_BACKOFF_SECONDS_MIN
        while not self._stopping.is_set():
            try:
                restart_embedded(self.pgdata, self.socket_dir, quiet=True)
            except (subprocess.SubprocessError, OSError):
                if postmaster_pid(self.pgdata) is not None:  # another process started it
                    break
                logger.warning(
                    "embedded PostgreSQL did not start (%s); next try in %.1f s",
                    server_log_tail(self.pgdata),
                    backoff_seconds,
                )
                self._stopping.wait(backoff_seconds)
                backoff_seconds = min(backoff_seconds * 2, RESTART_BACKOFF_SECONDS_MAX)
                continue
            self.restarts += 1
            seconds = time.monotonic() - crashed_at
            logger.warning("embedded PostgreSQL restarted after %.1f s", seconds)
            return
