"""Social organizations in GraphQL."""
