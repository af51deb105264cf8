"""Service facilities, service posts and insurance participation in GraphQL."""
