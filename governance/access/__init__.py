"""Who may do what, where: users, scoped roles, sessions, personal-data and audit logs."""
