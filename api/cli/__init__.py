"""The ``grassroots`` command line (typer + rich)."""
