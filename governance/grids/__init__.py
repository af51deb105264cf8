"""Grid workers: who is assigned to each grid, in which role, with which duties (定格定人定责)."""
