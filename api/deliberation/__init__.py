"""Deliberation meetings and village-affairs disclosure in GraphQL."""
