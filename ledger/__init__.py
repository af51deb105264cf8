"""The double-entry points ledger. Knows nothing of GraphQL or of governance."""
