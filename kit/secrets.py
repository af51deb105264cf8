"""The token-signing secret: from settings, or (outside production) generated once and kept.

Every API process of one deployment must share the secret, so production requires
``GRASSROOTS_JWT_SECRET``. A development machine gets a random secret written to
``data_dir/jwt-secret`` (mode 0600) by whichever process starts first.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from kit.settings import Settings

SECRET_BYTES_MIN = 32
SECRET_FILE_NAME = "jwt-secret"  # noqa: S105 (a file name)


class MissingSecret(RuntimeError):
    """Production without a configured secret: refuse to start rather than sign with a guess."""


def jwt_secret(settings: Settings) -> bytes:
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value().encode()
        if len(secret) < SECRET_BYTES_MIN:
            raise MissingSecret(f"GRASSROOTS_JWT_SECRET must be at least {SECRET_BYTES_MIN} bytes")
        return secret
    if settings.production:
        raise MissingSecret("GRASSROOTS_JWT_SECRET is required when GRASSROOTS_PRODUCTION=1")
    return _persisted_secret(settings.data_dir / SECRET_FILE_NAME)


def _persisted_secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _publish_new_secret(path)
    secret = path.read_bytes().strip()
    assert len(secret) >= SECRET_BYTES_MIN, f"{path} is too short; delete it to regenerate"
    return secret


def _publish_new_secret(path: Path) -> None:
    """Write a complete secret to a private file, then link it into place.

    ``os.link`` fails if the name exists, so when several workers start at once exactly one
    secret wins and nobody reads a half-written file.
    """
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_hex(SECRET_BYTES_MIN).encode())
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink(missing_ok=True)
