"""Ledger tables (accounts, transfers). Filled in by the ledger-core work."""
