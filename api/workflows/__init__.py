"""What the workflow APIs (events, disputes, petitions, deliberation) share."""
