"""Fixtures of the roster-change tests (see ``tests.support.workflows``)."""

from tests.support.workflows import clock, people_desk, settings

__all__ = ["clock", "people_desk", "settings"]
