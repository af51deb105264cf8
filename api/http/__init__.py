"""The ASGI app: GraphQL over HTTP, health and readiness."""
