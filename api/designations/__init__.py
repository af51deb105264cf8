"""Region designations in GraphQL: 文明村镇, 民主法治示范村, government-service proxy."""
