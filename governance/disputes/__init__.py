"""Dispute cases under people's mediation (矛盾纠纷多元化解): parties, sessions, outcomes."""
