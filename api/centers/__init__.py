"""Comprehensive governance centers (综治中心) in GraphQL."""
