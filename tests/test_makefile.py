"""Goal: `make` finds a Python of at least 3.11 or says in one line that there is none, and a
`.venv` left by an older Python (or a failed install) is rebuilt instead of failing forever.

Method: GNU make on the project's Makefile with the venv moved to a temporary folder (`VENV=`),
fake interpreters that answer like Python 3.10, a PATH holding nothing newer; `make -n` shows
what would run without installing anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "make"
OLD_PYTHON = '#!/bin/sh\necho "Python 3.10.12"\nexit 1\n'


def _fake_python(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OLD_PYTHON)
    path.chmod(0o755)
    return path


def make(*arguments: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment.pop("PYTHON", None)
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(
        [MAKE, "-C", str(PROJECT), *arguments], env=environment, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip


def _error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "make: Leaving" not in line]


def test_an_old_python_is_named_in_one_line(tmp_path: Path) -> None:
    python = _fake_python(tmp_path / "bin" / "python3.10")
    result = make("-n", "venv", f"VENV={tmp_path / 'venv'}", f"PYTHON={python}")
    assert result.returncode != 0
    [line] = _error_lines(result)
    assert f"grassroots needs Python >= 3.11: {python} is Python 3.10.12" in line
    assert "make PYTHON=/path/to/python3.11" in line


def test_no_recent_python_on_the_path_is_one_line(tmp_path: Path) -> None:
    bin_folder = tmp_path / "bin"
    _fake_python(bin_folder / "python3")
    (bin_folder / "rm").symlink_to(shutil.which("rm") or "/bin/rm")
    result = make("-n", "venv", f"VENV={tmp_path / 'venv'}", path=str(bin_folder))
    assert result.returncode != 0
    [line] = _error_lines(result)
    assert "python3 is Python 3.10.12 and none of python3.13 python3.12 python3.11" in line


def test_a_venv_of_an_old_python_is_rebuilt(tmp_path: Path) -> None:
    """Even marked installed (newer than pyproject.toml), a venv whose python is too old is
    removed and made again with a recent one."""
    venv = tmp_path / "venv"
    _fake_python(venv / "bin" / "python")
    (venv / ".installed").touch()
    result = make("-n", "venv", f"VENV={venv}")
    assert result.returncode == 0, result.stderr
    assert f"rm -rf {venv}" in result.stdout
    assert "-m venv" in result.stdout
    assert "pip install" in result.stdout
    assert not (venv / ".installed").exists()
