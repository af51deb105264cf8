"""Social organizations incubated in villages and communities."""
