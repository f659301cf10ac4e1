"""Subscriptions: a customer on a plan, its periods and their ends, and the scheduler that passes them."""
