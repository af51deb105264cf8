"""Mediation committees and mediators in GraphQL."""
