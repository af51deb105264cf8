"""What staff changed in the master data: one append-only record per change, with versions."""
