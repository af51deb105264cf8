"""Failed sign-ins per attempted username, in process memory: what ``sign_in`` answers from.

The database counts failures per account (and enforces the delay on it); but only existing
accounts have a row, so answering from it told real usernames apart: from the 4th failure a
real one answered "too many attempts" and an unknown one "wrong username or password". Here
every attempted name, existing or not, counts the same way under the same policy, and the
answer (``SignInDelayed`` or not) depends only on this count. Locking out a real user is no
easier than before: the database's count and delay are unchanged.

Per process and bounded (least recently seen forgotten first): with several API processes a
name's failures are split between them, which changes how soon a delay shows but still not
whether the account exists.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from governance.access.errors import SignInDelayed
from governance.access.policy import SignInPolicy


@dataclass(slots=True)
class _Failures:
    count: int
    retry_at: datetime | None


@dataclass
class AttemptedUsernames:
    policy: SignInPolicy
    keys_max: int
    _failures: OrderedDict[str, _Failures] = field(default_factory=OrderedDict, init=False)

    def __post_init__(self) -> None:
        assert self.keys_max >= 1

    def check(self, username: str, now: datetime) -> None:
        """Raise ``SignInDelayed`` while ``username``'s recent failures impose a wait."""
        failures = self._failures.get(username)
        if failures is not None and failures.retry_at is not None and failures.retry_at > now:
            raise SignInDelayed(failures.retry_at, locked=self.policy.is_lockout(failures.count))

    def failed(self, username: str, now: datetime) -> None:
        failures = self._failures.pop(username, None) or _Failures(0, None)
        failures.count += 1
        delay = self.policy.delay_after(failures.count)
        failures.retry_at = now + delay if delay else None
        self._failures[username] = failures
        if len(self._failures) > self.keys_max:
            self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        self._failures.pop(username, None)
