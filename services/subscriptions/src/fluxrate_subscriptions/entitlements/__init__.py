"""Entitlements: what a customer's plan unlocks, with quota left, and notices when a limit is reached."""
