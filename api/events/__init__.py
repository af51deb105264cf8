"""Grid events in GraphQL: report, step through the workflow, escalate, list what is late."""
