"""Meters: what usage to measure, which event property to read, how to aggregate it."""
