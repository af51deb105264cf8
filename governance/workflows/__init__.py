"""What every governance workflow shares: refusals, levels, who may act, the timeline columns."""
