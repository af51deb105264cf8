"""Villager self-governance: deliberation meetings and village-affairs disclosure (村务公开)."""
