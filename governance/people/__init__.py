"""Residents and households: who lives where, tagged for the services they need."""
