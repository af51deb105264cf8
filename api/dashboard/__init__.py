"""The public /dashboard page: the plan's indicators by township, server-rendered."""
