"""Petitions (信访) in GraphQL: matters, visits, deadlines, hearings, reception days."""
