"""People's mediation committees and their mediators (cases come later)."""
