"""The governance domain: regions, people, cases, the morality bank. Knows nothing of GraphQL."""
