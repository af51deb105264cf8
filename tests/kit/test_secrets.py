"""Goal: the signing secret comes from settings; production refuses to start without one;
development generates one secret per data directory and keeps it across restarts.

Method: `jwt_secret` over temporary data directories, including many concurrent first starts.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import SecretStr

from kit.secrets import SECRET_BYTES_MIN, SECRET_FILE_NAME, MissingSecret, jwt_secret
from kit.settings import Settings


def test_configured_secret_wins(tmp_path: Path) -> None:
    secret = "s" * SECRET_BYTES_MIN
    settings = Settings(jwt_secret=SecretStr(secret), data_dir=tmp_path, production=True)
    assert jwt_secret(settings) == secret.encode()
    assert not (tmp_path / SECRET_FILE_NAME).exists()


def test_short_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingSecret):
        jwt_secret(Settings(jwt_secret=SecretStr("short"), data_dir=tmp_path))


def test_production_requires_a_secret(tmp_path: Path) -> None:
    with pytest.raises(MissingSecret):
        jwt_secret(Settings(production=True, data_dir=tmp_path))


def test_development_secret_is_generated_once_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "state")
    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets = set(pool.map(lambda _: jwt_secret(settings), range(16)))
    assert len(secrets) == 1
    (secret,) = secrets
    assert len(secret) >= SECRET_BYTES_MIN
    path = tmp_path / "state" / SECRET_FILE_NAME
    assert path.stat().st_mode & 0o077 == 0
    assert jwt_secret(settings) == secret
    assert [p.name for p in path.parent.iterdir()] == [SECRET_FILE_NAME]
