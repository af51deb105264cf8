"""Authentication over HTTP: access tokens (JWT), sign-in mutations, rate limiting."""
