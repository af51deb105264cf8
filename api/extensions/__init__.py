"""Schema extensions: one module per extension."""
