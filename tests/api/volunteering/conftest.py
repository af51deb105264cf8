"""Volunteering runs over the same fixtures as the bank: demo, clock, demo users."""

from tests.api.bank.conftest import bank_client, clock, settings, users

__all__ = ["bank_client", "clock", "settings", "users"]
