"""The GraphQL API, the HTTP app and the command line: the top layer."""
