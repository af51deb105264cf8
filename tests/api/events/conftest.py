"""Fixtures of the grid-event tests (see ``tests.support.workflows``)."""

from tests.support.workflows import clock, desk, people_desk, settings

__all__ = ["clock", "desk", "people_desk", "settings"]
