"""Customers: who an org bills, by its own external id, with sealed contact details."""
