"""GraphQL over the plan's indicators."""
