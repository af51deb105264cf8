"""The county plan's targets as indicators computed from the records, and their snapshots."""
