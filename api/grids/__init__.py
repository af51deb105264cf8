"""Grid workers in GraphQL: who is responsible for which grid."""
