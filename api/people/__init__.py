"""Residents and households in GraphQL."""
