"""The top command group: operator errors as one line on stderr and exit status 2.

A known operating condition (``kit.operator_errors.OperatorError``: a database that cannot be
reached or does not exist, a data directory PostgreSQL cannot use, a port in use) is not a bug:
the operator gets one line saying what was looked at and what to do, not a traceback. The
global ``--debug`` option shows the traceback instead.
"""

from __future__ import annotations

import logging
from typing import Any

import typer
from typer.core import TyperGroup

from kit.operator_errors import OperatorError

OPERATOR_ERROR_EXIT_CODE = 2
DEBUG_KEY = "grassroots.debug"


class CommandGroup(TyperGroup):
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except OperatorError as error:
            if ctx.meta.get(DEBUG_KEY):
                raise
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=OPERATOR_ERROR_EXIT_CODE) from None


def set_debug(ctx: typer.Context, debug: bool) -> None:
    """Remember ``--debug`` for ``CommandGroup``. Without it pgserver's own log is silenced: it
    logs a failed start as pages of ERROR, which ``kit.embedded`` reports in one line."""
    ctx.meta[DEBUG_KEY] = debug
    if not debug:
        logging.getLogger("pgserver").setLevel(logging.CRITICAL)
