"""Benchmarks (not timed tests): `grassroots bench ledger`."""
