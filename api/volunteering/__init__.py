"""GraphQL of volunteer service: activities, sign-ups, confirmation, records, certificates."""
