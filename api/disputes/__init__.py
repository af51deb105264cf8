"""Dispute cases and mediation in GraphQL: register, sessions, outcomes, statistics."""
