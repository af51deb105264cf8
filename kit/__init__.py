"""Shared infrastructure below every layer: settings, the database engine, the embedded server."""
