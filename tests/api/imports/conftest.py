"""Fixtures of the master-table import tests (see ``tests.support.workflows``)."""

from tests.support.workflows import clock, desk, people_desk, settings

__all__ = ["clock", "desk", "people_desk", "settings"]
