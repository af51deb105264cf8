"""County → township → village/community → grid, keyed by official statistical codes."""
