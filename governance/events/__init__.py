"""Grid events (事件): reported in a grid, handled and escalated level by level, with a timeline."""
