"""Features: what a plan unlocks — a metered allowance, an on/off switch, or a custom value."""
